import { addCalendarDays, todayIso } from '../../src/lib/domain/calendar/iso-date';
import { addWorkingDays, workingDaysBetween } from '../../src/lib/domain/calendar/working-days';
import { signOut, takeStep } from './support/case-steps';
import {
	fillSignedOffImr,
	fromReviewToTheExecutive,
	healthTrustSendsSignedOffImr,
	intoReview,
	onToScoping,
	recordExecutiveMeeting,
	recordFullDispatch,
	recordPanelMeeting,
	saveVersion,
	scrDecided,
	sendLetters
} from './support/review-steps';
import { expect, expectFitsAndAccessible, openUnlocked, test } from './fixtures';

// Issue 13's whole path, in one browser story: an SCR decision → IMR requests to two agencies →
// one agency sends an IMR with a chronology and its senior manager's sign-off, the other is
// overdue → a panel meeting with minutes → two versions of the overview report → the Executive
// Group → the review sent to Ofsted (§13.6–§13.14). The draft report waits until the overdue
// agency's IMR arrives signed off (§13.9). At 320 px, axe-clean on every page. The
// steps are the IMR and panel tests' own (support/review-steps.ts); moves the case page makes
// with typed dates only are made through the API so the story stays on the review's work.

test.use({ viewport: { width: 320, height: 640 } });

const PDF = Buffer.from(
	`%PDF-1.4\n% whole path ${Date.now()}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`
);
const today = todayIso();
const decidedOn = addCalendarDays(today, -14);

