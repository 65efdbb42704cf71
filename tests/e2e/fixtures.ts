import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const DEMO_PASSWORD = 'demo-password-2026';
export const PERSONAS = {
	practitioner: 'practitioner@demo.test',
	agency: 'agency@demo.test',
	unit: 'unit@demo.test',
	chair: 'chair@demo.test',
	admin: 'admin@demo.test'
} as const;
export type Persona = keyof typeof PERSONAS;
/** The device passcode the tests' practitioner sets on each fresh browser profile. */
export const DEVICE_PASSCODE = 'four words to remember';

/**
 * The device lock (docs/decisions/017): a practitioner's first sign-in on a device sets a
 * passcode; every page load after that asks for it. Passes whichever of the two is showing.
 */
export async function passDeviceLock(page: Page, passcode = DEVICE_PASSCODE) {
	const set = page.getByRole('heading', { name: 'Set a passcode for this device' });
	const enter = page.getByRole('heading', { name: 'Enter your passcode' });
	await expect(set.or(enter)).toBeVisible();
	if (await set.isVisible()) {
		await page.getByLabel('Passcode', { exact: true }).fill(passcode);
		await page.getByLabel('Enter the passcode again').fill(passcode);
		await page.getByRole('button', { name: 'Set passcode' }).click();
	} else {
		await page.getByLabel('Passcode', { exact: true }).fill(passcode);
		await page.getByRole('button', { name: 'Unlock' }).click();
	}
	await expect(page).not.toHaveURL(/\/(unlock|passcode)\b/);
}

/** Opens a practitioner's page with a full page load, which starts locked, and unlocks it. */
export async function openUnlocked(page: Page, path: string) {
	await page.goto(path);
	await passDeviceLock(page);
}

/** Reloads a practitioner's page (the device locks) and unlocks it. */
export async function reloadUnlocked(page: Page) {
	await page.reload();
	await passDeviceLock(page);
}

/** Runs axe-core (WCAG 2.2 AA rules) on the page as it is now: there must be no violations. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
		.analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
	);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export const test = base.extend<{
	login: (persona: Persona) => Promise<void>;
	/** Console errors a test provokes on purpose, such as the 403 of a refused page. */
	expectedConsoleErrors: RegExp | null;
}>({
	// One pattern (use | for several): an array here would read as Playwright's [value, options].
	expectedConsoleErrors: [null, { option: true }],
	page: async ({ page, expectedConsoleErrors }, use) => {
		// Any console error (a CSP violation, a failed hydration, an uncaught exception) fails the
		// test: it is a bug the page hid from the person using it.
		const problems: string[] = [];
		page.on('console', (msg) => {
			const text = msg.text();
			if (msg.type() === 'error' && !expectedConsoleErrors?.test(text)) problems.push(text);
		});
		page.on('pageerror', (err) => problems.push(err.message));
		await use(page);
		expect(problems, 'console errors in the page').toEqual([]);
	},
	login: async ({ page }, use) => {
		await use(async (persona) => {
			await page.goto('/sign-in');
			await page.getByLabel('Email address').fill(PERSONAS[persona]);
			await page.getByLabel('Password').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Sign in' }).click();
			if (persona === 'practitioner') await passDeviceLock(page);
			await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
		});
	}
});

export { expect };
