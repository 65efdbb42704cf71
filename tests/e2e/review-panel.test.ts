import type { APIRequest, Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { Api, notificationForm } from './support/seed';
import { expect, expectFitsAndAccessible, test } from './fixtures';

// The review as work (§13.7–§13.14, decision 027): a panel with an independent chair, a panel
// meeting with minutes, two versions of the overview report, the Executive Group meeting and the
// review sent to Ofsted, at 320 px as on a phone, axe-clean on every page. The Chair then reads
// it all, with nothing to change.

test.use({ viewport: { width: 320, height: 640 } });

const today = todayIso();

/** A child's death the Chair decided to review, its notices recorded, in scoping. */
async function scrInScoping(baseURL: string | undefined, playwright: { request: APIRequest }) {
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
	const { caseId } = await unit.call<{ caseId: string }>('triage.openCase', {
		notificationId,
		classification: 'child_death'
	});
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id;
	let { version } = await unit.call<{ version: number }>('cases.transition', {
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: today
		}
	});
	({ version } = await chair.call<{ version: number }>('cases.transition', {
		id: caseId,
		version,
		to: 'scr_initiated',
		payload: { decidedOn: today, rationale: 'The criteria in §13.2 are met' }
	}));
	for (const name of ['ofstedNotifiedOn', 'lettersSentOn', 'imrsRequestedOn']) {
		({ version } = await unit.call<{ version: number }>('cases.recordDate', {
			id: caseId,
			version,
			name,
			date: today
		}));
	}
	await unit.call('cases.transition', { id: caseId, version, to: 'scoping', payload: {} });
	await Promise.all(contexts.map((c) => c.dispose()));
	return caseId;
}

/** The Unit's moves from scoping to the Executive Group, as the case page would make them. */
async function onToTheExecutive(
	baseURL: string | undefined,
	playwright: { request: APIRequest },
	caseId: string
) {
	const context = await playwright.request.newContext({ baseURL });
	const unit = new Api(context);
	await unit.signIn('unit');
	let { version } = await unit.query<{ version: number }>('cases.get', { id: caseId });
	const move = async (to: string, payload: Record<string, unknown>) => {
		({ version } = await unit.call<{ version: number }>('cases.transition', {
			id: caseId,
			version,
			to,
			payload
		}));
	};
	await move('in_review', {
		termsOfReferenceAgreedOn: today,
		independentChair: 'Ivy Independent',
		overviewWriter: 'Olu Writer',
		panelAgreedOn: today,
		timetableAgreedOn: today,
		mediaStrategyAgreedOn: today
	});
	await move('drafting', {
		chronologiesReceivedOn: today,
		imrsSignedOffOn: today,
		healthOverviewReceivedOn: today
	});
	({ version } = await unit.call<{ version: number }>('review.saveDocumentVersion', {
		id: caseId,
		version,
		kind: 'executive_summary',
		body: 'Executive summary as agreed.'
	}));
	await move('executive', {
		overviewReportAgreedOn: today,
		executiveSummaryAgreedOn: today,
		actionPlanAgreedOn: today
	});
	await context.dispose();
}

async function saveVersion(page: Page, title: string, body: string) {
	const details = page.locator('details', {
		has: page.getByText(`Save a new version of the ${title.toLowerCase()}`, { exact: true })
	});
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await details.getByLabel('Text of this version').fill(body);
	await details.getByRole('button', { name: 'Save the new version' }).click();
	await expect(page.getByRole('alert')).toContainText('The new version was saved.');
}

test('a panel with an independent chair, a panel meeting with minutes, two versions of the overview report, the Executive Group and the review sent to Ofsted', async ({
	page,
	login,
	playwright
}, testInfo) => {
	test.setTimeout(3 * 60_000);
	const baseURL = testInfo.project.use.baseURL;
	const caseId = await scrInScoping(baseURL, playwright);

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
	await page.getByLabel('Individual panel meeting').check();
	await page.getByLabel('Date of the meeting').fill(today);
	await page.getByLabel('Uma Unit (Safeguarding Unit)').check();
	await page.getByLabel('Others who attended').fill('Ivy Independent, Independent Reviews Ltd');
	await page.getByLabel('Agenda').fill('The IMRs and the multi-agency chronology');
	await page.getByLabel('Decisions taken').fill('The timetable was agreed.');
	await page.getByLabel(/^Minutes/).fill('The panel met with the overview report author.');
	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page.getByRole('alert')).toContainText('The meeting was recorded.');
	await expect(page.getByTestId('panel-meetings-held')).toContainText(
		'1 individual panel meeting held'
	);
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
	await onToTheExecutive(baseURL, playwright, caseId);
	await page.goto(`/cases/${caseId}/meetings`);
	await page.getByLabel('Executive Group meeting').check();
	await page.getByLabel('Date of the meeting').fill(today);
	await page.getByLabel('Others who attended').fill('Chris Chair, LSCB');
	await page.getByLabel('Agenda').fill('The overview report, executive summary and action plan');
	await page.getByLabel('Decisions taken').fill('Agreed the action plan; publish the summary.');
	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page.getByRole('alert')).toContainText('The meeting was recorded.');

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
	for (const item of [
		'The overview report',
		'The executive summary',
		'The multi-agency chronologies',
		'The individual management reviews',
		'The health overview report',
		'The action plans'
	]) {
		await dispatch.getByRole('checkbox', { name: item }).check();
	}
	await dispatch.getByLabel('Two hard copies were sent by registered post').check();
	await dispatch.getByRole('button', { name: 'Record the review sent to Ofsted' }).click();
	await expect(page.getByRole('alert')).toContainText('The review was recorded as sent to Ofsted.');
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
