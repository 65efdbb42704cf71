import { addCalendarDays, todayIso } from '../../src/lib/domain/calendar/iso-date';
import { addWorkingDays, workingDaysBetween } from '../../src/lib/domain/calendar/working-days';
import { formatIsoDate } from '../../src/lib/domain/calendar/date-format';
import { fillSignedOffImr, scrDecided, sendLetters } from './support/review-steps';
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

test('an SCR decision → IMR letters to two agencies → one sends a signed-off IMR with its chronology, the other is overdue', async ({
	page,
	login,
	playwright
}, testInfo) => {
	test.setTimeout(3 * 60_000);
	const { caseId, reference } = await scrDecided(
		testInfo.project.use.baseURL,
		playwright,
		decidedOn
	);
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

	await fillSignedOffImr(page, today, PDF);
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
