import type { Page } from '@playwright/test';
import { Api, seedOneOfEverything, type SeededRecords } from './support/seed';
import { fillNotificationForm } from './support/notification-form';
import {
	expect,
	expectAccessible,
	openUnlocked,
	passDeviceLock,
	submitSignIn,
	test,
	type Persona
} from './fixtures';

// WCAG 2.2 1.4.10 (Reflow): at 320 CSS pixels wide nothing may need scrolling sideways. 320 px is
// also what a 1280 px window shows at 400 % zoom, so one width covers both
// (docs/decisions/016-made-for-a-phone.md). axe does not catch a page that is too wide.
// REFLOW_WIDTH=390 (or any width) measures the same pages at another width.
const WIDTH = Number(process.env.REFLOW_WIDTH ?? 320);
test.use({ viewport: { width: WIDTH, height: 640 } });

let seeded: SeededRecords;

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL;
	const contexts = await Promise.all(
		['practitioner', 'unit', 'agency'].map(() => playwright.request.newContext({ baseURL }))
	);
	const [practitioner, unit, agency] = contexts.map((c) => new Api(c)) as [Api, Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	await agency.signIn('agency');
	seeded = await seedOneOfEverything(practitioner, unit, agency);
	await Promise.all(contexts.map((c) => c.dispose()));
});

