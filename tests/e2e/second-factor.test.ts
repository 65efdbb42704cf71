import {
	DEMO_PASSWORD,
	PERSONAS,
	expect,
	expectFitsAndAccessible,
	submitPassword,
	test
} from './fixtures';
import { nextDemoCode } from './support/second-factor';
import { createAccount } from './support/case-steps';
import { totpCodeAt, totpStep } from '../../src/lib/domain/second-factor';

// The second factor in the browser (decision 022): a new Unit member enrols at first sign-in with
// the QR code's secret and sees their recovery codes once; the Chair gives a code after the
// password; the administrator resets a factor. Every page with axe and at 320 px wide.

test.use({ viewport: { width: 320, height: 640 } });

function wrongCode(right: string) {
	return right === '000000' ? '111111' : '000000';
}

test('a new Unit member sets up their authenticator app at first sign-in; the administrator resets it', async ({
	page,
	login,
	browser,
	baseURL
}) => {
	test.setTimeout(3 * 60_000);
	const suffix = Date.now().toString(36);
	const name = `Una Enrol ${suffix}`;
	const email = `una.${suffix}@example.org`;
	const initial = 'given-by-the-admin-2026';

	await login('admin');
	await createAccount(page, { name, email, role: 'Safeguarding Unit', password: initial });

	const context = await browser.newContext({
		baseURL,
		viewport: { width: 320, height: 640 },
		serviceWorkers: 'block'
	});
	const person = await context.newPage();
	await submitPassword(person, email, initial);
	await expect(
		person.getByRole('heading', { name: 'Set up your authenticator app' })
	).toBeVisible();
	await expect(
		person.getByRole('img', { name: 'QR code for your authenticator app' })
	).toBeVisible();
	await expectFitsAndAccessible(person);
	// The password step made no session: no other page opens.
	const refused = await person.goto('/unit/queue');
	expect(new URL(person.url()).pathname).toBe('/sign-in');
	expect(refused?.status()).toBe(200);
	await person.goBack();
	await expect(
		person.getByRole('heading', { name: 'Set up your authenticator app' })
	).toBeVisible();

	const secret = (await person.locator('#totp-secret').innerText()).replace(/\s+/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	const right = totpCodeAt(secret, totpStep(new Date()));
	const codeField = person.getByLabel('Code from your authenticator app');
	await codeField.fill(wrongCode(right));
	await person.getByRole('button', { name: 'Continue' }).click();
	const summary = person.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('The code is not right');
	await expectFitsAndAccessible(person);

	await codeField.fill(right);
	await person.getByRole('button', { name: 'Continue' }).click();
	await expect(person.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	await expect(person.locator('#recovery-codes li')).toHaveCount(10);
	await expectFitsAndAccessible(person);
	const recovery = (await person.locator('#recovery-codes li').first().innerText()).trim();
	await person.getByRole('link', { name: /I have kept my recovery codes/ }).click();
	// Created by an administrator: their own password comes next.
	await expect(person.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
	await context.close();

	// A recovery code signs in once in place of a code.
	const second = await browser.newContext({
		baseURL,
		viewport: { width: 320, height: 640 },
		serviceWorkers: 'block'
	});
	const again = await second.newPage();
	await submitPassword(again, email, initial);
	await again.getByLabel('Enter the code from your authenticator app').fill(recovery);
	await again.getByRole('button', { name: 'Continue' }).click();
	await expect(again.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
	await second.close();

	// The administrator resets the factor: the person enrols again at their next sign-in.
	await page.goto('/admin/users');
	await page
		.getByRole('row')
		.filter({ hasText: name })
		.getByRole('button', { name: /Reset second factor/ })
		.click();
	await expect(page.getByRole('alert')).toContainText('second factor is reset');
	await expectFitsAndAccessible(page);
	const third = await browser.newContext({ baseURL, serviceWorkers: 'block' });
	const later = await third.newPage();
	await submitPassword(later, email, initial);
	await expect(later.getByRole('heading', { name: 'Set up your authenticator app' })).toBeVisible();
	await third.close();
});

test('the Chair gives the code from their app after the password', async ({ page }) => {
	await submitPassword(page, PERSONAS.chair.email, DEMO_PASSWORD);
	const field = page.getByLabel('Enter the code from your authenticator app');
	await expect(field).toBeVisible();
	await expectFitsAndAccessible(page);
	await field.fill('12');
	await page.getByRole('button', { name: 'Continue' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toContainText('Enter the 6-digit code from your authenticator app');
	await expectFitsAndAccessible(page);
	const code = await nextDemoCode(PERSONAS.chair.email);
	await field.fill(wrongCode(code));
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(summary).toContainText('The code is not right');
	await field.fill(code);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/chair');
});
