import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures';

/** Opens a next step on the case page, fills what it asks and submits it. */
export async function takeStep(page: Page, action: string, fill: (form: Locator) => Promise<void>) {
	const details = page.locator('details', { has: page.getByText(action, { exact: true }) }).first();
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	const form = details.locator('form');
	await fill(form);
	await form.getByRole('button', { name: action }).click();
}

export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();
}

/**
 * An administrator, on the Users page, creates an account that must choose its own password at
 * first sign-in. `role` is the role's label on the form ("Practitioner", "Safeguarding Unit").
 */
export async function createAccount(
	page: Page,
	account: { name: string; email: string; role: string; password: string }
) {
	await page.goto('/admin/users');
	await page.getByLabel('Full name').fill(account.name);
	await page.getByLabel('Email address').fill(account.email);
	await page.getByLabel(account.role).check();
	await page.getByLabel('Initial password').fill(account.password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.locator('#created-title')).toBeVisible();
}
