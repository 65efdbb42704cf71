import { fillNotificationForm, sendNotification } from './support/notification-form';
import { expect, expectAccessible, openUnlocked, test } from './fixtures';

test('the Unit sends a notification back; the practitioner corrects it; both are kept', async ({
	page,
	login
}) => {
	test.setTimeout(2 * 60_000);
	await login('practitioner');
	const id = await sendNotification(page, 'Jordan Returned', 'First version, missing the school.');
	const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();

	await login('unit');
	// Straight to it: earlier tests may have pushed it off the queue's first page.
	await page.goto(`/unit/notifications/${id}`);
	// A message is required: the refusal names the field.
	await page.getByRole('button', { name: 'Send back for correction' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	await page.getByLabel('What needs correcting?').fill('Please add the name of the school.');
	await page.getByRole('button', { name: 'Send back for correction' }).click();
	await expect(page.getByText('The notification was sent back to the practitioner.')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();

	await login('practitioner');
	const row = page.getByRole('row', { name: new RegExp(reference) });
	await expect(row).toContainText('Returned to you for correction');
	await expect(row).toContainText('Please add the name of the school.');
	await expectAccessible(page);
	await row.getByRole('link', { name: /Correct it and send again/ }).click();
	await expect(page.getByText('sent this notification back for correction')).toBeVisible();
	// The form starts from the first version's answers.
	await expect(page.locator('#children-0-name')).toHaveValue('Jordan Returned');
	await fillNotificationForm(page, 'Jordan Returned', 'Second version: attends Harrogate Primary.');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Send notification' }).click();
	await expect(page.getByTestId('reference')).toBeVisible();
	const corrected = (await page.getByTestId('reference').textContent())?.trim() ?? '';
	expect(corrected).not.toBe(reference);

	// The first is kept as it was, no longer offered for correction.
	await openUnlocked(page, '/notifications');
	const first = page.getByRole('row', { name: new RegExp(reference) });
	await expect(first).toContainText('Returned to you for correction');
	await expect(first.getByRole('link', { name: /Correct it/ })).toHaveCount(0);
	await expect(page.getByRole('row', { name: new RegExp(corrected) })).toBeVisible();
});
