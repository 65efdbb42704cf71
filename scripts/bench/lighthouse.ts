import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from './server';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signIn } from './browser';
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
		['practitioner', '/notifications'],
		['practitioner', '/notifications/new'],
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
 * role (its cookie in extraHeaders). The practitioner's pages render in the browser.
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
		for (const [persona, path] of mainPages(seeded)) {
			if (only && !only.some((p) => path.startsWith(p))) continue;
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
