import type { Page } from '@playwright/test';
import { E2E_DATABASE_FILE } from '../../playwright.config';
import { todayIso, addCalendarDays } from '../../src/lib/domain/calendar/iso-date';
import { countRows } from './support/app-server';
import { sendNotification } from './support/notification-form';
import { expect, expectAccessible, openUnlocked, test } from './fixtures';

/** A small but real PDF: its first bytes are what the server checks, not its name. */
const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();
}

/** A practitioner notifies about `child`; the Unit opens a case and asks both agencies. */
async function caseAskingPoliceAndHealth(
	page: Page,
	login: (persona: 'practitioner' | 'unit') => Promise<void>,
	child: string
): Promise<string> {
	const today = todayIso();
	await login('practitioner');
	const id = await sendNotification(page, child, 'Injuries seen at nursery.');
	await expect(page.getByTestId('reference')).toBeVisible();
	await signOut(page);

	// The Unit opens a case and asks the police and the health trust for short reports.
	await login('unit');
	// Straight to the notification: the shared queue may hold pages of other tests' forms.
	await page.goto(`/unit/notifications/${id}`);
	await page.getByLabel('Child seriously harmed through abuse or neglect').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	const caseUrl = page.url();
	const step = page
		.locator('details', {
			has: page.getByText('Request short reports and secure files', { exact: true })
		})
		.first();
	await step.locator('summary').click();
	const form = step.locator('form');
	await form.getByLabel('Child seriously harmed through abuse or neglect').check();
	await form.getByLabel('North Yorkshire Police').check();
	await form.getByLabel('Harrogate District NHS Foundation Trust').check();
	await form.getByLabel('The date agencies were asked to secure their files').fill(today);
	await form.getByRole('button', { name: 'Request short reports and secure files' }).click();
	await expect(page.getByText('Done: Request short reports and secure files.')).toBeVisible();
	await signOut(page);

	return caseUrl;
}

