import { createClient } from '@libsql/client';
import { E2E_DATABASE_FILE } from '../../playwright.config';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { countRows } from './support/app-server';
import { signOut } from './support/case-steps';
import { sendNotification } from './support/notification-form';
import { expect, expectFitsAndAccessible, test } from './fixtures';

// Messages in the app (docs/decisions/024-reminders.md): the Unit asks an agency for a short
// report, and the agency sees the message and its unread count in the header, without looking
// in its inbox. The test server runs the reminders every second.

async function requestIdOf(caseId: string): Promise<string> {
	const client = createClient({ url: `file:${E2E_DATABASE_FILE}` });
	try {
		const result = await client.execute({
			sql: `SELECT r.id FROM short_report_requests r JOIN agencies a ON a.id = r.agency_id
				WHERE r.case_id = ? AND a.name = 'North Yorkshire Police'`,
			args: [caseId]
		});
		const id = result.rows[0]?.[0];
		if (typeof id !== 'string') throw new Error('no request to the police on the case');
		return id;
	} finally {
		client.close();
	}
}

const UNREAD_OF_AGENCY = `SELECT count(*) FROM messages m JOIN users u ON u.id = m.recipient_id
	WHERE u.email = 'agency@demo.test' AND m.read_at IS NULL`;

test('the Unit requests a short report; the agency sees the message, its unread count, and marks it read', async ({
	page,
	login
}) => {
	test.setTimeout(3 * 60_000);
	const child = 'Morgan Messagetest';
	await login('practitioner');
	const id = await sendNotification(page, child, 'Injuries seen at school.');
	await expect(page.getByTestId('reference')).toBeVisible();
	await signOut(page);

	await login('unit');
	await page.goto(`/unit/notifications/${id}`);
	await page.getByLabel('Child seriously harmed through abuse or neglect').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	const caseId = new URL(page.url()).pathname.split('/').pop() ?? '';
	const step = page
		.locator('details', {
			has: page.getByText('Request short reports and secure files', { exact: true })
		})
		.first();
	await step.locator('summary').click();
	const form = step.locator('form');
	await form.getByLabel('Child seriously harmed through abuse or neglect').check();
	await form.getByLabel('North Yorkshire Police').check();
	await form.getByLabel('The date agencies were asked to secure their files').fill(todayIso());
	await form.getByRole('button', { name: 'Request short reports and secure files' }).click();
	await expect(page.getByText('Done: Request short reports and secure files.')).toBeVisible();
	await signOut(page);
	const requestId = await requestIdOf(caseId);

	// The reminders run every second on the test server: the message arrives on its own.
	await expect
		.poll(() =>
			countRows(
				E2E_DATABASE_FILE,
				`SELECT count(*) FROM messages WHERE link = '/agency/requests/${requestId}'`
			)
		)
		.toBe(1);

	await login('agency');
	const unread = await countRows(E2E_DATABASE_FILE, UNREAD_OF_AGENCY);
	expect(unread).toBeGreaterThan(0);
	const header = page.locator('.app-header').getByRole('link', { name: /^Messages/ });
	await expect(header).toHaveText(`Messages ${unread} unread`);
	await header.click();
	await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
	await expect(page.locator('#unread-summary')).toContainText(
		`You have ${unread} unread message${unread === 1 ? '' : 's'}.`
	);
	const item = page
		.getByTestId('messages')
		.locator('li', { has: page.locator(`a[href="/agency/requests/${requestId}"]`) });
	await expect(item).toHaveCount(1);
	await expect(item).toContainText('Your agency is asked for a short report');
	await expect(item).toContainText('Unread');
	// The message names no child: only what is waiting.
	await expect(item).not.toContainText('Morgan');
	await page.setViewportSize({ width: 320, height: 640 });
	await expectFitsAndAccessible(page);

	await item.getByRole('button', { name: /^Mark as read/ }).click();
	await expect(item).not.toContainText('Unread');
	await expect(header).toHaveText(unread - 1 === 0 ? 'Messages' : `Messages ${unread - 1} unread`);
	expect(await countRows(E2E_DATABASE_FILE, UNREAD_OF_AGENCY)).toBe(unread - 1);

	// The link leads to the record itself.
	await item.getByRole('link', { name: /Your agency is asked for a short report/ }).click();
	await expect(page).toHaveURL(new RegExp(`/agency/requests/${requestId}$`));
	await expect(page.getByRole('heading', { name: 'Short report request' })).toBeVisible();
	await expect(page.getByText(child)).toBeVisible();

	// How often email comes is chosen on the account page.
	await page.goto('/account');
	await page.getByLabel('Email me only urgent messages').check();
	await page.getByRole('button', { name: 'Save email choice' }).click();
	await expect(page.getByText('Your choice of emails has been saved.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Email me only urgent messages')).toBeChecked();
	await expectFitsAndAccessible(page);
});
