import type { Page } from '@playwright/test';
import { Api, seedOneOfEverything, type SeededRecords } from './support/seed';
import { expect, expectAccessible, expectErrorsInPageOrder, openUnlocked, test } from './fixtures';

// GOV.UK: an error summary lists the problems in the order their fields appear on the page. The
// schemas check fields in their own order, so ErrorSummary puts the list in page order; each form
// here is sent empty and its summary checked against the page.

let seeded: SeededRecords;

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL;
	const contexts = await Promise.all(
		[0, 1, 2].map(() => playwright.request.newContext({ baseURL }))
	);
	const [practitioner, unit, agency] = contexts.map((c) => new Api(c)) as [Api, Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	await agency.signIn('agency');
	seeded = await seedOneOfEverything(practitioner, unit, agency);
	await Promise.all(contexts.map((c) => c.dispose()));
});

async function sendEmpty(page: Page, button: string) {
	await page.getByRole('button', { name: button, exact: true }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	const messages = await expectErrorsInPageOrder(page);
	expect(messages.length, 'the form reports several problems').toBeGreaterThan(1);
	await expectAccessible(page);
	return messages;
}

const before = (messages: string[], first: string, second: string) => {
	expect(messages.indexOf(first), `"${first}" is listed`).toBeGreaterThanOrEqual(0);
	expect(messages.indexOf(first), `"${first}" comes before "${second}"`).toBeLessThan(
		messages.indexOf(second)
	);
};

test('sign-in', async ({ page }) => {
	// Sent before the page's script has started, the form posts without it: the server answers a
	// whole page with status 400, which the browser logs as an error. A person's first tap comes
	// later; the test waits for the script as well.
	await page.goto('/sign-in', { waitUntil: 'networkidle' });
	await sendEmpty(page, 'Sign in');
});

test('the new notification: the incident type before its date, legal status before the child', async ({
	page,
	login
}) => {
	await login('practitioner');
	await openUnlocked(page, '/notifications/new');
	const messages = await sendEmpty(page, 'Continue');
	before(messages, 'Select the type of incident', 'Select whether the incident date is known');
	const legalStatus = messages.findIndex((m) => /legal status/i.test(m));
	const child = messages.findIndex((m) => /child's (full )?name|name of the child/i.test(m));
	expect(legalStatus, messages.join('\n')).toBeGreaterThanOrEqual(0);
	expect(child, messages.join('\n')).toBeGreaterThan(legalStatus);
});

test("the agency's short report and nil return", async ({ page, login }) => {
	await login('agency');
	await openUnlocked(page, `/agency/requests/${seeded.openRequestId}`);
	// Past the check-your-answers step, sent empty: the server's refusal brings the form back.
	await page.getByRole('button', { name: 'Continue', exact: true }).click();
	await sendEmpty(page, 'Send the short report');
	await openUnlocked(page, `/agency/requests/${seeded.openRequestId}`);
	await sendEmpty(page, 'Send no involvement');
});

test("the Unit's case steps", async ({ page, login }) => {
	await login('unit');
	// A second case in triage: its first step asks for a classification, agencies and a date.
	const api = new Api(page.request);
	// It says other children may be at risk: the action comes first (§13.1).
	await api.call('triage.recordOtherChildrenAction', {
		notificationId: seeded.queued,
		action: 'Siblings seen by children’s social care today.',
		chapter6Referral: 'no'
	});
	const { caseId } = await api.call<{ caseId: string }>('triage.openCase', {
		notificationId: seeded.queued,
		classification: 'serious_harm'
	});
	await page.goto(`/cases/${caseId}`);
	const step = page
		.locator('details', {
			has: page.getByText('Request short reports and secure files', { exact: true })
		})
		.first();
	await step.locator('summary').click();
	await step.getByRole('button', { name: 'Request short reports and secure files' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	expect((await expectErrorsInPageOrder(page)).length).toBeGreaterThan(1);
});

test("the administrator's new account", async ({ page, login }) => {
	await login('admin');
	await page.goto('/admin/users');
	await sendEmpty(page, 'Create account');
});
