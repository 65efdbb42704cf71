import type { AgencyOutboxRecord } from './agency-outbox-db';
import {
	agencyOutboxItems,
	drainAgencyOutbox,
	enqueueAnswer,
	retryAnswersNow,
	type AgencyAnswer,
	type AgencyTransport,
	type FileUploader
} from './agency-outbox';
import { WORKER_ASKS_TO_SEND } from './background-sync';
import { device, requestBackgroundSync } from './device-session.svelte';
import { watchServer } from './outbox';

const RETRY_EVERY_MS = 30_000;
const LOCK_NAME = 'safeguard-agency-outbox';

/**
 * The agency's outbox as the pages see it (docs/decisions/032): what waits, each file's bytes
 * sent of its total, receipts. It sends by itself: when the page opens, when the browser says it
 * is online, when Background Sync wakes the service worker (which asks the open pages), every
 * 30 s, and within seconds of the server's return (the practitioner's probe, outbox.ts). Loaded
 * by the agency's layout with a dynamic import, so no other page carries it.
 */
class AgencyOutbox {
	items = $state<AgencyOutboxRecord[]>([]);
	/** Bytes sent so far, by client id and file: live, between the chunks the record keeps. */
	progress = $state<Record<string, number[]>>({});
	sending = $state(false);
	/** Bumped after every drain that sent or refused something: pages reload their data. */
	revision = $state(0);

	#started = false;
	#transport: Promise<{ transport: AgencyTransport; uploader: FileUploader }> | undefined;
	readonly watch = watchServer(
		() => this.waiting.length > 0,
		() => void this.sync({ now: true })
	);

	get waiting(): AgencyOutboxRecord[] {
		return this.items.filter((i) => i.state === 'waiting' || i.state === 'sending');
	}

	/** The device's database, key and user: the outbox keeps its records with the device's. */
	unlocked() {
		return Promise.resolve({ db: device.db, key: device.key, userId: device.userId });
	}

	async refresh() {
		if (!device.unlocked) return;
		this.items = await agencyOutboxItems(device.db, device.userId);
	}

	/** Queues an answer and tries to send it at once. */
	async queue(clientId: string, answer: AgencyAnswer) {
		await enqueueAnswer(await this.unlocked(), clientId, answer);
		await this.refresh();
		void requestBackgroundSync();
		void this.sync({ now: true });
	}

	/** Sends what is due, one drain at a time across tabs (Web Locks where available). */
	async sync(options: { now?: boolean } = {}) {
		if (!device.unlocked || device.check === 'expired' || device.check === 'revoked') return;
		const unlocked = await this.unlocked();
		this.#transport ??= Promise.all([
			import('./agency-outbox-transport'),
			import('./agency-outbox-tus')
		]).then(([answers, files]) => ({
			transport: answers.agencyTransport(),
			uploader: files.tusUploader(unlocked)
		}));
		// A failed load (offline before the app's files were cached) is tried again next time.
		const { transport, uploader } = await this.#transport.catch((error: unknown) => {
			this.#transport = undefined;
			throw error;
		});
		const run = async () => {
			this.sending = true;
			try {
				if (options.now) await retryAnswersNow(unlocked);
				const report = await drainAgencyOutbox(unlocked, transport, uploader, (id, i, sent) => {
					const files = [...(this.progress[id] ?? [])];
					files[i] = sent;
					this.progress = { ...this.progress, [id]: files };
				});
				if (report.stopped === 'network' || report.stopped === 'server') this.watch.failed(false);
				else if (report.sent > 0 || report.attention > 0) this.watch.answered();
				if (report.sent > 0 || report.attention > 0) this.revision += 1;
			} finally {
				this.sending = false;
				await this.refresh();
			}
		};
		if ('locks' in navigator) {
			await navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
				if (lock) await run();
			});
		} else {
			await run();
		}
	}

	start() {
		if (this.#started) return;
		this.#started = true;
		window.addEventListener('online', () => void this.sync({ now: true }));
		navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
			if ((event.data as { type?: unknown } | null)?.type === WORKER_ASKS_TO_SEND) {
				void this.sync({ now: true });
			}
		});
		setInterval(() => void this.sync(), RETRY_EVERY_MS);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.sync({ now: true });
		});
	}
}

export const agencyOutbox = new AgencyOutbox();
