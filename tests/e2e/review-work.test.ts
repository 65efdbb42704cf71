import type { Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { Api, notificationForm } from './support/seed';
import { takeStep } from './support/case-steps';
import { expect, expectAccessible, expectFitsAndAccessible, test } from './fixtures';

// The review work beside the review in the browser: notices to other bodies (§13.6, §13.16) and a
// parallel proceeding holding publication (§13.15) until the Executive Group's reason lets it go
// ahead. Each page axe-clean and no wider than 320 px; the Chair reads without forms.

const today = todayIso();

async function fits320(page: Page) {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 320, height: 800 });
	await expectFitsAndAccessible(page);
	if (size) await page.setViewportSize(size);
}

/** Opens a review work form by its summary line. */
async function openForm(page: Page, summary: string) {
	const details = page.locator('details', { has: page.getByText(summary, { exact: true }) });
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	return details.locator('form');
}

test('the Unit records other bodies told and a parallel proceeding; publication waits for it until the Executive Group records why it goes ahead', async ({
	page,
	login,
	playwright,
	baseURL
}) => {
	test.setTimeout(3 * 60_000);
	// A review taken through to publication through the API, as the earlier stages' tests do.
	const apis: Record<'practitioner' | 'unit' | 'chair', Api> = {
		practitioner: new Api(await playwright.request.newContext({ baseURL })),
		unit: new Api(await playwright.request.newContext({ baseURL })),
		chair: new Api(await playwright.request.newContext({ baseURL }))
	};
	for (const [persona, api] of Object.entries(apis)) await api.signIn(persona as 'unit');
	const id = uuidv7();
	await apis.practitioner.call('notifications.submit', { id, form: notificationForm() });
	const { caseId } = await apis.unit.call<{ caseId: string }>('triage.openCase', {
		notificationId: id,
		classification: 'serious_harm'
	});
	const agencies = await apis.unit.query<{ id: string; name: string }[]>('agencies.list');
	let version = 1;
	const move = async (api: Api, to: string, payload: object = {}) => {
		version = (
			await api.call<{ version: number }>('cases.transition', { id: caseId, version, to, payload })
		).version;
	};
	await move(apis.unit, 'chair_decision', {
		classification: 'serious_harm',
		reason: 'Criteria clearly met',
		securingAgencyIds: [agencies[0]?.id],
		filesSecureRequestedOn: today
	});
	await move(apis.chair, 'scr_initiated', { decidedOn: today, rationale: 'Criteria met' });
	for (const name of ['ofstedNotifiedOn', 'lettersSentOn', 'imrsRequestedOn']) {
		version = (
			await apis.unit.call<{ version: number }>('cases.recordDate', {
				id: caseId,
				version,
				name,
				date: today
			})
		).version;
	}
	await move(apis.unit, 'scoping');
	await move(apis.unit, 'in_review', {
		termsOfReferenceAgreedOn: today,
		independentChair: 'Dr Ina Chair',
		overviewWriter: 'Olu Writer',
		panelAgreedOn: today,
		timetableAgreedOn: today,
		mediaStrategyAgreedOn: today
	});
	await move(apis.unit, 'drafting', {
		chronologiesReceivedOn: today,
		imrsSignedOffOn: today,
		healthOverviewReceivedOn: today
	});
	await move(apis.unit, 'executive', {
		overviewReportAgreedOn: today,
		executiveSummaryAgreedOn: today,
		actionPlanAgreedOn: today
	});
	await move(apis.unit, 'sent_to_ofsted', {
		executiveMeetingOn: today,
		publicationDecision: 'executive_summary_only',
		sentToOfstedOn: today
	});
	await move(apis.unit, 'evaluated', { evaluationLetterOn: today, evaluationGrade: 'adequate' });
	await move(apis.unit, 'publication');
	await Promise.all(Object.values(apis).map((api) => api.request.dispose()));

	await login('unit');
	await page.goto(`/cases/${caseId}`);
	const flags = page.getByTestId('review-work-flags');
	await expect(flags).toContainText(
		'Not yet told: HM Inspectorate of Constabulary (HMIC): told of the serious case review (§13.6)'
	);
	await expect(flags).toContainText('Care Quality Commission (CQC): told the review');
	await page
		.getByRole('link', { name: /Notifications to other bodies, parallel proceedings/ })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review work beside the review');
	await fits320(page);

	// A notice with nothing filled in is refused, each field named, the summary focused.
	const summary = page.locator('.govuk-error-summary');
	let form = await openForm(page, 'Record a notice to another body');
	await form.getByRole('button', { name: 'Record the notice' }).click();
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Select the body that was told');
	await expect(summary).toContainText('Enter who told them (name and role)');
	await expectAccessible(page);
	await summary.getByRole('link', { name: 'Select the body that was told' }).click();
	await expect(page.locator('#notice-body')).toBeFocused();

	form = await openForm(page, 'Record a notice to another body');
	await form.getByLabel('HM Inspectorate of Constabulary (HMIC)').check();
	await form.getByLabel('Told of the serious case review').check();
	await form.getByLabel('Date they were told').fill(today);
	await form
		.getByLabel('Who told them (name and role)')
		.fill('DCI Dee, Protecting Vulnerable People Unit');
	await form.getByRole('button', { name: 'Record the notice' }).click();
	await expect(page.getByText('Recorded. It is in the case timeline.')).toBeVisible();
	await expect(page.getByTestId('notice-row')).toContainText(
		'DCI Dee, Protecting Vulnerable People Unit'
	);
	await expect(page.getByTestId('notices-missing')).not.toContainText(
		'(HMIC): told of the serious'
	);

	form = await openForm(page, 'Record a proceeding, or a change to one');
	await form.getByLabel("Coroner's inquest").check();
	await form.getByLabel('Active: not yet concluded').check();
	await form.getByLabel('Date it began, or the Unit learned of it').fill(today);
	await form.getByLabel('Details (optional)').fill('Inquest opened and adjourned');
	await form.getByRole('button', { name: 'Record the proceeding' }).click();
	await expect(page.getByTestId('publication-held')).toContainText(
		"Coroner's inquest not concluded"
	);
	await fits320(page);

	// Publishing is refused while the inquest is active, with the reason beside the field.
	await page.getByRole('link', { name: /Back to case/ }).click();
	await expect(page.getByTestId('review-work-flags')).toContainText('Publication waits');
	const PUBLISH = 'Record publication and start monitoring';
	await takeStep(page, PUBLISH, async (step) => {
		await step.getByLabel('Published on the LSCB website').check();
		await step.getByLabel('Date publication', { exact: true }).fill(today);
	});
	await expect(summary).toBeFocused();
	await expect(summary).toContainText(
		"Publication waits until these are concluded: the coroner's inquest (§13.10, §13.15)"
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Publication');
	await expectAccessible(page);

	// The Executive Group's reason lets it go ahead.
	await page.goto(`/cases/${caseId}/review-work`);
	form = await openForm(
		page,
		"Record the Executive Group's reason to publish before the proceedings conclude"
	);
	await form.getByLabel("Date of the Executive Group's decision").fill(today);
	await form
		.getByLabel('Why the Executive Group goes ahead with publication')
		.fill('The coroner agreed the summary touches nothing before the inquest');
	await form.getByRole('button', { name: "Record the Executive Group's reason" }).click();
	await expect(page.getByTestId('go-ahead')).toContainText('The coroner agreed the summary');
	await expect(page.getByTestId('publication-held')).toHaveCount(0);
	await expectAccessible(page);

	await page.goto(`/cases/${caseId}`);
	await takeStep(page, PUBLISH, async (step) => {
		await step.getByLabel('Published on the LSCB website').check();
		await step.getByLabel('Date publication', { exact: true }).fill(today);
	});
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Monitoring the action plan');
	await expect(page.getByText("recorded Coroner's inquest as active")).toBeVisible();
	await fits320(page);
});

test('the Chair reads the review work without forms, and sees the §13.19 flag', async ({
	page,
	login,
	playwright,
	baseURL
}) => {
	const unit = new Api(await playwright.request.newContext({ baseURL }));
	const practitioner = new Api(await playwright.request.newContext({ baseURL }));
	await unit.signIn('unit');
	await practitioner.signIn('practitioner');
	const id = uuidv7();
	await practitioner.call('notifications.submit', {
		id,
		form: notificationForm({ institutionalSetting: 'childrens_home' })
	});
	const { caseId } = await unit.call<{ caseId: string }>('triage.openCase', {
		notificationId: id,
		classification: 'serious_harm'
	});
	await Promise.all([unit, practitioner].map((api) => api.request.dispose()));

	await login('chair');
	await page.goto(`/cases/${caseId}/review-work`);
	await expect(page.getByTestId('three-strand-flag')).toContainText(
		'Institutional setting named: record the initial three-strand meeting (§13.19)'
	);
	await expect(page.getByRole('button', { name: /^Record/ })).toHaveCount(0);
	await expect(page.getByText('You are reading this page')).toBeVisible();
	await fits320(page);
});
