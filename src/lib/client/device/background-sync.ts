import { openDeviceDb } from './device-db';
import { wipeUser } from './device-user';
import { drainOutbox } from './outbox';
import { httpTransport } from './transport';

/** The Background Sync tag the page registers when it queues a form. */
export const OUTBOX_SYNC_TAG = 'outbox';

/**
 * Run by the service worker when the browser says the connection is back, even with the app
 * closed. Sends every signed-in user's outbox on this device with the same engine the page uses;
 * the server is idempotent on each form's id, so a page sending at the same moment is harmless.
 * Throws when sending stopped on the network, so the browser schedules another sync.
 */
export async function flushOutboxFromWorker(): Promise<void> {
	const db = await openDeviceDb();
	let retryLater = false;
	for (const profile of await db.getAll('profile')) {
		const key = (await db.get('keys', profile.userId))?.key;
		if (!key) continue;
		const report = await drainOutbox(db, key, profile.userId, httpTransport(self.location.origin));
		if (report.stopped === 'revoked') await wipeUser(db, profile.userId);
		if (report.stopped === 'network' || report.stopped === 'server') retryLater = true;
	}
	if (retryLater) throw new Error('outbox not drained: the browser will retry the sync');
}
