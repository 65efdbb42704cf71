import type { Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { formatIsoDate } from '../../src/lib/domain/calendar/date-format';
import { Api, notificationForm } from './support/seed';
import { signOut } from './support/case-steps';
import { expect, expectAccessible, openUnlocked, test } from './fixtures';

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

/** A case the Unit sent straight to the Chair, telling only the police to secure files. */
async function straightToTheChair(practitioner: Api, unit: Api, child: string) {
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
			filesSecureRequestedOn: todayIso()
		}
	});
	const { reference } = await unit.query<{ reference: string }>('cases.get', { id: caseId });
	return { caseId, version, reference };
}

/** The Chair decides on no further action, telling agencies to release their files. */
async function noFurtherAction(chair: Api, caseId: string, version: number) {
	await chair.call('cases.transition', {
		id: caseId,
		version,
		to: 'no_further_action',
		payload: {
			decidedOn: todayIso(),
			rationale: 'Criteria not met',
			filesHold: 'rescind',
			rescindInstructionOn: todayIso()
		}
	});
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
	const { caseId, version, reference } = await straightToTheChair(practitioner, unit, child);

	// The police's inbox shows it, though no short report was asked of them.
	await login('agency');
	await openUnlocked(page, '/agency');
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
	await noFurtherAction(chair, caseId, version);
	// A second case: the police open their inbox, and the instruction is rescinded before they
	// confirm. The confirmation is refused with the reason in the error summary, and nothing changes.
	const second = await straightToTheChair(practitioner, unit, 'Robin Securefiles');
	await login('agency');
	await openUnlocked(page, '/agency');
	const secondRow = instructions.locator('tbody tr', { hasText: second.reference });
	await expect(secondRow).toContainText('In force');
	await noFurtherAction(chair, second.caseId, second.version);
	for (const api of apis) await api.request.dispose();
	await secondRow
		.getByRole('button', { name: `Confirm our files are secured for ${second.reference}` })
		.click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('was rescinded: there is nothing to confirm');
	await expectFitsAndAccessible(page);

	await openUnlocked(page, '/agency');
	await expect(row).toContainText('Rescinded');
	await expect(row).toContainText(`on ${formatIsoDate(today)}`);
	await expect(row).toContainText(`Confirmed ${formatIsoDate(today)}`);
	await expect(secondRow).toContainText('Rescinded');
	await expect(secondRow).toContainText('Not needed');
	await expectFitsAndAccessible(page);
});
