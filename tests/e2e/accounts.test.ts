import type { Browser, Page } from '@playwright/test';
import { expect, expectFitsAndAccessible, passDeviceLock, submitPassword, test } from './fixtures';
import { enterDemoCode, needsDemoCode } from './support/second-factor';
import { createAccount } from './support/case-steps';

// Accounts in the browser (docs/decisions/019): an administrator creates an account, the person
// chooses their own password at first sign-in, the administrator issues a one-time reset link and
// disables and enables the account; a person sees where they are signed in and signs a device
// out. Every page is checked with axe and at 320 px wide.

test.use({ viewport: { width: 320, height: 640 } });

const INITIAL_PASSWORD = 'given-by-the-admin-2026';
const OWN_PASSWORD = 'a password only I know';
const RESET_PASSWORD = 'a password set by link';

/** Signs in as anyone, with the demo's code step for the demo's Unit (decision 022). */
async function signIn(page: Page, email: string, password: string) {
	await submitPassword(page, email, password);
	if (needsDemoCode(email)) await enterDemoCode(page, email);
}

/** A page of its own (its own cookies), as another person or device would have. */
async function newPage(browser: Browser, baseURL: string | undefined, userAgent?: string) {
	const context = await browser.newContext({
		baseURL,
		viewport: { width: 320, height: 640 },
		serviceWorkers: 'block',
		userAgent
	});
	return context.newPage();
}

function row(page: Page, name: string) {
	return page.getByRole('row').filter({ hasText: name });
}

