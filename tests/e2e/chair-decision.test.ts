import type { APIRequest, Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { Api, notificationForm } from './support/seed';
import { takeStep } from './support/case-steps';
import { expect, expectAccessible, test } from './fixtures';

// §13.6 "The LSCB Chair is ultimately responsible for deciding whether or not to conduct a SCR":
// the Chair decides on a page that shows the Sub Group's recommendation with its reasons, who
// made it and a member's disagreement, and every short report with its files. At 320 px, as on a
// phone, and axe-clean.

test.use({ viewport: { width: 320, height: 640 } });

// Its own bytes: the same content from the same agency is the same attachment, under the name
// it was first uploaded with, and other tests upload PDFs as the police too.
const PDF = Buffer.from(
	`%PDF-1.4\n% chair-decision ${Date.now()}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`
);

async function expectFitsTheWidth(page: Page) {
	const { width, viewport } = await page.evaluate(() => ({
		width: document.documentElement.scrollWidth,
		viewport: document.documentElement.clientWidth
	}));
	expect(width, 'the page scrolls sideways').toBeLessThanOrEqual(viewport);
}

/** A case the Sub Group recommended for an audit, the police's report sent with a PDF. */
async function awaitingTheChair(baseURL: string | undefined, playwright: { request: APIRequest }) {
	const today = todayIso();
	const contexts = await Promise.all(
		[0, 1, 2].map(() => playwright.request.newContext({ baseURL }))
	);
	const [practitioner, unit, agency] = contexts.map((c) => new Api(c)) as [Api, Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	await agency.signIn('agency');
	const notificationId = uuidv7();
	await practitioner.call('notifications.submit', {
		id: notificationId,
		form: notificationForm({
			incidentType: 'serious_harm',
			children: [
				{
					name: 'Casey Decision',
					otherNames: '',
					dobKnown: 'yes',
					dateOfBirth: '2020-02-02',
					approximateAge: '',
					gender: 'not_known',
					ethnicity: ''
				}
			]
		})
	});
	const { caseId, reference } = await unit.call<{ caseId: string; reference: string }>(
		'triage.openCase',
		{ notificationId, classification: 'serious_harm' }
	);
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id;
	let version = 1;
	const move = async (to: string, payload: Record<string, unknown>) => {
		({ version } = await unit.call<{ version: number }>('cases.transition', {
			id: caseId,
			version,
			to,
			payload
		}));
	};
	await move('gathering', {
		classification: 'serious_harm',
		agencyIds: [police],
		filesSecureRequestedOn: today
	});

	const requests = await agency.query<{ id: string; caseReference: string }[]>('agency.requests');
	const request = requests.find((r) => r.caseReference === reference);
	if (!request) throw new Error('the police were not asked');
	const upload = await contexts[2]?.post('/api/attachments', {
		headers: { 'x-filename': 'strategy-minutes.pdf', 'content-type': 'application/pdf' },
		data: PDF
	});
	const { attachment } = (await upload?.json()) as { attachment: { id: string } };
	await agency.call('agency.submitReport', {
		requestId: request.id,
		clientId: uuidv7(),
		attachmentIds: [attachment.id],
		report: {
			involvementFrom: '2025-01-06',
			involvementTo: today,
			keyContacts: [{ date: '2025-03-01', contact: 'Welfare visit after a neighbour called' }],
			lastContactOn: today,
			concernsAndAction: 'Bruising seen at the welfare visit; referred to social care.',
			immediateSteps: 'Strategy discussion held the same day.',
			recordsSecured: 'yes',
			recordsSecuredOn: today,
			earlyLearning: 'None identified yet.',
			criteriaView: 'The criteria appear to be met.',
			author: { name: 'Alex Agency', role: 'Detective Sergeant' },
			signOff: { leadName: 'DI Lead', confirmed: true }
		}
	});

	await move('chair_briefed', { chairBriefedOn: today });
	await move('panel_scheduled', { meetingOn: today });
	await move('panel_recommended', {
		meetingOn: today,
		recommendation: 'audit',
		recommendationReasons: 'Practice was sound; one agency did not share a concern.',
		subGroupChair: 'Sam Subgroup',
		memberDissent: 'The police asked for a full review.'
	});
	await move('chair_decision', { recommendationSentOn: today });
	await Promise.all(contexts.map((c) => c.dispose()));
	return caseId;
}

test('the Chair decides with the recommendation, its reasons, its maker, the dissent and the short reports in view, and opens a file', async ({
	page,
	login,
	playwright
}, testInfo) => {
	test.setTimeout(2 * 60_000);
	const caseId = await awaitingTheChair(testInfo.project.use.baseURL, playwright);

	await login('chair');
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Awaiting Chair's decision");
	const recommendation = page.getByTestId('recommendation');
	await expect(recommendation).toContainText('Undertake a smaller scale audit');
	await expect(recommendation).toContainText(
		'Practice was sound; one agency did not share a concern.'
	);
	await expect(recommendation).toContainText('Sam Subgroup');
	await expect(recommendation).toContainText('The police asked for a full review.');
	const report = page.getByTestId('short-report');
	await expect(report.getByRole('heading')).toHaveText('Short report from North Yorkshire Police');
	await expect(report).toContainText(
		'Bruising seen at the welfare visit; referred to social care.'
	);
	await expect(page.getByTestId('possible-duplicates')).toBeVisible();
	// What the practitioner notified, whole (§13.5: the decision rests on it and the reports).
	await page.getByText(/^Notification NTF-\d{4}-\d{4}, received/).click();
	await expect(
		page.getByText('Admitted to hospital with injuries not consistent with the account given.')
	).toBeVisible();
	await expectAccessible(page);
	await expectFitsTheWidth(page);

	// The file the police sent opens for the Chair, as a download.
	const download = page.waitForEvent('download');
	await report.getByRole('link', { name: 'strategy-minutes.pdf' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('strategy-minutes.pdf');

	// A refused decision comes back as it was typed, with the message beside the field; the
	// rescind date shows only once "tell agencies" is chosen, and §13.2's question not at all here
	// (serious harm, not a death).
	await takeStep(page, 'Decide on a smaller scale audit', async (form) => {
		await expect(form.getByLabel(/the reason for departing from §13.2/)).toHaveCount(0);
		await expect(form.getByLabel(/If told: the date agencies were told/)).toBeHidden();
		await form.getByLabel('Rationale for the decision').fill('An audit is proportionate.');
		await form
			.getByLabel('Tell agencies they no longer need to secure their files (§13.5)')
			.check();
		await expect(form.getByLabel(/If told: the date agencies were told/)).toBeVisible();
	});
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter who will lead the work');
	const form = page.locator('form', {
		has: page.getByRole('button', { name: 'Decide on a smaller scale audit' })
	});
	await expect(form.getByLabel('Rationale for the decision')).toHaveValue(
		'An audit is proportionate.'
	);
	await expect(
		form.getByLabel('Tell agencies they no longer need to secure their files (§13.5)')
	).toBeChecked();
	await expect(form.locator('.govuk-error-message').first()).toBeVisible();
	await expectAccessible(page);
	await expectFitsTheWidth(page);
});

test.describe('without JavaScript', () => {
	// The refused form's answer is a 400 page, which the browser logs.
	test.use({ javaScriptEnabled: false, expectedConsoleErrors: /status of 400 \(Bad Request\)/ });

	test('a refused step comes back from the server with what was typed, and every conditional field is there to fill', async ({
		page,
		login,
		playwright
	}, testInfo) => {
		test.setTimeout(2 * 60_000);
		const caseId = await awaitingTheChair(testInfo.project.use.baseURL, playwright);
		await login('chair');
		await page.goto(`/cases/${caseId}`);
		const details = page.locator('details', {
			has: page.getByText('Decide on no further action', { exact: true })
		});
		await details.locator('summary').click();
		const form = details.locator('form');
		// No script to reveal them: both halves of the files choice show, each saying when it applies.
		await expect(form.getByLabel(/If told: the date agencies were told/)).toBeVisible();
		await expect(
			form.getByLabel(/If kept: why agencies must keep their files secured/)
		).toBeVisible();
		await expect(form.getByLabel(/the reason for departing from §13.2/)).toHaveCount(0);
		await form.getByLabel('Date decided').fill(todayIso());
		await form.getByLabel('Rationale for the decision').fill('Nothing more to learn.');
		await form.getByLabel('Dissent to record (optional)').fill('One member wanted an audit.');
		await form.getByLabel('Keep the files secured, for a reason recorded below').check();
		await form.getByRole('button', { name: 'Decide on no further action' }).click();

		// The page came back from the server: the messages beside the fields, the typed values kept.
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Enter why agencies must keep their files secured'
		);
		const again = page
			.locator('details', { has: page.getByText('Decide on no further action', { exact: true }) })
			.locator('form');
		await expect(again.getByLabel('Rationale for the decision')).toHaveValue(
			'Nothing more to learn.'
		);
		await expect(again.getByLabel('Dissent to record (optional)')).toHaveValue(
			'One member wanted an audit.'
		);
		await expect(
			again.getByLabel('Keep the files secured, for a reason recorded below')
		).toBeChecked();
		await expect(
			again.locator('[data-field="keepFilesReason"] .govuk-error-message')
		).toContainText('Enter why agencies must keep their files secured');
		// (axe needs JavaScript: the same page is checked by the test above.)
	});
});