test('an SCR decision → IMRs from two agencies, one signed off, one overdue → a panel meeting with minutes → two versions of the overview report → the Executive Group → sent to Ofsted', async ({
	page,
	login,
	playwright
}, testInfo) => {
	test.setTimeout(5 * 60_000);
	const baseURL = testInfo.project.use.baseURL;
	const { caseId, reference } = await scrDecided(baseURL, playwright, decidedOn);
	const healthDue = addWorkingDays(decidedOn, 5);
	const overdueDays = workingDaysBetween(healthDue, today);

	// §13.6: the Unit writes to both agencies' chief executives from the case.
	await login('unit');
	await page.goto(`/cases/${caseId}`);
	await expectFitsAndAccessible(page);
	await sendLetters(page, 'North Yorkshire Police', today, addWorkingDays(today, 20));
	await sendLetters(page, 'Harrogate District NHS Foundation Trust', decidedOn, healthDue);
	const table = page.getByTestId('imr-requests');
	const healthRow = table.getByRole('row', { name: /Harrogate/ });
	const policeRow = table.getByRole('row', { name: /North Yorkshire Police/ });
	await expect(policeRow).toContainText('Requested');
	await expect(healthRow).toContainText(`Overdue by ${overdueDays} working days`);
	await expectFitsAndAccessible(page);
	await signOut(page);

	// §13.9: the police answer in their inbox, with a chronology and the senior manager's sign-off.
	await login('agency');
	await openUnlocked(page, '/agency');
	await expectFitsAndAccessible(page);
	await page
		.getByTestId('agency-imr-requests')
		.getByRole('link', { name: `IMR for ${reference}` })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Individual management review');
	await expectFitsAndAccessible(page);
	await fillSignedOffImr(page, today, PDF);
	await page.getByRole('button', { name: 'Send the IMR' }).click();
	await expect(page.getByRole('alert', { name: 'Success' })).toContainText(
		'Your IMR was sent to the Safeguarding Unit, signed off.'
	);
	await expect(page.getByTestId('imr-chronology-1')).toContainText('Home visit, no answer');
	await expect(page.getByTestId('imr-sign-off-1')).toContainText('Sam Senior');
	await expectFitsAndAccessible(page);
	await signOut(page);

	// The Unit sees one signed off, the other still overdue.
	await login('unit');
	await page.goto(`/cases/${caseId}`);
	await expect(policeRow).toContainText('Signed off');
	await expect(healthRow).toContainText(`Overdue by ${overdueDays} working days`);
	await expectFitsAndAccessible(page);
	await policeRow.getByRole('link').click();
	await expect(page.getByTestId('imr-chronology-1')).toContainText(
		'Referral from school about bruising'
	);
	await expect(page.getByRole('link', { name: 'police-chronology.pdf' })).toBeVisible();
	await expectFitsAndAccessible(page);

	// The letters met T8, so scoping needs only the Ofsted notice; then the panel meets.
	await onToScoping(baseURL, playwright, caseId, ['ofstedNotifiedOn'], today);
	await page.goto(`/cases/${caseId}/meetings`);
	await expectFitsAndAccessible(page);
	await recordPanelMeeting(page, caseId, today);
	await page.getByRole('link', { name: /Open the individual panel meeting/ }).click();
	await expect(page.getByTestId('minutes')).toContainText(
		'The panel met with the overview report author.'
	);
	await expectFitsAndAccessible(page);

	// Two versions of the overview report, both kept.
	await page.goto(`/cases/${caseId}/review`);
	await expectFitsAndAccessible(page);
	await saveVersion(page, 'Overview report', 'Overview report: first draft.');
	await saveVersion(page, 'Overview report', 'Overview report: as agreed with the panel.');
	const overview = page.getByTestId('document-overview_report');
	await expect(overview.getByTestId('latest-version')).toContainText(
		'Version 2, saved by Uma Unit'
	);
	await overview.getByText('Earlier versions of the overview report (1)').click();
	await expect(overview).toContainText('Overview report: first draft.');
	await expectFitsAndAccessible(page);

	// §13.9: the draft report waits for every agency's signed-off IMR; the case does not offer it.
	await intoReview(baseURL, playwright, caseId, today);
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByText('Record the review set up', { exact: true })).toHaveCount(0);
	await expect(
		page.getByText('Record chronologies, IMRs and health overview received', { exact: true })
	).toHaveCount(0);
	await expect(healthRow).toContainText(`Overdue by ${overdueDays} working days`);
	await healthTrustSendsSignedOffImr(baseURL, playwright, caseId, today);
	await page.reload();
	await expect(healthRow).toContainText('Signed off');
	await expect(
		page
			.getByText('Record chronologies, IMRs and health overview received', { exact: true })
			.first()
	).toBeVisible();
	// The sign-offs give the date: the form does not ask for it.
	await expect(page.locator('input[name="imrsSignedOffOn"]')).toHaveCount(0);
	await expect(page.locator('input[name="healthOverviewReceivedOn"]')).toHaveCount(1);
	await expectFitsAndAccessible(page);

	// The Executive Group meets.
	await fromReviewToTheExecutive(baseURL, playwright, caseId, today);
	await recordExecutiveMeeting(page, caseId, today);
	await expectFitsAndAccessible(page);

	// §13.14: the review goes to Ofsted, version 2 of the report, every item ticked.
	await page.goto(`/cases/${caseId}/review`);
	const dispatch = page.locator('form[action="?/dispatch"]');
	await dispatch.getByLabel('Date sent').fill(today);
	await expect(dispatch.getByLabel('Version of the overview report sent')).toHaveValue('2');
	await dispatch.getByLabel('Registered post reference').fill('RP 1234 5678 GB');
	await recordFullDispatch(page);
	await expect(page.getByTestId('ofsted-dispatch')).toContainText('Version 2');
	await expectFitsAndAccessible(page);

	// The case moves on from what the meeting and the dispatch recorded.
	await page.goto(`/cases/${caseId}`);
	await takeStep(page, 'Record the review sent to Ofsted', async (form) => {
		await expect(form.locator('input[name="executiveMeetingOn"]')).toHaveValue(today);
		await expect(form.locator('input[name="sentToOfstedOn"]')).toHaveValue(today);
		await form.getByLabel('Publish the executive summary only').check();
	});
	await expect(page.getByText('Done: Record the review sent to Ofsted.')).toBeVisible();
	await expect(page.getByTestId('panel-meetings-held')).toHaveText('1');
	await expect(policeRow).toContainText('Signed off');
	await expectFitsAndAccessible(page);
});
