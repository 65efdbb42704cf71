import type { APIRequest, Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { addCalendarDays, todayIso } from '../../src/lib/domain/calendar/iso-date';
import { addWorkingDays, workingDaysBetween } from '../../src/lib/domain/calendar/working-days';
import { formatIsoDate } from '../../src/lib/domain/calendar/date-format';
import { Api, notificationForm } from './support/seed';
import { signOut } from './support/case-steps';
import { expect, expectFitsAndAccessible, openUnlocked, test } from './fixtures';

// §13.6 "the LSCB Manager will write to the Chief Executive or equivalent of all the known
// relevant agencies ... asking them to commence an Individual Management Review" and §13.9 "All
// IMRs should have been signed off by their respective agencies before they are presented to the
// panel": the Unit sends the letters from the case, one agency answers with a chronology and its
// senior manager's sign-off, the other is overdue; the Chair reads both. At 320 px, axe-clean.

test.use({ viewport: { width: 320, height: 640 } });

const PDF = Buffer.from(
	`%PDF-1.4\n% imrs ${Date.now()}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`
);
const today = todayIso();
const decidedOn = addCalendarDays(today, -14);

/** A case whose Chair decided two weeks ago to hold an SCR. */
async function scrDecided(baseURL: string | undefined, playwright: { request: APIRequest }) {
	const contexts = await Promise.all(
		[0, 1, 2].map(() => playwright.request.newContext({ baseURL }))
	);
	const [practitioner, unit, chair] = contexts.map((c) => new Api(c)) as [Api, Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	await chair.signIn('chair');
	const notificationId = uuidv7();
	await practitioner.call('notifications.submit', {
		id: notificationId,
		form: notificationForm({ incidentType: 'death' })
	});
	const { caseId, reference } = await unit.call<{ caseId: string; reference: string }>(
		'triage.openCase',
		{ notificationId, classification: 'child_death' }
	);
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id;
	const { version } = await unit.call<{ version: number }>('cases.transition', {
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: decidedOn
		}
	});
	await chair.call('cases.transition', {
		id: caseId,
		version,
		to: 'scr_initiated',
		payload: { decidedOn, rationale: 'The criteria in §13.2 are met' }
	});
	await Promise.all(contexts.map((c) => c.dispose()));
	return { caseId, reference };
}

async function sendLetters(page: Page, agency: string, sentOn: string, dueOn: string) {
	const details = page.locator('details', { hasText: 'Send IMR request letters' });
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await details.getByLabel(agency).check();
	await details.getByLabel('Date the letters were sent').fill(sentOn);
	await details.getByLabel('Date the IMR is due').fill(dueOn);
	await details.getByRole('button', { name: 'Send the letters' }).click();
	await expect(page.getByRole('alert', { name: 'Success' })).toContainText(
		'The IMR request letters were sent.'
	);
}

test('an SCR decision → IMR letters to two agencies → one sends a signed-off IMR with its chronology, the other is overdue', async ({
	page,
	login,
	playwright
}, testInfo) => {
	test.setTimeout(3 * 60_000);
	const { caseId, reference } = await scrDecided(testInfo.project.use.baseURL, playwright);
	const healthDue = addWorkingDays(decidedOn, 5);
	const policeDue = addWorkingDays(today, 20);

	// The Unit sends the letters from the case.
	await login('unit');
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByRole('heading', { name: 'Individual management reviews' })).toBeVisible();
	await expectFitsAndAccessible(page);
	// A due date before the letters went is refused, named beside its field.
	const details = page.locator('details', { hasText: 'Send IMR request letters' });
	await details.locator('summary').click();
	await details.getByLabel('North Yorkshire Police').check();
	await details.getByLabel('Date the IMR is due').fill(addCalendarDays(today, -1));
	await details.getByRole('button', { name: 'Send the letters' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('must be after the date the letters were sent');
	await expectFitsAndAccessible(page);
	// The refused form keeps what was ticked: corrected, it goes.
	await sendLetters(page, 'North Yorkshire Police', today, policeDue);
	// The health trust's letter went by post on the day of the decision, due a week later.
	await sendLetters(page, 'Harrogate District NHS Foundation Trust', decidedOn, healthDue);
	const table = page.getByTestId('imr-requests');
	const healthRow = table.getByRole('row', { name: /Harrogate/ });
	const policeRow = table.getByRole('row', { name: /North Yorkshire Police/ });
	const overdueDays = workingDaysBetween(healthDue, today);
	await expect(healthRow).toContainText(`Overdue by ${overdueDays} working days`);
	await expect(policeRow).toContainText('Requested');
	// T8 follows from the letters: met the day the last one went.
	await expect(
		page.getByTestId('clocks').getByRole('row', { name: /Letters to chief executives/ })
	).toContainText(`Met late on ${formatIsoDate(today)}`);
	await expectFitsAndAccessible(page);
	await policeRow.getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Individual management review from North Yorkshire Police'
	);
	await page.getByText('The letter to the chief executive').click();
	await expect(page.getByTestId('imr-letter')).toContainText(
		'The Chief Executive (or equivalent), North Yorkshire Police'
	);
	await expect(page.getByTestId('imr-letter')).toContainText(reference);
	await expectFitsAndAccessible(page);
	await signOut(page);

	// The police answer in their inbox.
	await login('agency');
	// A full page load of an agency's page starts locked (decision 029).
	await openUnlocked(page, '/agency');
	const inbox = page.getByTestId('agency-imr-requests');
	await expectFitsAndAccessible(page);
	await inbox.getByRole('link', { name: `IMR for ${reference}` }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individual management review');
	await expect(page.getByTestId('imr-letter')).toContainText('Individual Management Review');
	await expectFitsAndAccessible(page);
	// Sent empty, every problem is named.
	await page.getByRole('button', { name: 'Send the IMR' }).click();
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter the name of the IMR author');
	await expect(summary).toContainText('Enter the analysis');
	await expectFitsAndAccessible(page);

	await page.getByLabel('Full name').fill('Ian Writer');
	await page.getByLabel('Role', { exact: true }).fill('Detective Inspector, review team');
	const entries = page.getByTestId('chronology-entry');
	await entries.nth(0).getByLabel('Date').fill(addCalendarDays(today, -40));
	await entries
		.nth(0)
		.getByLabel('Event: what happened')
		.fill('Referral from school about bruising');
	await entries.nth(0).getByLabel('Source: where it is recorded').fill('Police case file 44/12');
	await entries
		.nth(0)
		.getByLabel('Significance: why it matters')
		.fill('First sign of harm known to us');
	await page.getByRole('button', { name: 'Add a chronology entry' }).click();
	await entries.nth(1).getByLabel('Date').fill(addCalendarDays(today, -20));
	await entries.nth(1).getByLabel('Event: what happened').fill('Home visit, no answer');
	await entries.nth(1).getByLabel('Source: where it is recorded').fill('Officer notebook');
	await entries
		.nth(1)
		.getByLabel('Significance: why it matters')
		.fill('Missed chance to see the child');
	await page.getByLabel('Analysis').fill('Information was not shared with social care in time.');
	await page.getByLabel('Recommendations').fill('Train response officers on referral thresholds.');
	await page.getByLabel('Attach files (optional)').setInputFiles({
		name: 'police-chronology.pdf',
		mimeType: 'application/pdf',
		buffer: PDF
	});
	await page.getByLabel('A senior manager has signed off this IMR').check();
	await page.getByLabel('Senior manager’s full name').fill('Sam Senior');
	await page.getByLabel('Senior manager’s role').fill('Assistant Chief Constable');
	await page.getByLabel('Date it was signed off').fill(today);
	await page.getByRole('button', { name: 'Send the IMR' }).click();
	await expect(page.getByRole('alert', { name: 'Success' })).toContainText(
		'Your IMR was sent to the Safeguarding Unit, signed off.'
	);
	await expect(page.getByTestId('imr-status')).toContainText('Signed off and sent');
	await expect(page.getByTestId('imr-chronology-1')).toContainText('Home visit, no answer');
	await expect(page.getByTestId('imr-sign-off-1')).toContainText('Sam Senior');
	await expectFitsAndAccessible(page);
	await signOut(page);

	// The Chair reads each agency's status and the IMR, and can change nothing.
	await login('chair');
	await page.goto(`/cases/${caseId}`);
	await expect(healthRow).toContainText(`Overdue by ${overdueDays} working days`);
	await expect(policeRow).toContainText('Signed off');
	await expect(page.getByText('Send IMR request letters')).toHaveCount(0);
	await expectFitsAndAccessible(page);
	await policeRow.getByRole('link').click();
	await expect(page.getByTestId('imr-chronology-1')).toContainText(
		'Referral from school about bruising'
	);
	await expect(page.getByRole('link', { name: 'police-chronology.pdf' })).toBeVisible();
	await expect(page.getByRole('button')).toHaveText(['Sign out']);
	await expectFitsAndAccessible(page);
});
