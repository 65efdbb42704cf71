import { addWorkingDays } from '../../src/lib/domain/calendar/working-days';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { formatIsoDate } from '../../src/lib/domain/calendar/date-format';
import { sendNotification } from './support/notification-form';
import { signOut, takeStep } from './support/case-steps';
import { expect, expectAccessible, openUnlocked, test } from './fixtures';

test('triage into a case, request short reports, meeting and recommendation, Chair decides on an SCR', async ({
	page,
	login
}) => {
	test.setTimeout(3 * 60_000);
	const today = todayIso();

	await login('practitioner');
	const id = await sendNotification(page, 'Casey Workflow', 'Injuries found at a routine visit.');
	await expect(page.getByTestId('reference')).toBeVisible();
	const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';
	await signOut(page);

	// Triage: the Unit finds it, checks it is accessible, opens a case.
	await login('unit');
	await page.goto('/unit/queue');
	await expectAccessible(page);
	await page.getByRole('link', { name: reference }).click();
	await expect(page.getByRole('heading', { name: 'Triage', exact: true })).toBeVisible();
	await expectAccessible(page);
	// Opening a case without a classification is refused with a message on the field.
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	await expectAccessible(page);
	await page.getByLabel('Child seriously harmed through abuse or neglect').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	await expect(page.getByRole('heading', { name: 'Triage', exact: true })).toBeVisible();
	const caseUrl = page.url();
	// T1 (findings to the Chair) runs from the day the notification was received.
	const t1 = page.locator('tr', { hasText: 'Findings report to the LSCB Chair' });
	await expect(t1).toContainText(formatIsoDate(addWorkingDays(today, 10)));
	await expectAccessible(page);

	// Gathering: classify, choose agencies, secure files.
	await takeStep(page, 'Request short reports and secure files', async (form) => {
		await form.getByLabel('Child seriously harmed through abuse or neglect').check();
		await form.getByLabel('North Yorkshire Police').check();
		await form.getByLabel('Harrogate District NHS Foundation Trust').check();
		await form.getByLabel('The date agencies were asked to secure their files').fill(today);
	});
	await expect(page.getByText('Done: Request short reports and secure files.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Gathering information' })).toBeVisible();
	const requests = page.getByTestId('requests');
	await expect(requests.getByRole('row')).toHaveCount(3);
	await expect(requests).toContainText('North Yorkshire Police');
	await expect(requests).toContainText(formatIsoDate(addWorkingDays(today, 5)));
	await expect(requests).toContainText('Requested');
	await expect(page.getByText('Yes: records are on hold')).toBeVisible();

	await takeStep(page, 'Record the findings report to the Chair', async (form) => {
		await form.getByLabel('The date the findings report went to the LSCB Chair').fill(today);
	});
	await expect(page.getByText('Done: Record the findings report to the Chair.')).toBeVisible();
	await expect(t1).toContainText('Met on');
	await takeStep(page, 'Schedule the Sub Group meeting', async (form) => {
		await form.getByLabel('The date of the Sub Group meeting').fill(today);
	});
	await expect(page.getByText('Done: Schedule the Sub Group meeting.')).toBeVisible();
	await takeStep(page, "Record the Sub Group's recommendation", async (form) => {
		await form.getByLabel('The date of the Sub Group meeting').fill(today);
		await form.getByLabel('Convene an individual panel to undertake a Serious Case Review').check();
		await form.getByLabel('Reasons for the recommendation').fill('Concerns were not shared.');
		await form.getByLabel('Sub Group Chair who made the recommendation').fill('Sam Subgroup');
		await form.getByLabel(/disagreement to record/).fill('Health preferred an audit.');
	});
	await expect(page.getByText("Done: Record the Sub Group's recommendation.")).toBeVisible();
	await takeStep(page, 'Send the recommendation to the Chair', async (form) => {
		await form.getByLabel('The date the recommendation went to the LSCB Chair').fill(today);
	});
	await expect(page.getByText('Done: Send the recommendation to the Chair.')).toBeVisible();
	await expect(page.getByRole('heading', { name: "Awaiting Chair's decision" })).toBeVisible();
	// Only the Chair may decide: the Unit is offered no decision.
	await expect(page.getByText('Decide to hold a Serious Case Review')).toHaveCount(0);
	await expectAccessible(page);
	await signOut(page);

	// The Chair decides.
	await login('chair');
	await expect(page.getByRole('heading', { name: 'Cases for your decision' })).toBeVisible();
	await expectAccessible(page);
	await page.goto(caseUrl);
	await takeStep(page, 'Decide to hold a Serious Case Review', async (form) => {
		await form.getByLabel('Date decided').fill(today);
		await form.getByLabel('Rationale for the decision').fill('The criteria in §13.2 are met.');
	});
	await expect(page.getByText('Your decision was recorded.')).toBeVisible();
	await expectAccessible(page);
	await signOut(page);

	// The Unit sees the SCR clocks: Ofsted the same working day (T7), letters in 5 (T8).
	await login('unit');
	await page.goto(caseUrl);
	await expect(
		page.locator('tr', { hasText: 'Ofsted notified of the Serious Case Review' })
	).toContainText(formatIsoDate(today));
	await expect(
		page.locator('tr', { hasText: 'Letters to chief executives and Executive members' })
	).toContainText(formatIsoDate(addWorkingDays(today, 5)));
	await expect(page.locator('tr', { hasText: 'Recommendation to the LSCB Chair' })).toContainText(
		'Met on'
	);
	await expect(page.getByTestId('timeline')).toContainText('Serious Case Review initiated');
	await expectAccessible(page);
	await signOut(page);

	// The practitioner sees only a plain status.
	await login('practitioner');
	await openUnlocked(page, `/notifications/${id}`);
	await expect(page.getByText('Under consideration')).toBeVisible();
});
