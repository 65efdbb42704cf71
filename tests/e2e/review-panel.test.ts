import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import {
	onToScoping,
	onToTheExecutive,
	recordExecutiveMeeting,
	recordFullDispatch,
	recordPanelMeeting,
	saveVersion,
	scrDecided
} from './support/review-steps';
import { expect, expectFitsAndAccessible, test } from './fixtures';

// The review as work (§13.7–§13.14, decision 027): a panel with an independent chair, a panel
// meeting with minutes, two versions of the overview report, the Executive Group meeting and the
// review sent to Ofsted, at 320 px as on a phone, axe-clean on every page. The Chair then reads
// it all, with nothing to change.

test.use({ viewport: { width: 320, height: 640 } });

const today = todayIso();

test('a panel with an independent chair, a panel meeting with minutes, two versions of the overview report, the Executive Group and the review sent to Ofsted', async ({
	page,
	login,
	playwright
}, testInfo) => {
	test.setTimeout(3 * 60_000);
	const baseURL = testInfo.project.use.baseURL;
	// A child's death the Chair decided to review, its notices recorded, in scoping.
	const { caseId } = await scrDecided(baseURL, playwright, today);
	await onToScoping(
		baseURL,
		playwright,
		caseId,
		['ofstedNotifiedOn', 'lettersSentOn', 'imrsRequestedOn'],
		today
	);

	await login('unit');
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByTestId('panel-meetings-held')).toHaveText('0');
	await expectFitsAndAccessible(page);
	await page.getByRole('link', { name: /The review: panel, timetable/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('The review');
	await expectFitsAndAccessible(page);

	// §13.7: an independent chair employed by an agency involved in the case is refused.
	const appoint = page.locator('details', {
		has: page.getByText('Appoint the independent chair or overview report author', { exact: true })
	});
	await appoint.locator('summary').click();
	await appoint.getByLabel('Independent chair').check();
	await appoint.getByLabel('Name', { exact: true }).fill('Ivy Independent');
	await appoint.getByLabel('Who employs them').fill('North Yorkshire Police');
	await appoint
		.getByLabel('If their employer is an agency on this list, choose it')
		.selectOption({ label: 'North Yorkshire Police' });
	await appoint.getByLabel(/They have declared they are not employed/).check();
	await appoint.getByLabel('Date of their declaration').fill(today);
	await appoint.getByRole('button', { name: 'Record the appointment' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('must be independent');
	await expect(appoint.getByLabel('Name', { exact: true })).toHaveValue('Ivy Independent');
	await expectFitsAndAccessible(page);
	await appoint.getByLabel('Who employs them').fill('Independent Reviews Ltd');
	await appoint
		.getByLabel('If their employer is an agency on this list, choose it')
		.selectOption({ label: 'Not an agency on the list' });
	await appoint.getByLabel(/They have declared they are not employed/).check();
	await appoint.getByRole('button', { name: 'Record the appointment' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'The appointment and declaration were recorded.'
	);
	await expect(page.getByTestId('independent-chair')).toContainText(
		'Ivy Independent, employed by Independent Reviews Ltd'
	);

	// The case's next step starts from what the panel records say.
	await page.goto(`/cases/${caseId}`);
	await expect(page.locator('input[name="independentChair"]')).toHaveValue('Ivy Independent');

	// A panel meeting with its minutes.
	await page.goto(`/cases/${caseId}/meetings`);
	await expectFitsAndAccessible(page);
	await recordPanelMeeting(page, caseId, today);
	await page.getByRole('link', { name: /Open the individual panel meeting/ }).click();
	await expect(page.getByTestId('minutes')).toContainText(
		'The panel met with the overview report author.'
	);
	await expect(page.getByTestId('minutes')).toContainText('Version 1, saved by Uma Unit');
	await expectFitsAndAccessible(page);

	// Two versions of the overview report, both kept.
	await page.goto(`/cases/${caseId}/review`);
	await saveVersion(page, 'Overview report', 'Overview report: first draft.');
	await saveVersion(page, 'Overview report', 'Overview report: as agreed with the panel.');
	const overview = page.getByTestId('document-overview_report');
	await expect(overview.getByTestId('latest-version')).toContainText(
		'Version 2, saved by Uma Unit'
	);
	await expect(overview).toContainText('Overview report: as agreed with the panel.');
	await overview.getByText('Earlier versions of the overview report (1)').click();
	await expect(overview).toContainText('Overview report: first draft.');
	await expectFitsAndAccessible(page);

	// The Executive Group meeting, then the review sent to Ofsted.
	await onToTheExecutive(baseURL, playwright, caseId, today);
	await recordExecutiveMeeting(page, caseId, today);

	await page.goto(`/cases/${caseId}/review`);
	const dispatch = page.locator('form[action="?/dispatch"]');
	await dispatch.getByLabel('Date sent').fill(today);
	await expect(dispatch.getByLabel('Version of the overview report sent')).toHaveValue('2');
	await dispatch.getByRole('checkbox', { name: 'The overview report' }).check();
	await dispatch.getByLabel('Two hard copies were sent by registered post').check();
	await dispatch.getByLabel('Registered post reference').fill('RP 1234 5678 GB');
	await dispatch.getByRole('button', { name: 'Record the review sent to Ofsted' }).click();
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('tick each item sent');
	await expectFitsAndAccessible(page);
	await recordFullDispatch(page);
	await expect(page.getByTestId('ofsted-dispatch')).toContainText('Version 2');
	await expect(page.getByTestId('ofsted-dispatch')).toContainText('The health overview report');
	await expectFitsAndAccessible(page);

	// The case page: its next step starts from the Executive meeting and the dispatch.
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByTestId('panel-meetings-held')).toHaveText('1');
	await expect(page.locator('input[name="sentToOfstedOn"]')).toHaveValue(today);
	await expect(page.locator('input[name="executiveMeetingOn"]')).toHaveValue(today);
	await page.getByRole('button', { name: 'Sign out' }).click();

	// The Chair reads it all, with nothing to change.
	await login('chair');
	await page.goto(`/cases/${caseId}/review`);
	await expect(page.getByTestId('independent-chair')).toContainText('Ivy Independent');
	await expect(page.getByTestId('ofsted-dispatch')).toContainText('RP 1234 5678 GB');
	await expect(page.getByRole('button', { name: /^(Record|Save|Add)/ })).toHaveCount(0);
	await expectFitsAndAccessible(page);
	await page.goto(`/cases/${caseId}/meetings`);
	await expect(page.getByRole('button', { name: 'Record the meeting' })).toHaveCount(0);
	await expectFitsAndAccessible(page);
});
