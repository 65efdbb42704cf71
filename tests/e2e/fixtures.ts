import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_PERSONAS } from '../../src/lib/server/services/users/personas';
import { passDeviceLock } from './support/device-lock';
import { enterDemoCode, needsDemoCode } from './support/second-factor';

export const DEMO_PASSWORD = DEMO_PERSONAS.password;
export const PERSONAS = DEMO_PERSONAS.people;
export type Persona = keyof typeof PERSONAS;
export {
	DEVICE_PASSCODE,
	openUnlocked,
	passDeviceLock,
	reloadUnlocked
} from './support/device-lock';

/**
 * Fills and sends the sign-in form as a persona, from the sign-in page. A practitioner lands on
 * the device lock next: `login` passes it, tests of the lock itself look at it first. The Unit,
 * the Chair and the administrator give their code next (decision 022).
 */
export async function submitSignIn(page: Page, persona: Persona) {
	const { email } = PERSONAS[persona];
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	if (needsDemoCode(email)) await enterDemoCode(page, email);
}

/** Sends the sign-in page's form with these details (the code step, if any, is the caller's). */
export async function submitPassword(page: Page, email: string, password: string) {
	await page.goto('/sign-in');
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Nothing on the page needs scrolling sideways at its width, and axe finds nothing. */
export async function expectFitsAndAccessible(page: Page) {
	const { width, viewport } = await page.evaluate(() => ({
		width: document.documentElement.scrollWidth,
		viewport: document.documentElement.clientWidth
	}));
	expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(viewport);
	await expectAccessible(page);
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

/**
 * The error summary lists its problems in the order their fields appear on the page (GOV.UK), and
 * each links to a field that exists. Returns the messages, in the order shown.
 */
export async function expectErrorsInPageOrder(page: Page): Promise<string[]> {
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toBeVisible();
	const { messages, problems } = await summary.evaluate((element) => {
		const links = [...element.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
		const fields = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
		const problems: string[] = [];
		fields.forEach((field, i) => {
			const message = links[i]?.textContent ?? '';
			if (!field) problems.push(`"${message}" links to no field`);
			const previous = fields[i - 1];
			if (field && previous && previous.compareDocumentPosition(field) & 2) {
				problems.push(`"${message}" is listed after a field further down the page`);
			}
		});
		return { messages: links.map((a) => a.textContent?.trim() ?? ''), problems };
	});
	expect(problems, messages.join('\n')).toEqual([]);
	return messages;
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
			await submitSignIn(page, persona);
			// Agencies keep their requests on the device under a passcode too (decision 029).
			if (persona === 'practitioner' || persona === 'agency') await passDeviceLock(page);
			await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
		});
	}
});

export { expect };
