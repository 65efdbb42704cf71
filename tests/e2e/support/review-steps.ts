import type { APIRequest, Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { addCalendarDays } from '../../../src/lib/domain/calendar/iso-date';
import { Api, notificationForm } from './seed';
import { expect } from '../fixtures';

// The steps of the review after the Chair's decision (§13.6–§13.14), shared by the IMR, panel
// and whole-path browser tests so each reads as its story and the steps are written once.

type Playwright = { request: APIRequest };

/** A child's death the Chair decided on `decidedOn` to review with an SCR. */
export async function scrDecided(
	baseURL: string | undefined,
	playwright: Playwright,
	decidedOn: string
) {
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

/**
 * The Unit records the case's dates no step records (`dates`, e.g. the Ofsted notice and, on a
 * case without IMR letters, the letters' dates) and moves it on to scoping.
 */
export async function onToScoping(
	baseURL: string | undefined,
	playwright: Playwright,
	caseId: string,
	dates: string[],
	on: string
) {
	const context = await playwright.request.newContext({ baseURL });
	const unit = new Api(context);
	await unit.signIn('unit');
	let { version } = await unit.query<{ version: number }>('cases.get', { id: caseId });
	for (const name of dates) {
		({ version } = await unit.call<{ version: number }>('cases.recordDate', {
			id: caseId,
			version,
			name,
			date: on
		}));
	}
	await unit.call('cases.transition', { id: caseId, version, to: 'scoping', payload: {} });
	await context.dispose();
}

/** The Unit's API, signed in, for moves the case page would make with typed dates. */
async function unitApi(baseURL: string | undefined, playwright: Playwright) {
	const context = await playwright.request.newContext({ baseURL });
	const unit = new Api(context);
	await unit.signIn('unit');
	return { unit, dispose: () => context.dispose() };
}

/** The Unit records the review set up (§13.7): the case moves from scoping to in review. */
export async function intoReview(
	baseURL: string | undefined,
	playwright: Playwright,
	caseId: string,
	on: string
) {
	const { unit, dispose } = await unitApi(baseURL, playwright);
	const { version } = await unit.query<{ version: number }>('cases.get', { id: caseId });
	await unit.call('cases.transition', {
		id: caseId,
		version,
		to: 'in_review',
		payload: {
			termsOfReferenceAgreedOn: on,
			independentChair: 'Ivy Independent',
			overviewWriter: 'Olu Writer',
			panelAgreedOn: on,
			timetableAgreedOn: on,
			mediaStrategyAgreedOn: on
		}
	});
	await dispose();
}

/**
 * The Unit's moves from in review to the Executive Group. The date the IMRs were signed off is
 * typed for a case without IMR requests; on one with them the sign-offs give it (§13.9).
 */
export async function fromReviewToTheExecutive(
	baseURL: string | undefined,
	playwright: Playwright,
	caseId: string,
	on: string
) {
	const { unit, dispose } = await unitApi(baseURL, playwright);
	let { version } = await unit.query<{ version: number }>('cases.get', { id: caseId });
	const move = async (to: string, payload: Record<string, unknown>) => {
		({ version } = await unit.call<{ version: number }>('cases.transition', {
			id: caseId,
			version,
			to,
			payload
		}));
	};
	await move('drafting', {
		chronologiesReceivedOn: on,
		imrsSignedOffOn: on,
		healthOverviewReceivedOn: on
	});
	({ version } = await unit.call<{ version: number }>('panel.saveDocumentVersion', {
		id: caseId,
		version,
		kind: 'executive_summary',
		body: 'Executive summary as agreed.'
	}));
	await move('executive', {
		overviewReportAgreedOn: on,
		executiveSummaryAgreedOn: on,
		actionPlanAgreedOn: on
	});
	await dispose();
}

/** The Unit's moves from scoping to the Executive Group, as the case page would make them. */
export async function onToTheExecutive(
	baseURL: string | undefined,
	playwright: Playwright,
	caseId: string,
	on: string
) {
	await intoReview(baseURL, playwright, caseId, on);
	await fromReviewToTheExecutive(baseURL, playwright, caseId, on);
}

/**
 * The health trust's IMR arrives late, signed off on `on`: the administrator gives the trust's
 * safeguarding lead an account (the demo has only the police's), who chooses a password and
 * sends the IMR through the app's API, as the inbox page would.
 */
export async function healthTrustSendsSignedOffImr(
	baseURL: string | undefined,
	playwright: Playwright,
	caseId: string,
	on: string
) {
	const contexts = await Promise.all(
		[0, 1, 2].map(() => playwright.request.newContext({ baseURL }))
	);
	const [admin, unit, lead] = contexts.map((c) => new Api(c)) as [Api, Api, Api];
	await admin.signIn('admin');
	await unit.signIn('unit');
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const health = agencies.find((a) => a.name === 'Harrogate District NHS Foundation Trust');
	const email = `health.lead.${Date.now()}@demo.test`;
	const first = 'first-password-from-the-administrator';
	const chosen = 'the-health-leads-own-long-password';
	await admin.call('admin.createUser', {
		name: 'Hana Health',
		email,
		role: 'agency',
		agencyId: health?.id,
		password: first
	});
	await lead.call('auth.signIn', { email, password: first });
	await lead.call('account.changePassword', {
		currentPassword: first,
		newPassword: chosen,
		confirmPassword: chosen
	});
	await lead.call('auth.signIn', { email, password: chosen });
	const requests = await unit.query<{ id: string; agencyId: string }[]>('imrs.forCase', {
		caseId
	});
	const requestId = requests.find((r) => r.agencyId === health?.id)?.id;
	await lead.call('imrs.submit', {
		requestId,
		clientId: uuidv7(),
		imr: {
			author: { name: 'Nia Nurse', role: 'Named Nurse for Safeguarding' },
			chronology: [
				{
					date: addCalendarDays(on, -30),
					event: 'Health visitor contact missed',
					source: 'Health visiting record',
					significance: 'No follow-up visit was arranged'
				}
			],
			analysis: 'Missed contacts were not escalated.',
			recommendations: 'Escalate two missed contacts to the named nurse.',
			signOff: { name: 'Hal Head', role: 'Director of Nursing', signedOffOn: on }
		}
	});
	await Promise.all(contexts.map((c) => c.dispose()));
}

/** On the case page, the Unit sends IMR request letters to one agency. */
export async function sendLetters(page: Page, agency: string, sentOn: string, dueOn: string) {
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

/**
 * On its IMR page, the police fill in the IMR: author, a two-entry chronology, analysis,
 * recommendations, a file, and the senior manager's sign-off dated `today`. Not yet sent.
 */
export async function fillSignedOffImr(page: Page, today: string, file: Buffer) {
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
		buffer: file
	});
	await page.getByLabel('A senior manager has signed off this IMR').check();
	await page.getByLabel('Senior manager’s full name').fill('Sam Senior');
	await page.getByLabel('Senior manager’s role').fill('Assistant Chief Constable');
	await page.getByLabel('Date it was signed off').fill(today);
}

/** On the meetings page, the Unit records a panel meeting with its minutes. */
export async function recordPanelMeeting(page: Page, caseId: string, on: string) {
	await page.goto(`/cases/${caseId}/meetings`);
	await page.getByLabel('Individual panel meeting').check();
	await page.getByLabel('Date of the meeting').fill(on);
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
}

/** On the review page, the Unit saves a new version of a document. */
export async function saveVersion(page: Page, title: string, body: string) {
	const details = page.locator('details', {
		has: page.getByText(`Save a new version of the ${title.toLowerCase()}`, { exact: true })
	});
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await details.getByLabel('Text of this version').fill(body);
	await details.getByRole('button', { name: 'Save the new version' }).click();
	await expect(page.getByRole('alert')).toContainText('The new version was saved.');
}

/** On the meetings page, the Unit records the Executive Group meeting. */
export async function recordExecutiveMeeting(page: Page, caseId: string, on: string) {
	await page.goto(`/cases/${caseId}/meetings`);
	await page.getByLabel('Executive Group meeting').check();
	await page.getByLabel('Date of the meeting').fill(on);
	await page.getByLabel('Others who attended').fill('Chris Chair, LSCB');
	await page.getByLabel('Agenda').fill('The overview report, executive summary and action plan');
	await page.getByLabel('Decisions taken').fill('Agreed the action plan; publish the summary.');
	await page.getByRole('button', { name: 'Record the meeting' }).click();
	await expect(page.getByRole('alert')).toContainText('The meeting was recorded.');
}

/** Everything §13.14 says goes to Ofsted, as the dispatch checklist names it. */
export const OFSTED_DISPATCH_ITEMS = [
	'The overview report',
	'The executive summary',
	'The multi-agency chronologies',
	'The individual management reviews',
	'The health overview report',
	'The action plans'
];

/** On the review page (its dispatch form filled in), ticks every item and records the dispatch. */
export async function recordFullDispatch(page: Page) {
	const dispatch = page.locator('form[action="?/dispatch"]');
	for (const item of OFSTED_DISPATCH_ITEMS) {
		await dispatch.getByRole('checkbox', { name: item }).check();
	}
	await dispatch.getByLabel('Two hard copies were sent by registered post').check();
	await dispatch.getByRole('button', { name: 'Record the review sent to Ofsted' }).click();
	await expect(page.getByRole('alert')).toContainText('The review was recorded as sent to Ofsted.');
}
