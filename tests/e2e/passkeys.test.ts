import type { Page } from '@playwright/test';
import {
	DEMO_PASSWORD,
	PERSONAS,
	expect,
	expectFitsAndAccessible,
	passDeviceLock,
	submitPassword,
	test
} from './fixtures';

// Passkeys in the browser (decision 023), with Chromium's virtual authenticator (the DevTools
// WebAuthn domain): real WebAuthn ceremonies, a real signature checked by the server. An agency
// user adds a passkey and signs in with it alone; the Chair uses one in place of the code. Every
// page with axe and at 320 px wide.

test.use({
	viewport: { width: 320, height: 640 },
	// A refused passkey answers 401, which Chromium logs as a failed resource load.
	expectedConsoleErrors: /status of 401/
});

/** A platform authenticator with user verification (a phone's fingerprint), for this page. */
async function virtualAuthenticator(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return {
		credentials: async () =>
			(await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials
	};
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

async function addPasskey(page: Page, name: string) {
	await page.goto('/account');
	await page.getByLabel('Name for a new passkey').fill(name);
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	await expect(page.getByRole('alert')).toContainText(`Passkey “${name}” added`);
	await expect(page.getByTestId('passkeys')).toContainText(name);
}

test('an agency user adds a passkey on their account and signs in with it, no password; once removed it no longer works', async ({
	page,
	login
}) => {
	const authenticator = await virtualAuthenticator(page);
	await login('agency');
	await page.goto('/account');
	await expect(page.getByRole('heading', { name: 'Passkeys' })).toBeVisible();
	await expect(page.locator('#no-passkeys')).toBeVisible();
	await expectFitsAndAccessible(page);

	// No name: the field says so, through the error summary.
	await page.getByRole('button', { name: 'Add a passkey' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter a name for this passkey');
	await expectFitsAndAccessible(page);

	await addPasskey(page, 'Work phone');
	await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
	await expectFitsAndAccessible(page);
	const [credential] = await authenticator.credentials();
	expect(credential?.isResidentCredential).toBe(true);

	await signOut(page);
	await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
	await expectFitsAndAccessible(page);
	await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
	// An agency's pages open behind the device's passcode (decision 029).
	await passDeviceLock(page);
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/agency');
	// The server moved the counter on and shows the passkey as used.
	await page.goto('/account');
	await expect(page.getByTestId('passkeys')).not.toContainText('Not yet used');

	await page.getByRole('button', { name: /Remove passkey Work phone/ }).click();
	await expect(page.getByRole('alert')).toContainText('The passkey has been removed');
	await expect(page.locator('#no-passkeys')).toBeVisible();
	await signOut(page);
	// The authenticator still holds it, but the server no longer knows it.
	await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('The passkey was not accepted');
	await expectFitsAndAccessible(page);
	expect(new URL(page.url()).pathname).toBe('/sign-in');
});

test('the Chair uses a passkey in place of the code from their app, and makes new recovery codes', async ({
	page,
	login
}) => {
	await virtualAuthenticator(page);
	await login('chair');
	await addPasskey(page, 'Chair laptop');
	await signOut(page);

	await submitPassword(page, PERSONAS.chair.email, DEMO_PASSWORD);
	await expect(page.getByLabel('Enter the code from your authenticator app')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
	await expectFitsAndAccessible(page);
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/chair');

	// New recovery codes from the same page: a wrong password first, then the right one.
	await page.goto('/account');
	const proof = page.getByLabel('Your password, or a code from your authenticator app');
	await proof.fill('not the password');
	await page.getByRole('button', { name: 'Make new recovery codes' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('That is not your password');
	await expectFitsAndAccessible(page);
	await proof.fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Make new recovery codes' }).click();
	await expect(page.locator('#new-recovery-codes li')).toHaveCount(10);
	await expectFitsAndAccessible(page);

	// Removed again, so the demo Chair of later tests signs in with the code alone.
	await page.getByRole('button', { name: /Remove passkey Chair laptop/ }).click();
	await expect(page.locator('#no-passkeys')).toBeVisible();
});
