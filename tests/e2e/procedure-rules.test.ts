import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { sendNotification } from './support/notification-form';
import { signOut, takeStep } from './support/case-steps';
import { expect, expectAccessible, test } from './fixtures';

const CLOSE = 'Close the case: out of scope or merged';
const REFER = 'Refer to the Chair: criteria clearly met';
const NO_FURTHER_ACTION = 'Decide on no further action';

test('triage cannot close a child death (§13.6, §13.20); the Chair is told §13.2 "should always" and must say why not', async ({
	page,
	login
}) => {
	test.setTimeout(3 * 60_000);
	const today = todayIso();

	await login('practitioner');
	const id = await sendNotification(
		page,
		'Robin Rules',
		'Found unresponsive at home; neglect suspected.'
	);
	// Acknowledged by the server before signing out; else the sign-out page rightly warns that a
	// form is still waiting to send (a busy machine makes that likely).
	await expect(page.getByTestId('reference')).toBeVisible();
	await signOut(page);

	// Straight to it: earlier tests leave the queue long.
	await login('unit');
	await page.goto(`/unit/notifications/${id}`);
	await page.getByLabel('Child death where abuse or neglect is known or suspected (§13.2)').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	const caseUrl = page.url();

	// Closing without a reason the procedure allows is refused, with the field named.
	await takeStep(page, CLOSE, async (form) => {
		await form.getByLabel('Reason').fill('Not needed');
	});
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Select why the case closes at triage');
	await expectAccessible(page);
	// Merged into a case that does not exist: refused too.
	await takeStep(page, CLOSE, async (form) => {
		await form.getByLabel('Merged into another case about the same child or incident').check();
		await form.getByLabel('Reason').fill('Same child');
		await form.getByLabel(/If merged: the reference of the other case/).fill('SCR-1999-0001');
	});
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter the reference of another case');
	await expect(page.getByRole('heading', { name: 'Triage', exact: true })).toBeVisible();

	// Straight to the Chair: each known agency is told to secure its files.
	await takeStep(page, REFER, async (form) => {
		await form
			.getByLabel('Child death where abuse or neglect is known or suspected (§13.2)')
			.check();
		await form.getByLabel('Reason').fill('Death with neglect suspected.');
		await form.getByLabel('North Yorkshire Police').check();
		await form.getByLabel('The date agencies were asked to secure their files').fill(today);
	});
	await expect(page.getByTestId('files-secured')).toContainText('North Yorkshire Police: told');
	await expectAccessible(page);
	await signOut(page);

	await login('chair');
	await page.goto(caseUrl);
	await expect(page.getByTestId('should-always')).toContainText(
		'a Serious Case Review should always be held when a child dies'
	);
	await expectAccessible(page);
	await takeStep(page, NO_FURTHER_ACTION, async (form) => {
		await form.getByLabel('Date decided').fill(today);
		await form.getByLabel('Rationale for the decision').fill('Criteria not met.');
		await form
			.getByLabel('Tell agencies they no longer need to secure their files (§13.5)')
			.check();
		await form.getByLabel(/If told: the date agencies were told/).fill(today);
	});
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter why the Chair departs from §13.2');
	await expectAccessible(page);
	await takeStep(page, NO_FURTHER_ACTION, async (form) => {
		await form.getByLabel('Date decided').fill(today);
		await form.getByLabel('Rationale for the decision').fill('Criteria not met.');
		await form
			.getByLabel('Tell agencies they no longer need to secure their files (§13.5)')
			.check();
		await form.getByLabel(/If told: the date agencies were told/).fill(today);
		await form
			.getByLabel(/Why not a Serious Case Review: the reason for departing from §13.2/)
			.fill('The post-mortem found a natural cause.');
	});
	await expect(page.getByText('Your decision was recorded.')).toBeVisible();
	// A case of no further action stays with the Chair, who closes it.
	await page.goto(caseUrl);
	await expect(page.getByTestId('timeline')).toContainText(
		'departing from §13.2\'s "should always": The post-mortem found a natural cause.'
	);
	await expect(page.getByTestId('files-secured')).toContainText('told they no longer need to');
	await expectAccessible(page);
});