test('the Unit asks two agencies for short reports; the police see only theirs, send one with a PDF, and the Unit reads it', async ({
	page,
	login
}) => {
	test.setTimeout(3 * 60_000);
	const today = todayIso();
	const child = 'Avery Agencyreport';

	const caseUrl = await caseAskingPoliceAndHealth(page, login, child);

	// The police see their requests only: as many rows as requests to North Yorkshire Police.
	await login('agency');
	await openUnlocked(page, '/agency');
	await expect(page.getByRole('heading', { name: 'Requests for your agency' })).toBeVisible();
	const policeRequests = await countRows(
		E2E_DATABASE_FILE,
		"SELECT count(*) FROM short_report_requests r JOIN agencies a ON a.id = r.agency_id WHERE a.name = 'North Yorkshire Police'"
	);
	const table = page.getByTestId('agency-requests');
	await expect(table.locator('tbody tr')).toHaveCount(policeRequests);
	const row = table.locator('tbody tr', { hasText: child });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText('Waiting for your report');
	await expectAccessible(page);
	await row.getByRole('link').click();
	await expect(page.getByRole('heading', { name: 'Short report request' })).toBeVisible();
	await expect(page.getByTestId('request-facts')).toContainText(child);
	await expectAccessible(page);

	// Files secured: the police confirm.
	await page.getByRole('button', { name: 'Confirm our files are secured' }).click();
	await expect(page.getByTestId('files-acknowledged')).toBeVisible();

	// Sending an empty report (past the check-your-answers step) is refused, with the problems
	// summarised and focused, and the form back to correct them.
	const report = page.locator('form[action="?/submitReport"]');
	await report.getByRole('button', { name: 'Continue' }).click();
	await report.getByRole('button', { name: 'Send the short report' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	await expect(page.locator('.govuk-error-summary')).toContainText(
		'Enter the date your involvement started'
	);
	await expectAccessible(page);

	await report.getByLabel('Involvement started').fill('2025-01-06');
	await report.getByLabel('Involvement ended').fill(today);
	await report.getByRole('button', { name: 'Add a key contact' }).click();
	await report.getByLabel('Date of the contact').fill(addCalendarDays(today, -10));
	await report.getByLabel('What the contact was').fill('Welfare visit after a neighbour called');
	await report.getByLabel('Date of your last contact').fill(addCalendarDays(today, -2));
	await report
		.getByLabel('Concerns your agency had and the action taken')
		.fill('Bruising seen at the welfare visit; referred to children’s social care.');
	await report.getByLabel('Immediate safeguarding steps taken').fill('Strategy discussion held.');
	await report.getByLabel('Yes', { exact: true }).check();
	await report.getByLabel('Date the records were secured').fill(today);
	await report.getByLabel('Early learning').fill('None identified yet.');
	await report
		.getByLabel('Your view on whether the criteria for a review are met')
		.fill('The criteria appear to be met.');
	await report.getByLabel('Attach files (optional)').setInputFiles({
		name: 'welfare-visit.pdf',
		mimeType: 'application/pdf',
		buffer: PDF
	});
	await report.getByLabel('Your full name').fill('Alex Agency');
	await report.getByLabel('Your role').fill('Detective Sergeant');
	await report.getByLabel('Name of the safeguarding lead').fill('DI Lead');
	await report.getByLabel('Our safeguarding lead has read and signed off this report').check();
	await report.getByRole('button', { name: 'Continue' }).click();
	// GOV.UK's check answers: every answer, with a Change link back to its field.
	const answers = page.getByTestId('check-answers');
	await expect(answers).toContainText('Welfare visit after a neighbour called');
	await expect(answers).toContainText('welfare-visit.pdf');
	await expect(answers).toContainText('DI Lead, who signed off this report');
	await expectAccessible(page);
	await answers.getByRole('link', { name: 'Change early learning' }).click();
	await expect(report.getByLabel('Early learning')).toBeFocused();
	await report.getByRole('button', { name: 'Continue' }).click();
	await report.getByRole('button', { name: 'Send the short report' }).click();
	await expect(
		page.getByText('Your short report was sent to the Safeguarding Unit.')
	).toBeVisible();
	await expect(page.getByTestId('request-status')).toContainText('Report sent');
	await expect(page.getByRole('link', { name: 'welfare-visit.pdf' })).toBeVisible();
	await expectAccessible(page);
	await openUnlocked(page, '/agency');
	await expect(table.locator('tbody tr', { hasText: child })).toContainText('Report sent');
	await signOut(page);

	// The Unit sees the report received on the case, opens it and downloads the file.
	await login('unit');
	await page.goto(caseUrl);
	const police = page.getByTestId('requests').locator('tr', { hasText: 'North Yorkshire Police' });
	await expect(police).toContainText('Received');
	await expect(police).toContainText(`acknowledged`);
	await expectAccessible(page);
	await police.getByRole('link', { name: 'Read the report' }).click();
	await expect(
		page.getByRole('heading', { name: 'Short report from North Yorkshire Police' })
	).toBeVisible();
	await expect(page.getByText('Bruising seen at the welfare visit')).toBeVisible();
	await expectAccessible(page);
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'welfare-visit.pdf' }).click();
	expect((await download).suggestedFilename()).toBe('welfare-visit.pdf');
});

test('the police answer a request with no involvement in one step, with their confirmation', async ({
	page,
	login
}) => {
	test.setTimeout(2 * 60_000);
	const child = 'Morgan Nilreturn';
	const caseUrl = await caseAskingPoliceAndHealth(page, login, child);

	await login('agency');
	await openUnlocked(page, '/agency');
	await page
		.getByTestId('agency-requests')
		.locator('tbody tr', { hasText: child })
		.getByRole('link')
		.click();
	const nil = page.locator('form[action="?/nilReturn"]');
	await nil.getByLabel('Your full name').fill('Alex Agency');
	await nil.getByRole('button', { name: 'Send no involvement' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	await expect(page.locator('.govuk-error-summary')).toContainText('Enter your role');
	await expectAccessible(page);
	await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter your role' }).click();
	await expect(nil.getByLabel('Your role')).toBeFocused();
	await nil.getByLabel('Your role').fill('Detective Sergeant');
	await nil
		.getByLabel('I confirm my agency has no record of involvement with this child or family')
		.check();
	await nil.getByRole('button', { name: 'Send no involvement' }).click();
	await expect(
		page.getByText('You told the Safeguarding Unit your agency had no involvement.')
	).toBeVisible();
	await expect(page.getByTestId('request-status')).toContainText('No involvement sent');
	await expectAccessible(page);
	await signOut(page);

	await login('unit');
	await page.goto(caseUrl);
	const police = page.getByTestId('requests').locator('tr', { hasText: 'North Yorkshire Police' });
	await expect(police).toContainText('Nil return');
	await police.getByRole('link', { name: 'See the answer' }).click();
	await expect(page.getByText('No involvement: the agency has no record')).toBeVisible();
	await expectAccessible(page);
});
