import { AppServer, countRows, ownPort } from './support/app-server';
import { fillNotificationForm } from './support/notification-form';
import { expect, openUnlocked, test } from './fixtures';

// When only the server is down, the browser fires no `online` event: the page must notice the
// server's return by itself (docs/decisions/016-made-for-a-phone.md). This journey owns its
// server (on a port derived from E2E_PORT, so suites side by side do not collide) to stop it.
const server = new AppServer(ownPort(1000));
const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 40_000);
test.use({
	baseURL: server.origin,
	// While the server is down, the page's own requests fail: that is the point of the test.
	expectedConsoleErrors: /Failed to load resource|ERR_CONNECTION_REFUSED/
});
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('a form waiting through a 40-second outage is sent within 5 seconds of the server answering again, with no network event', async ({
	page,
	login
}) => {
	test.setTimeout(2 * 60_000);
	await login('practitioner');
	// The worker serves the app's code while the server is down (the confirmation page's chunk).
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
			timeout: 20_000
		})
		.toBe(true);
	await openUnlocked(page, '/notifications/new');
	await fillNotificationForm(page, 'Robin Returning', 'Sent while the server was away.');
	await page.getByRole('button', { name: 'Continue' }).click();

	await server.stop();
	await page.getByRole('button', { name: 'Send notification' }).click();
	await expect(page.getByTestId('saved-heading')).toBeVisible();
	await expect(page.getByTestId('outbox-status')).toContainText('1 form waiting to send');
	// A long outage: the outbox's own back-off has grown by the time the server returns.
	await page.waitForTimeout(OUTAGE_MS);
	expect(await page.evaluate(() => navigator.onLine), 'the browser saw no network change').toBe(
		true
	);

	await server.start();
	const back = Date.now();
	await expect
		.poll(() => countRows(server.databaseFile, 'SELECT count(*) FROM notifications'), {
			intervals: [100],
			timeout: 60_000
		})
		.toBe(1);
	const resentAfter = Date.now() - back;
	console.log(`outbox: sent ${resentAfter} ms after the server answered again`);
	expect(resentAfter).toBeLessThan(5_000);
	await expect(page.getByTestId('outbox-status')).toContainText('No forms waiting to send');
});
