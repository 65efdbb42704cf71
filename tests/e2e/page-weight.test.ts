import { test, expect, passDeviceLock } from './fixtures';
import { firstVisitWeight, FORM_PAGE_JS_TARGET, PAGE_WEIGHT_LIMITS } from './support/page-weight';

// Bytes only: they are deterministic for a build. Times are measured by `npm run bench`, never
// asserted in tests (docs/decisions/012-performance.md).
test.describe('page weight on first visit (gzip bytes, no cache, no service worker)', () => {
	test.use({ serviceWorkers: 'block' });

	test('the sign-in page stays within its limit', async ({ context }) => {
		const weight = await firstVisitWeight(context, '/sign-in');
		expect(weight.js, weight.files.join('\n')).toBeLessThanOrEqual(
			PAGE_WEIGHT_LIMITS['/sign-in'].js
		);
		expect(weight.css).toBeLessThanOrEqual(PAGE_WEIGHT_LIMITS['/sign-in'].css);
	});

	test('the new-notification page stays within its limit', async ({ context, login }) => {
		// The ratchet may come down, never above the target of docs/decisions/012.
		expect(PAGE_WEIGHT_LIMITS['/notifications/new'].js).toBeLessThanOrEqual(FORM_PAGE_JS_TARGET);
		await login('practitioner');
		// A first visit opens locked: everything it downloads, the unlock page's code included, until
		// the form is shown and its schema has loaded.
		const weight = await firstVisitWeight(context, '/notifications/new', async (page) => {
			await passDeviceLock(page);
			await page.getByRole('button', { name: 'Continue' }).waitFor();
		});
		expect(
			weight.files.some((file) => file.includes('/nodes/')),
			'the page loaded its code'
		).toBe(true);
		expect(weight.js, weight.files.join('\n')).toBeLessThanOrEqual(
			PAGE_WEIGHT_LIMITS['/notifications/new'].js
		);
		expect(weight.css).toBeLessThanOrEqual(PAGE_WEIGHT_LIMITS['/notifications/new'].css);
	});
});

// The bank holiday tables (date-holidays, every country's, about 1 MB) belong on the server: the
// browser gets working-day figures from the API (domain/imr/imr-overdue.ts says why). A client file
// importing `calendar/working-days` for more than a type would ship them; tree-shaking hides it
// until a function is used, so the built browser code itself is searched.
test('no browser code carries the bank holiday tables', async () => {
	const { readdirSync, readFileSync } = await import('node:fs');
	// Called through the module: node:path's `join` is typed as a method (lint: unbound-method).
	const path = await import('node:path');
	// A German holiday's name: in date-holidays' data, in nothing of ours.
	const marker = 'Fronleichnam';
	expect(readFileSync('node_modules/date-holidays/lib/data.cjs', 'utf8')).toContain(marker);
	const files = readdirSync('build/client', { recursive: true, encoding: 'utf8' })
		.map((file) => path.join('build/client', file))
		.filter((file) => /\.(js|mjs)$/.test(file));
	expect(files.length, 'the app was built').toBeGreaterThan(10);
	const carrying = files.filter((file) => readFileSync(file, 'utf8').includes(marker));
	expect(carrying).toEqual([]);
});
