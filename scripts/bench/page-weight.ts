import { chromium } from '@playwright/test';
import { firstVisitWeight, FORM_PAGE_JS_TARGET } from '../../tests/e2e/support/page-weight';
import { passDeviceLock } from '../../tests/e2e/support/device-lock';
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

/**
 * First-visit JS and CSS (gzip bytes) of the sign-in page and the new-notification page, the
 * latter with the device lock's page it opens on.
 */
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
		// A first visit on a new device: the passcode is set (docs/decisions/017), then the form
		// shows and loads its schema. Everything downloaded on the way counts.
		const form = await firstVisitWeight(practitioner, '/notifications/new', async (page) => {
			await passDeviceLock(page);
			await page.getByRole('button', { name: 'Continue' }).waitFor();
		});
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
