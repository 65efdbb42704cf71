import { openDeviceDb } from './device-db';
import { wipeUser } from './device-wipe';
import { ACCESS_WITHDRAWN_HEADER } from '$lib/domain/withdrawn-access';

/** The Background Sync tag the page registers when it queues a form. */
export const OUTBOX_SYNC_TAG = 'outbox';
/** The service worker's message asking open pages to send their outbox. */
export const WORKER_ASKS_TO_SEND = 'OUTBOX_SEND';

interface WorkerClients {
	matchAll(options: { type: 'window' }): Promise<{ postMessage(message: unknown): void }[]>;
}

/**
 * Run by the service worker when the browser says the connection is back, even with the app
 * closed. The forms are sealed under a key that only the passcode unwraps, in a page
 * (docs/decisions/017): the worker cannot read them, so it asks every open page to send, and an
 * unlocked one does. Its own contact with the server also tells it of a withdrawn session, and
 * then it wipes that user's data at once, app open or not. Throws when the server could not be
 * reached, so the browser schedules another sync.
 */
export async function syncFromWorker(clients: WorkerClients, origin: string): Promise<void> {
	let response: Response;
	try {
		response = await fetch(`${origin}/api/trpc/auth.me`, { credentials: 'same-origin' });
	} catch {
		throw new Error('the server could not be reached: the browser will retry the sync');
	}
	await wipeIfWithdrawn(response);
	for (const client of await clients.matchAll({ type: 'window' })) {
		client.postMessage({ type: WORKER_ASKS_TO_SEND });
	}
}

/**
 * Every answer to a request made with a withdrawn session names the user (the server's hook):
 * the worker wipes that user's data as soon as it sees one, a page's or its own.
 */
export async function wipeIfWithdrawn(response: Response): Promise<void> {
	const userId = response.headers.get(ACCESS_WITHDRAWN_HEADER);
	if (userId) await wipeUser(await openDeviceDb(), userId, 'revoked');
}
