import { AppServer, countRows, ownPort, waitForServiceWorkerControl } from './support/app-server';
import { sendNotification } from './support/notification-form';
import { expect, openUnlocked, reloadUnlocked, test } from './fixtures';

// This journey owns its server so it can stop it and start it again on the same database.
const server = new AppServer(ownPort(218));
test.use({
	baseURL: server.origin,
	// While the server is down, the page's own requests fail: that is the point of the test.
	expectedConsoleErrors: /Failed to load resource|ERR_CONNECTION_REFUSED/
});
test.beforeAll(async () => server.start());
test.afterAll(async () => server.stop());

test('with the server stopped: reload, write and send two forms; both arrive exactly once', async ({
	page,
	login
}) => {
	test.setTimeout(3 * 60_000);
	await login('practitioner');
	await expect(page.getByRole('heading', { name: 'My notifications' })).toBeVisible();
	await waitForServiceWorkerControl(page);
	// A second page load while online caches "My notifications" on the device.
	await reloadUnlocked(page);
	await expect(page.getByRole('heading', { name: 'My notifications' })).toBeVisible();

	await server.stop();
	// Opened again with no server: the passcode unlocks the device offline.
	await reloadUnlocked(page);
	await expect(page.getByRole('heading', { name: 'My notifications' })).toBeVisible();
	await expect(page.getByTestId('outbox-status')).toContainText('You are offline');

	const first = await sendNotification(page, 'Alex Offline', 'Written with the server down.');
	await expect(page.getByTestId('saved-heading')).toBeVisible();
	// A deep link straight into the app, still with no server.
	await openUnlocked(page, '/outbox');
	await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
	const second = await sendNotification(
		page,
		'Blake Offline',
		'Also written with the server down.'
	);
	await expect(page.getByTestId('outbox-status')).toContainText('2 forms waiting to send');

	await server.start();
	await openUnlocked(page, '/outbox');
	await expect(page.locator('tr[data-state="sent"]')).toHaveCount(2, { timeout: 90_000 });
	await expect(page.getByTestId('receipt-reference')).toHaveCount(2);
	for (const id of [first, second]) {
		expect(
			await countRows(server.databaseFile, `SELECT count(*) FROM notifications WHERE id = '${id}'`)
		).toBe(1);
	}
	expect(await countRows(server.databaseFile, 'SELECT count(*) FROM notifications')).toBe(2);
});