/** How wide the page is, and the widest elements that stick out past the viewport. */
async function measure(page: Page) {
	return page.evaluate(() => {
		const viewport = document.documentElement.clientWidth;
		const wide = [...document.querySelectorAll<HTMLElement>('body *')]
			.filter((el) => el.getBoundingClientRect().right > viewport + 0.5)
			.map((el) => {
				const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
					typeof el.className === 'string' && el.className
						? `.${el.className.trim().split(/\s+/).join('.')}`
						: ''
				}`;
				return `${name} (${Math.round(el.getBoundingClientRect().right)} px)`;
			})
			.slice(0, 8);
		return { width: document.documentElement.scrollWidth, viewport, wide };
	});
}

/** Opens every closed "next step" and "help" so their forms are measured too. */
async function openAllDetails(page: Page) {
	await page.evaluate(() => {
		for (const details of document.querySelectorAll('details')) details.open = true;
	});
}

async function expectNoSidewaysScroll(
	page: Page,
	path: string,
	ready: () => Promise<void>,
	options: {
		targets?: boolean;
		/** How the page is reached: a page load, unless the test is already there. */
		open?: (page: Page, path: string) => Promise<unknown>;
	} = {}
) {
	await (options.open ?? ((p: Page, to: string) => p.goto(to)))(page, path);
	await ready();
	await openAllDetails(page);
	const { width, viewport, wide } = await measure(page);
	console.log(`reflow ${WIDTH}px ${path.replace(/[0-9a-f-]{36}/g, ':id')}: ${width} px`);
	expect
		.soft(width, `${path} is ${width} px wide; sticking out: ${wide.join(', ')}`)
		.toBeLessThanOrEqual(viewport);
	await expectAccessible(page);
	expect.soft(await badControlNames(page), `link and button names on ${path}`).toEqual([]);
	if (options.targets) {
		expect.soft(await smallTargets(page), `controls under 44 × 44 px on ${path}`).toEqual([]);
	}
}

/**
 * Controls smaller than 44 by 44 CSS pixels (WCAG 2.2 2.5.5). A link inside a sentence is exempt,
 * as the criterion allows: it is recognised by text right beside it.
 */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const inSentence = (el: Element) =>
			el.tagName === 'A' &&
			[el.previousSibling, el.nextSibling].some(
				(n) => n?.nodeType === Node.TEXT_NODE && /\S/.test(n.textContent ?? '')
			);
		return [
			...document.querySelectorAll<HTMLElement>(
				'a[href], button, input:not([type=hidden]), select, textarea, summary'
			)
		]
			.filter((el) => el.checkVisibility() && !inSentence(el))
			.map((el) => ({ el, rect: el.getBoundingClientRect() }))
			.filter(({ rect }) => rect.width > 1 && rect.height > 1)
			.filter(({ rect }) => rect.width < 43.5 || rect.height < 43.5)
			.map(
				({ el, rect }) =>
					`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(rect.width)}×${Math.round(rect.height)}`
			);
	});
}

/**
 * Names of links and buttons that read wrongly: a space before punctuation ("2026 : request"), or
 * words run together where visible text meets visually hidden text ("Changename": Svelte 5 drops
 * whitespace at the start and end of an element, so the space must sit outside the hidden span).
 */
async function badControlNames(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('a[href], button, summary')].flatMap((el) => {
			const name = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
			const problems = /\s[,.:;!?)]|\(\s|^[,.:;]/.test(name) ? [name] : [];
			for (const hidden of el.querySelectorAll('.govuk-visually-hidden')) {
				const range = document.createRange();
				range.setStart(el, 0);
				range.setEndBefore(hidden);
				if (/[\w)]$/.test(range.toString()) && /^[\w(]/.test(hidden.textContent ?? '')) {
					problems.push(name);
				}
			}
			return problems;
		})
	);
}

const heading = (page: Page, name: string | RegExp) => () =>
	expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

test('signed out: sign-in', async ({ page }) => {
	await expectNoSidewaysScroll(page, '/sign-in', heading(page, 'Sign in'), { targets: true });
	// A failed sign-in shows the error summary.
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page.locator('.govuk-error-summary')).toBeVisible();
	expect((await measure(page)).width).toBeLessThanOrEqual(WIDTH);
});

test.describe('a page that does not exist', () => {
	test.use({ expectedConsoleErrors: /status of 404/ });
	test('is no wider than the screen', async ({ page }) => {
		await expectNoSidewaysScroll(page, '/no-such-page', heading(page, 'Page not found'));
	});
});

test('practitioner: every page', async ({ page }) => {
	test.setTimeout(3 * 60_000);
	// The device lock's two pages first: setting the passcode at sign-in, then entering it on a
	// page load. Every page load after that asks for the passcode again.
	await page.goto('/sign-in');
	await submitSignIn(page, 'practitioner');
	const here = () => Promise.resolve();
	await expectNoSidewaysScroll(page, '/passcode', heading(page, 'Set a passcode for this device'), {
		targets: true,
		open: here
	});
	await passDeviceLock(page);
	await expectNoSidewaysScroll(page, '/notifications', heading(page, 'Enter your passcode'), {
		targets: true
	});
	await passDeviceLock(page);
	// A form sent from this page fills the outbox and shows a confirmation; a second, started
	// and left, is a draft.
	await openUnlocked(page, '/notifications/new');
	await fillNotificationForm(
		page,
		'Maximilian-Alexander Wolstenholme-Featherstonehaugh',
		'Seen at the clinic.'
	);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
	expect((await measure(page)).width, 'check your answers').toBeLessThanOrEqual(WIDTH);
	expect.soft(await smallTargets(page), 'check your answers').toEqual([]);
	expect.soft(await badControlNames(page), 'check your answers').toEqual([]);
	await page.getByRole('button', { name: 'Send notification' }).click();
	await page.waitForURL(/\/notifications\/[0-9a-f-]+\/confirmation$/);
	const confirmation = new URL(page.url()).pathname;

	const pages: [string, string | RegExp][] = [
		['/notifications', 'My notifications'],
		[confirmation, 'Notification sent'],
		[`/notifications/${seeded.returned}`, 'Your notification'],
		[`/notifications/${seeded.caseNotification}`, 'Your notification'],
		[`/notifications/new?corrects=${seeded.returned}`, 'Notify the Safeguarding Unit'],
		['/outbox', 'Outbox'],
		['/notifications/new', 'Notify the Safeguarding Unit']
	];
	for (const [path, name] of pages) {
		await expectNoSidewaysScroll(page, path, heading(page, name), {
			targets: true,
			open: openUnlocked
		});
	}

	// The form with every error showing: the summary's long messages wrap too. What is typed
	// stays as a draft, for the drafts page and the sign-out warning.
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	const errors = await measure(page);
	expect(errors.width, errors.wide.join(', ')).toBeLessThanOrEqual(WIDTH);
	expect.soft(await smallTargets(page), 'the error summary').toEqual([]);
	await page.locator('#location').fill('Scarborough');
	await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
	await expectNoSidewaysScroll(page, '/drafts', heading(page, 'Drafts on this device'), {
		targets: true,
		open: openUnlocked
	});
	await expectNoSidewaysScroll(
		page,
		'/signing-out',
		heading(page, 'You have forms that have not been sent'),
		{ targets: true, open: openUnlocked }
	);
});

const ROLE_PAGES: Record<
	Exclude<Persona, 'practitioner'>,
	(s: SeededRecords) => [string, string | RegExp][]
> = {
	agency: (s) => [
		['/agency', 'Requests for your agency'],
		['/account', 'Your account'],
		['/account/password', 'Change your password'],
		['/messages', 'Messages'],
		[`/agency/requests/${s.openRequestId}`, 'Short report request'],
		[`/agency/requests/${s.answeredRequestId}`, 'Short report request']
	],
	unit: (s) => [
		['/unit/queue', 'Triage queue'],
		['/unit/cases', 'Cases'],
		['/messages', 'Messages'],
		['/reports', 'Reports'],
		['/reports/year', /^The year's figures/],
		[`/unit/notifications/${s.queued}`, 'Triage'],
		[`/cases/${s.caseId}`, 'Gathering information'],
		[`/cases/${s.chairCaseId}`, "Awaiting Chair's decision"],
		[`/cases/${s.caseId}/review-work`, 'Review work beside the review'],
		[`/cases/${s.caseId}/review`, 'The review'],
		[`/cases/${s.caseId}/meetings`, 'Meetings'],
		[`/requests/${s.answeredRequestId}`, /^Short report from/]
	],
	chair: (s) => [
		['/chair', 'Cases for your decision'],
		['/messages', 'Messages'],
		['/reports', 'Reports'],
		[`/cases/${s.chairCaseId}`, "Awaiting Chair's decision"],
		[`/cases/${s.chairCaseId}/review-work`, 'Review work beside the review'],
		[`/cases/${s.chairCaseId}/review`, 'The review'],
		[`/requests/${s.answeredRequestId}`, /^Short report from/]
	],
	admin: () => [
		['/admin/users', 'Users'],
		['/account', 'Your account']
	]
};

for (const [persona, pages] of Object.entries(ROLE_PAGES) as [
	keyof typeof ROLE_PAGES,
	(s: SeededRecords) => [string, string | RegExp][]
][]) {
	test(`${persona}: every page`, async ({ page, login }) => {
		test.setTimeout(2 * 60_000);
		await login(persona);
		for (const [path, name] of pages(seeded)) {
			// WCAG 2.5.5's 44 px targets on the pages of people who work on phones.
			await expectNoSidewaysScroll(page, path, heading(page, name), {
				targets: persona === 'agency',
				// An agency's own pages start locked on every page load, as a practitioner's do.
				open: path.startsWith('/agency') ? openUnlocked : undefined
			});
		}
	});
}
