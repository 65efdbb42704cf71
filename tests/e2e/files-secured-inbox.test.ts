import type { Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { formatIsoDate } from '../../src/lib/domain/calendar/date-format';
import { Api, notificationForm } from './support/seed';
import { signOut } from './support/case-steps';
import { expect, expectAccessible, test } from './fixtures';

// §13.5 "the LSCB Manager will ask each relevant organisation to secure both paper and electronic
// files" and "... inform all relevant organisations to rescind the instruction": on the route
// straight to the Chair an agency is asked for no short report, so its inbox shows the
// instruction, lets it confirm its files are secured, and later shows the rescind. At 320 px.

test.use({ viewport: { width: 320, height: 640 } });

async function expectFitsAndAccessible(page: Page) {
	const { width, viewport } = await page.evaluate(() => ({
		width: document.documentElement.scrollWidth,
		viewport: document.documentElement.clientWidth
	}));
	expect(width, 'the page scrolls sideways').toBeLessThanOrEqual(viewport);
	await expectAccessible(page);
}

test('an agency sent straight to the Chair sees the instruction to secure its files, confirms it, and sees it rescinded', async ({
	page,
	login,
	playwright,
	baseURL
}) => {
	test.setTimeout(3 * 60_000);
	const today = todayIso();
	const child = 'Sasha Securefiles';
	const apis: Api[] = [];
	for (const persona of ['practitioner', 'unit', 'chair'] as const) {
		const api = new Api(await playwright.request.newContext({ baseURL }));
		await api.signIn(persona);
		apis.push(api);
	}
	const [practitioner, unit, chair] = apis as [Api, Api, Api];

	// The Unit sends the case straight to the Chair, telling only the police to secure files.
	const notificationId = uuidv7();
	const form = notificationForm({ incidentType: 'serious_harm' });
	await practitioner.call('notifications.submit', {
		id: notificationId,
		form: { ...form, children: [{ ...form.children[0], name: child }] }
	});
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id;
	const { caseId } = await unit.call<{ caseId: string }>('triage.openCase', {
		notificationId,
		classification: 'serious_harm'
	});
	const { version } = await unit.call<{ version: number }>('cases.transition', {
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
	const { reference } = await unit.query<{ reference: string }>('cases.get', { id: caseId });

	// The police's inbox shows it, though no short report was asked of them.
	await login('agency');
	await page.goto('/agency');
	const instructions = page.getByTestId('files-secured-instructions');
	const row = instructions.locator('tbody tr', { hasText: reference });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText(child);
	await expect(row).toContainText(formatIsoDate(today));
	await expect(row).toContainText('In force');
	await expectFitsAndAccessible(page);

	await row.getByRole('button', { name: `Confirm our files are secured for ${reference}` }).click();
	await expect(page.getByText('You confirmed that your agency’s files are secured.')).toBeVisible();
	await expect(row).toContainText(`Confirmed ${formatIsoDate(today)}`);
	await expect(row.getByRole('button')).toHaveCount(0);
	await expectFitsAndAccessible(page);

	// The Unit sees the police confirmed.
	await signOut(page);
	await login('unit');
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByTestId('files-secured')).toContainText(
		`North Yorkshire Police: told ${formatIsoDate(today)}, files secured (the agency confirmed ${formatIsoDate(today)})`
	);
	await signOut(page);

	// The Chair decides on no further action and the instruction is rescinded.
	await chair.call('cases.transition', {
		id: caseId,
		version,
		to: 'no_further_action',
		payload: {
			decidedOn: today,
			rationale: 'Criteria not met',
			filesHold: 'rescind',
			rescindInstructionOn: today
		}
	});
	for (const api of apis) await api.request.dispose();

	await login('agency');
	await page.goto('/agency');
	await expect(row).toContainText('Rescinded');
	await expect(row).toContainText(`on ${formatIsoDate(today)}`);
	await expect(row).toContainText(`Confirmed ${formatIsoDate(today)}`);
	await expectFitsAndAccessible(page);
});
