import type { Page } from '@playwright/test';
import { CRITERIA_QUESTIONS } from '../../src/lib/domain/notification/notification-options';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { Api, seedOneOfEverything } from './support/seed';
import {
	activate,
	chooseRadio,
	learnDateOrder,
	tick,
	typeDate,
	typeInto
} from './support/keyboard';
import { countRows } from './support/app-server';
import { E2E_DATABASE_FILE } from '../../playwright.config';
import {
	DEMO_PASSWORD,
	PERSONAS,
	expect,
	expectAccessible,
	passDeviceLock,
	test,
	type Persona
} from './fixtures';

// The practitioner's notification and the agency's short report, from signing in to the
// receipt, with the keyboard alone: Tab, Shift-free, the arrow keys, Space and Enter. No click,
// no fill: each field is reached by Tab in page order and typed into (WCAG 2.1.1, 2.4.3, 2.4.7).

async function signInByKeyboard(page: Page, persona: Persona) {
	await page.goto('/sign-in');
	await learnDateOrder(page);
	await typeInto(page, '#email', PERSONAS[persona].email);
	await typeInto(page, '#password', DEMO_PASSWORD);
	await page.keyboard.press('Enter');
	// The practitioner sets the device's passcode next, by keyboard too.
	if (persona === 'practitioner' || persona === 'agency') await passDeviceLock(page, { typeInto });
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

test("the practitioner's notification, by keyboard alone", async ({ page }) => {
	test.setTimeout(3 * 60_000);
	const before = await countRows(E2E_DATABASE_FILE, 'SELECT count(*) FROM notifications');
	await signInByKeyboard(page, 'practitioner');
	await expect(page.getByRole('heading', { name: 'My notifications' })).toBeVisible();
	await activate(page, 'Start a new notification');
	// The form builds a section per frame: wait for its last one.
	await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();

	await typeInto(page, '#notifier-name', 'Kim Keyboard');
	await typeInto(page, '#notifier-role', 'School nurse');
	await typeInto(page, '#notifier-agency', 'Harrogate District NHS Foundation Trust');
	await typeInto(page, '#notifier-phone', '01632 960 002');
	await typeInto(page, '#notifier-email', 'kim@example.org');
	await typeDate(page, '#awareOn', '2026-11-20');
	await chooseRadio(page, 'incidentType', 'serious_harm');
	await chooseRadio(page, 'incidentDateKnown', 'yes');
	await typeDate(page, '#incidentDate', '2026-11-19');
	await typeInto(page, '#location', 'Ripon');
	await chooseRadio(page, 'legalStatus', 'child_in_need');
	await chooseRadio(page, 'institutionalSetting', 'none');
	await typeInto(page, '#children-0-name', 'Kai Keys');
	await chooseRadio(page, 'children-0-dobKnown', 'yes');
	await typeDate(page, '#children-0-dateOfBirth', '2020-06-15');
	await chooseRadio(page, 'otherChildrenAtRisk', 'no');
	await tick(page, '#agenciesInvolved-health');
	await chooseRadio(page, 'policeInvolved', 'yes');
	await chooseRadio(page, 'mediaInterest', 'no');
	for (const key of Object.keys(CRITERIA_QUESTIONS)) {
		await chooseRadio(page, `criteria-${key}`, 'not_known');
	}
	await typeInto(page, '#outline', 'Bruising noticed at a school medical; typed without a mouse.');
	await tick(page, '#declaration');
	await activate(page, 'Continue');

	await expect(
		page.getByRole('heading', { name: 'Check your answers before sending' })
	).toBeFocused();
	await expect(page.getByText('Kai Keys')).toBeVisible();
	await activate(page, 'Send notification');
	await expect(page.getByTestId('reference')).toBeVisible();
	await expectAccessible(page);
	expect(await countRows(E2E_DATABASE_FILE, 'SELECT count(*) FROM notifications')).toBe(before + 1);
});

test("the agency's short report, by keyboard alone", async ({ page, playwright }, testInfo) => {
	test.setTimeout(3 * 60_000);
	const baseURL = testInfo.project.use.baseURL;
	const contexts = await Promise.all(
		[0, 1, 2].map(() => playwright.request.newContext({ baseURL }))
	);
	const [practitioner, unit, agency] = contexts.map((c) => new Api(c)) as [Api, Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	await agency.signIn('agency');
	const seeded = await seedOneOfEverything(practitioner, unit, agency);
	const requests = await agency.query<{ id: string; caseReference: string }[]>('agency.requests');
	const reference = requests.find((r) => r.id === seeded.openRequestId)?.caseReference ?? '';
	await Promise.all(contexts.map((c) => c.dispose()));
	const today = todayIso();

	await signInByKeyboard(page, 'agency');
	await expect(page.getByRole('heading', { name: 'Requests for your agency' })).toBeVisible();
	await activate(page, reference);
	await expect(page.getByRole('heading', { name: 'Short report request' })).toBeVisible();

	await typeDate(page, '#involvementFrom', '2025-01-06');
	await typeDate(page, '#involvementTo', today);
	await activate(page, 'Add a key contact');
	await typeDate(page, '#keyContacts-0-date', today);
	await typeInto(page, '#keyContacts-0-contact', 'Welfare visit after a neighbour called');
	await typeDate(page, '#lastContactOn', today);
	await typeInto(page, '#concernsAndAction', 'Bruising seen; referred to social care.');
	await typeInto(page, '#immediateSteps', 'Strategy discussion held.');
	await chooseRadio(page, 'recordsSecured', 'yes');
	await typeDate(page, '#recordsSecuredOn', today);
	await typeInto(page, '#earlyLearning', 'None identified yet.');
	await typeInto(page, '#criteriaView', 'The criteria appear to be met.');
	await typeInto(page, '#author-name', 'Alex Agency');
	await typeInto(page, '#author-role', 'Detective Sergeant');
	await typeInto(page, '#signOff-leadName', 'DI Lead');
	await tick(page, '#signOff-confirmed');
	// Check your answers, then send: the heading of the answers takes focus, the button follows.
	await activate(page, 'Continue');
	await expect(
		page.getByRole('heading', { name: 'Check your answers before sending' })
	).toBeFocused();
	await activate(page, 'Send the short report');

	await expect(
		page.getByText('Your short report was sent to the Safeguarding Unit.')
	).toBeVisible();
	await expect(page.getByTestId('request-status')).toContainText('Report sent');
	await expectAccessible(page);
});
