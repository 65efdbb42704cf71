import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from './server';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signIn } from './browser';
import { passDeviceLock } from '../../tests/e2e/support/device-lock';
import {
	seedOneOfEverything,
	type Caller,
	type SeededRecords
} from '../../tests/support/demo-records';

export interface LighthouseScores {
	/** Who was signed in, or null for a page seen signed out. */
	persona: Persona | null;
	path: string;
	performance: number;
	accessibility: number;
	bestPractices: number;
	/** Lighthouse's own error, when the page could not be measured (the scores are then 0). */
	error?: string;
	/** What a practitioner's address paints first: the device lock's page (docs/decisions/017). */
	shows?: 'set a passcode' | 'unlock';
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

type Persona = 'practitioner' | 'agency' | 'unit' | 'chair' | 'admin';

/**
 * The main pages of every role, with rows to show (tests/support/demo-records.ts): each list, each
 * record's page and each form a person works in (docs/decisions/016-made-for-a-phone.md).
 */
function mainPages(s: SeededRecords): [Persona | null, string][] {
	return [
		[null, '/sign-in'],
		// First, as on a first sign-in on a device: the form's address opens on "Set a passcode".
		['practitioner', '/notifications/new'],
		['practitioner', '/notifications'],
		['practitioner', `/notifications/${s.caseNotification}`],
		['practitioner', '/drafts'],
		['practitioner', '/outbox'],
		['agency', '/agency'],
		['agency', `/agency/requests/${s.openRequestId}`],
		['unit', '/unit/queue'],
		['unit', `/unit/notifications/${s.queued}`],
		['unit', '/unit/cases'],
		['unit', `/cases/${s.caseId}`],
		['unit', `/requests/${s.answeredRequestId}`],
		['chair', '/chair'],
		['chair', `/cases/${s.chairCaseId}`],
		['admin', '/admin/users']
	];
}

/**
 * Sets the practitioner's device passcode in the browser Lighthouse drives, with the browser
 * tests' own step (tests/e2e/support/device-lock.ts), in the profile Lighthouse's tabs share
 * (Lighthouse's storage reset leaves IndexedDB alone). The device key lives only in a page's
 * memory, so no page load can start unlocked: from then on every practitioner's address is
 * measured as it opens on a device in use, on the unlock page with the page's own code loading
 * beside it. The unlocked pages themselves are checked by axe in the browser tests, every one of
 * them at 320 px (tests/e2e/reflow.test.ts).
 */
async function setPractitionerPasscode(chromePort: number, origin: string, cookie: string) {
	const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chromePort}`);
	try {
		const profile = browser.contexts()[0];
		if (!profile) throw new Error('no default browser context to set the passcode in');
		const page = await profile.newPage();
		await page.setExtraHTTPHeaders({ cookie });
		await page.goto(`${origin}/notifications`);
		await passDeviceLock(page);
		await page.close();
	} finally {
		// Connected, not launched: this only disconnects.
		await browser.close();
	}
}

/** A persona's calls to the API over fetch, with its session cookie. */
function fetchCaller(origin: string, cookie: string): Caller {
	const ask = async <T>(url: string, init: RequestInit = {}): Promise<T> => {
		const response = await fetch(url, {
			...init,
			headers: { cookie, 'content-type': 'application/json' }
		});
		const body = (await response.json()) as { result?: { data?: T }; error?: unknown };
		if (!response.ok) throw new Error(`${url}: ${JSON.stringify(body.error)}`);
		return body.result?.data as T;
	};
	return {
		call: (procedure, input) =>
			ask(`${origin}/api/trpc/${procedure}`, { method: 'POST', body: JSON.stringify(input) }),
		query: (procedure, input = {}) =>
			ask(`${origin}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`)
	};
}

/**
 * Lighthouse's default (mobile) settings on the main page of every role, each signed in as that
 * role (its cookie in extraHeaders). The practitioner's pages render in the browser, behind the
 * device lock: the first on a device with no passcode yet, the others once it is set.
 */
export async function measureLighthouse(port: number, file: string): Promise<LighthouseScores[]> {
	const origin = `http://localhost:${port}`;
	const server = await startServer(['build'], port, {
		ORIGIN: origin,
		DATABASE_URL: `file:${file}`,
		SAFEGUARD_DEMO: '1'
	});
	const chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM_PATH,
		chromeFlags: ['--headless=new', ...CHROMIUM_ARGS]
	});
	try {
		const personas: Persona[] = ['practitioner', 'agency', 'unit', 'chair', 'admin'];
		const cookies = Object.fromEntries(
			await Promise.all(
				personas.map(async (p) => [p, await signIn(origin, `${p}@demo.test`)] as const)
			)
		) as Record<Persona, string>;
		const seeded = await seedOneOfEverything(
			fetchCaller(origin, cookies.practitioner),
			fetchCaller(origin, cookies.unit),
			fetchCaller(origin, cookies.agency)
		);
		// BENCH_LIGHTHOUSE_PAGES=/sign-in,/agency measures only the pages named (while working on one).
		const only = process.env.BENCH_LIGHTHOUSE_PAGES?.split(',');
		const rows: LighthouseScores[] = [];
		let hasPasscode = false;
		for (const [persona, path] of mainPages(seeded)) {
			if (only && !only.some((p) => path.startsWith(p))) continue;
			const practitioner = persona === 'practitioner';
			if (practitioner && !hasPasscode && rows.some((r) => r.persona === 'practitioner')) {
				await setPractitionerPasscode(chrome.port, origin, cookies.practitioner);
				hasPasscode = true;
			}
			const headers = persona ? { cookie: cookies[persona] } : undefined;
			const run = () =>
				lighthouse(`${origin}${path}`, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: ['performance', 'accessibility', 'best-practices'],
					...(headers ? { extraHeaders: headers } : {})
				});
			let result = await run();
			// A trace Lighthouse could not record (NO_NAVSTART and the like) says "run again": once.
			if (result?.lhr.runtimeError) result = await run();
			const categories = result?.lhr.categories;
			rows.push({
				persona,
				path,
				performance: score(categories?.performance?.score),
				accessibility: score(categories?.accessibility?.score),
				bestPractices: score(categories?.['best-practices']?.score),
				...(practitioner ? { shows: hasPasscode ? 'unlock' : 'set a passcode' } : {}),
				...(result?.lhr.runtimeError
					? { error: `${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}` }
					: {})
			});
			// BENCH_LIGHTHOUSE_REPORTS=dir keeps each page's full report (JSON), to see what costs.
			const reports = process.env.BENCH_LIGHTHOUSE_REPORTS;
			if (reports && result) {
				mkdirSync(reports, { recursive: true });
				const name = `${persona ?? 'signed-out'}${path.replace(/\W+/g, '-').replace(/-$/g, '')}`;
				writeFileSync(join(reports, `${name}.json`), JSON.stringify(result.lhr, null, 1));
			}
			if (process.env.BENCH_LIGHTHOUSE_DETAIL) {
				for (const audit of Object.values(result?.lhr.audits ?? {})) {
					if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative')
						console.log(`${path}: ${audit.id} ${audit.score} ${audit.displayValue ?? ''}`);
				}
			}
		}
		return rows;
	} finally {
		chrome.kill();
		await server.stop();
	}
}
