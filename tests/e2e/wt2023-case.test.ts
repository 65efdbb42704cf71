import { createClient } from '@libsql/client';
import { E2E_DATABASE_FILE } from '../../playwright.config';
import { addWorkingDays } from '../../src/lib/domain/calendar/working-days';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { formatIsoDate } from '../../src/lib/domain/calendar/date-format';
import { sendNotification } from './support/notification-form';
import { signOut, takeStep } from './support/case-steps';
import { expect, expectFitsAndAccessible, test } from './fixtures';

// A Working Together 2023 case in the browser (docs/procedure-wt2023.md): its page shows the
// case's own stages, moves and clocks, with each clock's source, and a joint decision names
// each partner's missing agreement in the error summary. The shared test server runs the seed's
// preset, so the case opened here is put under WT2023 as a deployment with
// SAFEGUARD_PROCEDURE=wt_2023 would have opened it (that setting is tested in
// tests/procedure/wt2023.test.ts); everything after is the page's own.

async function underWt2023(caseId: string, receivedOn: string) {
	const client = createClient({ url: `file:${E2E_DATABASE_FILE}` });
	try {
		// The server holds the write lock for a moment at a time: wait for it.
		await client.execute('PRAGMA busy_timeout = 5000');
		await client.execute({
			sql: `UPDATE cases SET procedure = 'wt_2023', state = 'incident_recorded', dates = ?
				WHERE id = ?`,
			args: [JSON.stringify({ receivedOn, becameAwareOn: receivedOn }), caseId]
		});
	} finally {
		client.close();
	}
}

test('a Working Together 2023 case: the notification to the Panel, then the rapid review with the three partners', async ({
	page,
	login
}) => {
	test.setTimeout(3 * 60_000);
	const today = todayIso();

	await login('practitioner');
	const id = await sendNotification(page, 'Wren Together', 'Found injured at home.');
	await expect(page.getByTestId('reference')).toBeVisible();
	await signOut(page);

	// Straight to it: the queue pages, and earlier tests leave it long.
	await login('unit');
	await page.goto(`/unit/notifications/${id}`);
	await page.getByLabel('Child seriously harmed through abuse or neglect').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	const caseId = page.url().split('/').at(-1) ?? '';
	await underWt2023(caseId, today);
	await page.reload();

	// The case's own stage, clocks with their sources, and moves: no seed clock, no seed step.
	await expect(page.getByRole('heading', { name: 'Incident recorded', exact: true })).toBeVisible();
	const wt1 = page.locator('tr', { hasText: 'Notification to the national Panel (WT1)' });
	await expect(wt1).toContainText(formatIsoDate(addWorkingDays(today, 5)));
	await expect(wt1).toContainText('WT2023 ch. 5; Children Act 2004 s16C');
	await expect(page.getByText('Findings report to the LSCB Chair')).toHaveCount(0);
	await expect(page.getByText('Refer to the Chair: criteria clearly met')).toHaveCount(0);
	await expectFitsAndAccessible(page);

	await takeStep(page, 'Record when the local authority became aware', async (form) => {
		await form.getByLabel('The date the local authority became aware of the incident').fill(today);
		await form.getByRole('group', { name: 'Did the child die?' }).getByLabel('No').check();
		await form.getByRole('group', { name: 'Was the child looked after?' }).getByLabel('No').check();
	});
	await expect(
		page.getByRole('heading', { name: 'Deciding whether to notify the national Panel' })
	).toBeVisible();

	await takeStep(page, 'Record the notification to the national Panel', async (form) => {
		await form.getByLabel('The date the incident was notified to the national Panel').fill(today);
		await form
			.getByLabel('The date the safeguarding partners were told of the incident')
			.fill(today);
	});
	await expect(
		page.getByRole('heading', { name: 'Panel notified: rapid review under way' })
	).toBeVisible();
	await expect(wt1).toContainText('Met');
	const wt3 = page.locator('tr', { hasText: 'Rapid review sent to the national Panel (WT3)' });
	await expect(wt3).toContainText(formatIsoDate(addWorkingDays(today, 15)));
	await expectFitsAndAccessible(page);

	// A joint decision without the police's agreement: the summary names the police's fields.
	const rapidReview = 'Record the rapid review sent to the Panel';
	const fillAllBut = async (form: import('@playwright/test').Locator, police: boolean) => {
		await form.getByLabel('Date the rapid review was held').fill(today);
		await form
			.getByLabel('Who attended the rapid review')
			.fill('Children’s social care\nPolice\nICB');
		await form.getByLabel('Findings of the rapid review').fill('Facts gathered; no immediate risk');
		await form.getByLabel('A local child safeguarding practice review').check();
		await form.getByLabel('The date the rapid review was sent to the national Panel').fill(today);
		const partners = [
			['The local authority', 'Director of Children’s Services'],
			['The integrated care board', 'ICB Chief Executive'],
			...(police ? [['The police', 'Detective Superintendent']] : [])
		];
		for (const [partner, name] of partners) {
			await form.getByLabel(`${partner}: who agreed`).fill(name ?? '');
			await form
				.getByRole('group', { name: `${partner}: agreed as` })
				.getByLabel('Delegated safeguarding partner')
				.check();
			await form.getByLabel(`${partner}: date agreed`).fill(today);
		}
	};
	await takeStep(page, rapidReview, (form) => fillAllBut(form, false));
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter the name of who agreed for the police');
	await expect(summary).toContainText('Enter the date the police agreed');
	await expectFitsAndAccessible(page);
	await takeStep(page, rapidReview, (form) => fillAllBut(form, true));
	await expect(
		page.getByRole('heading', { name: "Rapid review sent: awaiting the Panel's answer" })
	).toBeVisible();
	await expect(wt3).toContainText('Met');
	await expect(
		page.getByText(
			'with the agreement of the local authority, the integrated care board and the police'
		)
	).toBeVisible();
	await expectFitsAndAccessible(page);
});
