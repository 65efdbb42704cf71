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