test('an administrator creates, resets, disables and enables an account', async ({
	page,
	login,
	browser,
	baseURL
}) => {
	test.setTimeout(3 * 60_000);
	const suffix = Date.now().toString(36);
	const name = `Sam Leaver ${suffix}`;
	const email = `sam.${suffix}@example.org`;

	await login('admin');
	await createAccount(page, { name, email, role: 'Practitioner', password: INITIAL_PASSWORD });
	await expect(row(page, name)).toContainText('Must choose a password');
	await expectFitsAndAccessible(page);

	// First sign-in: the person is sent to choose their own password, from any page.
	const person = await newPage(browser, baseURL);
	await signIn(person, email, INITIAL_PASSWORD);
	await expect(person.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
	await person.goto('/notifications');
	await expect(person).toHaveURL(/\/account\/password$/);
	// The practitioner's pages run in the browser: the device is told by the API and comes back.
	const asked = person.waitForResponse((r) => r.url().includes('/api/trpc/auth.me'));
	await person.getByRole('link', { name: 'My notifications' }).click();
	expect((await asked).status()).toBe(403);
	await expect(person).toHaveURL(/\/account\/password$/);
	await expect(person.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
	await person.getByRole('button', { name: 'Save password and continue' }).click();
	await expect(person.locator('.govuk-error-summary')).toBeFocused();
	await expect(person.locator('.govuk-error-summary')).toContainText('Enter your current password');
	await expect(person).toHaveTitle(/^Error: Choose your own password/);
	await expectFitsAndAccessible(person);
	await person.getByLabel('Password you were given').fill(INITIAL_PASSWORD);
	await person.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
	await person.getByLabel('Confirm new password').fill(OWN_PASSWORD);
	await person.getByRole('button', { name: 'Save password and continue' }).click();
	// A practitioner's first sign-in on a device then sets the device's passcode (decision 017).
	await passDeviceLock(person);
	await expect(person.getByRole('heading', { name: 'My notifications' })).toBeVisible();

	await page.reload();
	await expect(row(page, name)).not.toContainText('Must choose a password');

	// A one-time reset link, shown once to the administrator.
	await row(page, name)
		.getByRole('button', { name: /Create password reset link/ })
		.click();
	const linkField = page.getByLabel('Password reset link');
	await expect(linkField).toHaveValue(/\/reset-password\/[a-z2-7]{52}$/);
	const link = await linkField.inputValue();
	expect(link).not.toContain('sam');
	await expectFitsAndAccessible(page);

	const stranger = await newPage(browser, baseURL);
	await stranger.goto(link);
	await expect(stranger.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
	await stranger.getByLabel('New password', { exact: true }).fill('too short');
	await stranger.getByLabel('Confirm new password').fill('too short');
	await stranger.getByRole('button', { name: 'Set password' }).click();
	await expect(stranger.locator('.govuk-error-summary')).toBeFocused();
	await expect(stranger.locator('.govuk-error-summary')).toContainText('at least 12 characters');
	await expectFitsAndAccessible(stranger);
	await stranger.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
	await stranger.getByLabel('Confirm new password').fill(RESET_PASSWORD);
	await stranger.getByRole('button', { name: 'Set password' }).click();
	await expect(stranger.locator('#password-reset-title')).toBeVisible();
	await expect(stranger.getByText('Your password has been set.')).toBeVisible();
	await expectFitsAndAccessible(stranger);
	// Used once: the same link now says so.
	await stranger.goto(link);
	await expect(stranger.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
	await expectFitsAndAccessible(stranger);
	// The person's session ended with the reset; the new password works.
	await signIn(person, email, RESET_PASSWORD);
	// The device kept its data (a reset is not a withdrawal), so it asks for its passcode.
	await passDeviceLock(person);
	await expect(person.getByRole('heading', { name: 'My notifications' })).toBeVisible();

	// Disabled: the device is told its access was withdrawn, and sign-in is refused.
	await row(page, name)
		.getByRole('button', { name: /Disable account/ })
		.click();
	await expect(page.locator('#status-title')).toBeVisible();
	await expect(row(page, name)).toContainText('Disabled');
	await expectFitsAndAccessible(page);
	await person.goto('/notifications');
	await expect(person).toHaveURL(/\/sign-in\?reason=revoked$/);
	await signIn(person, email, RESET_PASSWORD);
	await expect(person.locator('.govuk-error-summary')).toContainText(
		'This account has been disabled'
	);
	await signIn(person, email, 'not the password');
	await expect(person.locator('.govuk-error-summary')).toContainText(
		'ask your administrator for a password reset link'
	);

	await row(page, name)
		.getByRole('button', { name: /Enable account/ })
		.click();
	await expect(row(page, name)).not.toContainText('Disabled');
	await signIn(person, email, RESET_PASSWORD);
	// Disabling wiped the device, so it asks for a new passcode.
	await passDeviceLock(person);
	await expect(person.getByRole('heading', { name: 'My notifications' })).toBeVisible();
});

test('a person sees where they are signed in and signs another device out', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(2 * 60_000);
	const phone = await newPage(
		browser,
		baseURL,
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
	);
	await signIn(phone, 'unit@demo.test', 'demo-password-2026');
	await expect(phone.getByRole('heading', { name: 'Triage queue' })).toBeVisible();

	await signIn(page, 'unit@demo.test', 'demo-password-2026');
	await expect(page.getByRole('heading', { name: 'Triage queue' })).toBeVisible();
	await page.getByRole('link', { name: 'Your account' }).click();
	await expect(page.getByRole('heading', { name: 'Where you are signed in' })).toBeVisible();
	const sessions = page.getByTestId('sessions');
	await expect(sessions.getByRole('row').nth(1)).toContainText('This device');
	const phoneRow = sessions.getByRole('row').filter({ hasText: 'Chrome on Android' });
	await expect(phoneRow.first()).toBeVisible();
	await expectFitsAndAccessible(page);

	await phoneRow
		.first()
		.getByRole('button', { name: /Sign out/ })
		.click();
	await expect(page.locator('#ended-title')).toBeVisible();
	await expect(page.getByText('Signed out of 1 other session.')).toBeVisible();
	await expectFitsAndAccessible(page);
	await phone.goto('/unit/queue');
	await expect(phone).toHaveURL(/\/sign-in\?reason=revoked$/);

	// Changing the password asks for the current one first.
	await page.getByRole('link', { name: 'Change your password' }).click();
	await page.getByLabel('Current password').fill('not my password');
	await page.getByLabel('New password', { exact: true }).fill('another long password');
	await page.getByLabel('Confirm new password').fill('another long password, mistyped');
	await page.getByRole('button', { name: 'Change password' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('The passwords do not match');
	await expectFitsAndAccessible(page);
	await page.getByLabel('Confirm new password').fill('another long password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(summary).toContainText('Your current password is not right');
	// The demo account's password is not changed: the other tests sign in with it.
});
