import { chromium } from '@playwright/test';
import { firstVisitWeight, FORM_PAGE_JS_TARGET } from '../../tests/e2e/support/page-weight';
import { startServer } from './server';
import { CHROMIUM_ARGS, CHROMIUM_PATH, signIn } from './browser';
import { DEMO_PERSONAS } from '../../src/lib/server/services/users/personas';

export interface PageWeightRow {
	path: string;
	js: number;
	css: number;
	files: number;
	budgetJs?: number;
}

/** First-visit JS and CSS (gzip bytes) of the sign-in page and the new-notification page. */
export async function measurePageWeight(port: number, file: string): Promise<PageWeightRow[]> {
	const origin = `http://localhost:${port}`;
	const server = await startServer(['build'], port, {
		ORIGIN: origin,
		DATABASE_URL: `file:${file}`,
		SAFEGUARD_DEMO: '1'
	});
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const rows: PageWeightRow[] = [];
		const anonymous = await browser.newContext({ baseURL: origin, serviceWorkers: 'block' });
		const signInPage = await firstVisitWeight(anonymous, '/sign-in');
		rows.push({ ...signInPage, files: signInPage.files.length });
		const practitioner = await browser.newContext({ baseURL: origin, serviceWorkers: 'block' });
		const cookie = await signIn(origin, DEMO_PERSONAS.people.practitioner.email);
		const [name = 'session', value = ''] = cookie.split('=');
		await practitioner.addCookies([{ name, value, url: origin }]);
		const form = await firstVisitWeight(practitioner, '/notifications/new');
		rows.push({
			...form,
			files: form.files.length,
			budgetJs: FORM_PAGE_JS_TARGET
		});
		return rows;
	} finally {
		await browser.close();
		await server.stop();
	}
}
