import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from './server';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signIn } from './browser';

export interface LighthouseScores {
	path: string;
	performance: number;
	accessibility: number;
	bestPractices: number;
	/** Lighthouse's own error, when the page could not be measured (the scores are then 0). */
	error?: string;
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

/**
 * Lighthouse's default (mobile) settings on the sign-in page and, signed in as the practitioner
 * (cookie in extraHeaders), the new-notification page, which renders in the browser. A fresh
 * profile is a device without a passcode, so what that page paints first is the device lock's
 * "Set a passcode" page (docs/decisions/017), with the form's code loaded beside it.
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
		const cookie = await signIn(origin, 'practitioner@demo.test');
		const rows: LighthouseScores[] = [];
		for (const [path, headers] of [
			['/sign-in', undefined],
			['/notifications/new', { cookie }]
		] as const) {
			const result = await lighthouse(`${origin}${path}`, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: ['performance', 'accessibility', 'best-practices'],
				...(headers ? { extraHeaders: headers } : {})
			});
			const categories = result?.lhr.categories;
			rows.push({
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
				const name = path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'root';
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
