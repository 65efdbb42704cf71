import type { APIRequestContext, Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { addCalendarDays, todayIso } from '../../src/lib/domain/calendar/iso-date';
import { NO_ACTION_PLAN_MESSAGE } from '../../src/lib/domain/case/closing';
import { Api, notificationForm } from './support/seed';
import { takeStep } from './support/case-steps';
import { expect, expectAccessible, test } from './fixtures';

// §13.3–13.4 the lead LSCB, §13.5 "All child deaths should be reported to the CDOP", and §13.16
// a case closes only with an action plan item or a reason for none: in the browser, each page
// axe-clean and no wider than 320 px.

const today = todayIso();

/** WCAG 1.4.10: at 320 px wide nothing scrolls sideways. */
async function expectFits320(page: Page) {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 320, height: 800 });
	const { width, viewport } = await page.evaluate(() => ({
		width: document.documentElement.scrollWidth,
		viewport: document.documentElement.clientWidth
	}));
	expect(width, 'no sideways scroll at 320 px').toBeLessThanOrEqual(viewport);
	await expectAccessible(page);
	if (size) await page.setViewportSize(size);
}

/** API callers for these personas, each on a request context of its own. */
async function apis(
	newContext: () => Promise<APIRequestContext>,
	personas: ('practitioner' | 'unit' | 'chair')[]
) {
	const out: Api[] = [];
	for (const persona of personas) {
		const api = new Api(await newContext());
		await api.signIn(persona);
		out.push(api);
	}
	return out;
}

test('the Unit records the lead LSCB and CDOP informed; the case shows the lead and flags CDOP until it is recorded', async ({
	page,
	login,
	playwright,
	baseURL
}) => {
	test.setTimeout(3 * 60_000);
	const [practitioner] = await apis(
		() => playwright.request.newContext({ baseURL }),
		['practitioner']
	);
	const id = uuidv7();
	await practitioner?.call('notifications.submit', {
		id,
		form: notificationForm({ incidentType: 'death' })
	});
	await practitioner?.request.dispose();

	await login('unit');
	await page.goto(`/unit/notifications/${id}`);
	await expect(page.getByTestId('cdop-flag')).toHaveText('CDOP not yet informed (§13.5)');
	await expect(page.getByTestId('lead-lscb')).toContainText('Not recorded yet');

	// A looked-after child without the responsible authority is refused, with the field named and
	// what was typed kept.
	await page.getByLabel('Where does the child normally live?').fill('North Yorkshire');
	await page
		.getByRole('group', { name: 'Is the child looked after by a local authority?' })
		.getByLabel('Yes')
		.check();
	await page.getByRole('button', { name: 'Record the lead LSCB' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText(
		'Enter the local authority responsible for the looked-after child'
	);
	await expect(page.getByLabel('Where does the child normally live?')).toHaveValue(
		'North Yorkshire'
	);
	await expectAccessible(page);
	await summary.getByRole('link').click();
	await expect(page.getByLabel(/which local authority is responsible/)).toBeFocused();
	await page.getByLabel(/which local authority is responsible/).fill('Leeds');
	await page.getByLabel('Partner LSCBs (optional)').fill('North Yorkshire\nCity of York');
	await page.getByRole('button', { name: 'Record the lead LSCB' }).click();
	await expect(page.getByText('The lead LSCB was recorded: Leeds.')).toBeVisible();
	await expect(page.getByTestId('lead-lscb')).toContainText('Leeds');
	await expect(page.getByTestId('lead-lscb')).toContainText(
		'Partner LSCBs: North Yorkshire, City of York.'
	);

	await page.getByLabel('Child death where abuse or neglect is known or suspected (§13.2)').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	const caseUrl = page.url();
	await expect(page.getByTestId('lead-lscb')).toContainText('Leeds');
	await expect(page.getByTestId('cdop-flag')).toHaveText('CDOP not yet informed (§13.5)');
	await expectAccessible(page);
	await expectFits320(page);

	await page.getByRole('link', { name: 'Record CDOP informed' }).click();
	await page.getByRole('button', { name: 'Record CDOP informed' }).click();
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter the date CDOP was informed');
	await page.getByLabel('Date CDOP was informed').fill(today);
	await page.getByLabel('Who informed CDOP').fill('Dana Nurse, named nurse');
	await page.getByRole('button', { name: 'Record CDOP informed' }).click();
	await expect(page.getByText('CDOP informed was recorded.')).toBeVisible();

	await page.goto(caseUrl);
	await expect(page.getByTestId('cdop-informed')).toContainText('by Dana Nurse, named nurse');
	await expect(page.getByTestId('cdop-flag')).toHaveCount(0);
	await expectAccessible(page);
	await expectFits320(page);
});

test('a case closes only with an action plan item or a reason for none (§13.16)', async ({
	page,
	login,
	playwright,
	baseURL
}) => {
	test.setTimeout(3 * 60_000);
	const [practitioner, unit, chair] = await apis(
		() => playwright.request.newContext({ baseURL }),
		['practitioner', 'unit', 'chair']
	);
	if (!practitioner || !unit || !chair) throw new Error('no callers');
	const id = uuidv7();
	await practitioner.call('notifications.submit', { id, form: notificationForm() });
	const { caseId } = await unit.call<{ caseId: string }>('triage.openCase', {
		notificationId: id,
		classification: 'serious_harm'
	});
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id;
	await unit.call('cases.transition', {
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification: 'serious_harm',
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: today
		}
	});
	await chair.call('cases.transition', {
		id: caseId,
		version: 2,
		to: 'audit',
		payload: {
			decidedOn: today,
			rationale: 'A smaller scale audit will do',
			lead: 'Audit sub group',
			dueOn: addCalendarDays(today, 30),
			filesHold: 'rescind',
			rescindInstructionOn: today
		}
	});
	// The form reports a death: CDOP is told before the case may close (§13.5).
	await unit.call('triage.recordCdopInformed', {
		notificationId: id,
		informedOn: today,
		informedBy: 'Dana Nurse, named nurse'
	});
	await Promise.all([practitioner, unit, chair].map((api) => api.request.dispose()));

	await login('unit');
	await page.goto(`/cases/${caseId}`);
	const CLOSE = 'Record the audit complete and close the case';
	await takeStep(page, CLOSE, async (form) => {
		await form.getByLabel('Date completed').fill(today);
	});
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText(NO_ACTION_PLAN_MESSAGE);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Smaller scale audit');
	await expectAccessible(page);
	await expectFits320(page);
	await summary.getByRole('link', { name: NO_ACTION_PLAN_MESSAGE }).click();
	await expect(page.getByLabel(/If the case has no action plan item/)).toBeFocused();

	await takeStep(page, CLOSE, async (form) => {
		await form.getByLabel('Date completed').fill(today);
		await form
			.getByLabel(/If the case has no action plan item/)
			.fill('The audit found practice sound; nothing to plan.');
	});
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Closed');
	await expectAccessible(page);
});
