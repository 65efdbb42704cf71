import { fillNotificationForm } from './support/notification-form';
import { expect, expectAccessible, openUnlocked, test } from './fixtures';

// §13.1: "the first priority must be to consider immediately whether there are other children who
// are likely to be placed in the same situation". A notification answering "not known" waits for
// the Unit's recorded action, and the case keeps the flag and the action in its header.

test('the Unit records the action for other children first, then opens a case that shows the flag and the action', async ({
	page,
	login
}) => {
	test.setTimeout(2 * 60_000);
	await login('practitioner');
	await openUnlocked(page, '/notifications/new');
	await fillNotificationForm(page, 'Robin Siblings', 'Injuries found; the household is not known.');
	await page.locator('#otherChildrenAtRisk-not_known').check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Send notification' }).click();
	await page.waitForURL(/\/notifications\/[0-9a-f-]+\/confirmation$/);
	const id = /\/notifications\/([0-9a-f-]+)\/confirmation$/.exec(page.url())?.[1] ?? '';
	const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();

	await login('unit');
	// In the queue it is flagged, above every notification answering "no".
	await page.goto('/unit/queue');
	const row = page.getByRole('row', { name: new RegExp(reference) });
	await expect(row.getByTestId('other-children-flag')).toHaveText(
		'Not known whether other children are at risk'
	);
	await expectAccessible(page);

	await page.goto(`/unit/notifications/${id}`);
	await expect(page.getByTestId('other-children-warning')).toContainText(
		'does not know whether other children are at risk'
	);
	// Opening a case first is refused, and the summary links to the form that records the action.
	await page.getByLabel('Child seriously harmed through abuse or neglect').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText(
		'Record the action taken for the other children first (§13.1)'
	);
	await expectAccessible(page);
	await summary.getByRole('link').click();
	await expect(
		page.getByLabel('What action has been taken to keep the other children safe?')
	).toBeFocused();

	// Both answers are required.
	await page.getByRole('button', { name: 'Record the action taken' }).click();
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Select yes if a Chapter 6 referral was made');
	await expectAccessible(page);

	const action = 'Strategy discussion with children’s social care; two siblings seen today.';
	await page.getByLabel('What action has been taken to keep the other children safe?').fill(action);
	await page
		.getByRole('group', { name: 'Was a Chapter 6 referral made about the other children?' })
		.getByLabel('Yes')
		.check();
	await page.getByRole('button', { name: 'Record the action taken' }).click();
	await expect(
		page.getByText('The action taken for the other children was recorded.')
	).toBeVisible();
	await expect(page.getByTestId('other-children-action')).toHaveText(action);
	await expect(page.getByTestId('other-children-chapter6')).toHaveText(
		'Yes, a Chapter 6 referral was made'
	);
	await expect(page.getByTestId('other-children-warning')).toHaveCount(0);
	await expectAccessible(page);

	await page.getByLabel('Child seriously harmed through abuse or neglect').check();
	await page.getByRole('button', { name: 'Open a case' }).click();
	await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
	const flag = page.getByTestId('other-children-flag');
	await expect(flag).toContainText('Not known whether other children are at risk');
	await expect(flag.getByTestId('other-children-action')).toHaveText(action);
	await expect(flag).toContainText('Recorded by Uma Unit');
	await expect(flag).toContainText('Chapter 6 referral: Yes, a Chapter 6 referral was made');
	await expect(page.locator('dt', { hasText: 'Other children (§13.1)' })).toContainText(reference);
	await expectAccessible(page);
	// On a phone the flag and its action are still there, with nothing scrolling sideways.
	await page.setViewportSize({ width: 320, height: 640 });
	await expect(flag.getByTestId('other-children-action')).toBeVisible();
	const { width, viewport } = await page.evaluate(() => ({
		width: document.documentElement.scrollWidth,
		viewport: document.documentElement.clientWidth
	}));
	expect(width, 'the case page scrolls sideways at 320 px').toBeLessThanOrEqual(viewport);
	await expectAccessible(page);
});
