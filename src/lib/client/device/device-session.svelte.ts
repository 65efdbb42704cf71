import { openDeviceDb, type DeviceDb, type DeviceProfile } from './device-db';
import { ensureDeviceKey, lastProfile, rememberProfile, wipeUser } from './device-user';
import {
	drainOutbox,
	enqueue,
	lastSentAt,
	outboxItems,
	retryNow,
	watchServer,
	type DrainReport
} from './outbox';
import { httpTransport } from './transport';
import { OUTBOX_SYNC_TAG } from './background-sync';
import type { NotificationForm } from '$lib/domain/notification/notification-form';
import type { Role } from '$lib/domain/roles';

/** 'password-first': signed in, but the person must choose their own password before anything. */
export type SessionCheck =
	'online' | 'offline' | 'expired' | 'revoked' | 'signed-out' | 'password-first';

const RETRY_EVERY_MS = 30_000;
const LOCK_NAME = 'safeguard-outbox';

/**
 * The practitioner's device: who is signed in here, their key, and the outbox's live state for
 * the screen. One instance per page; the service worker runs the same outbox functions.
 */
class DeviceSession {
	profile = $state<DeviceProfile | null>(null);
	/** How the server last answered: drives the "sign in again" and "offline" banners. */
	check = $state<SessionCheck>('offline');
	waiting = $state(0);
	attention = $state(0);
	sending = $state(false);
	lastSentAt = $state<number | undefined>(undefined);
	/** Bumped after every change to the outbox, so pages can reload their lists. */
	revision = $state(0);

	#db: DeviceDb | undefined;
	#key: CryptoKey | undefined;
	#started = false;
	#wakeUp: ReturnType<typeof setTimeout> | undefined;
	/**
	 * While forms wait and the server is away, a light probe notices its return (outbox.ts). The
	 * tRPC client reports every answer it gets here too (`$lib/api`).
	 */
	readonly watch = watchServer(
		() => this.waiting > 0 && this.check !== 'expired' && this.check !== 'revoked',
		() => void (this.check === 'online' ? this.sync({ now: true }) : this.open())
	);

	get db(): DeviceDb {
		if (!this.#db) throw new Error('device not opened');
		return this.#db;
	}
	get key(): CryptoKey {
		if (!this.#key) throw new Error('device key not unlocked');
		return this.#key;
	}
	get userId(): string {
		if (!this.profile) throw new Error('no user on this device');
		return this.profile.userId;
	}

	/** Asks the server who is signed in; falls back to the device's last user when offline. */
	async open(): Promise<SessionCheck> {
		// The question goes to the server while IndexedDB opens: neither needs the other, and the
		// round trip is on the way to the practitioner's first paint (docs/decisions/014).
		const [db, answer] = await Promise.all([this.#db ?? openDeviceDb(), whoIsSignedIn()]);
		this.#db = db;
		if (answer.kind === 'user') {
			await rememberProfile(db, answer.profile);
			this.profile = { ...answer.profile, savedAt: Date.now() };
			this.#key = await ensureDeviceKey(db, answer.profile.userId);
			this.check = 'online';
		} else if (answer.kind === 'revoked') {
			// The server withdrew this device's access (a lost phone, a disabled account): remove the
			// last user's data.
			const last = await lastProfile(db);
			if (last) await wipeUser(db, last.userId);
			this.profile = null;
			this.#key = undefined;
			this.check = 'revoked';
			return this.check;
		} else if (answer.kind === 'password-first') {
			// Nothing is fetched or sent until then: the server refuses it all (docs/decisions/019).
			this.check = 'password-first';
			return this.check;
		} else {
			const last = await lastProfile(db);
			const key = last ? (await db.get('keys', last.userId))?.key : undefined;
			if (!last || !key) {
				this.check = 'signed-out';
				return this.check;
			}
			this.profile = last;
			this.#key = key;
			this.check = answer.kind === 'expired' ? 'expired' : 'offline';
		}
		await this.refresh();
		this.#start();
		if (this.check === 'online') {
			this.watch.answered();
			void this.sync({ now: true });
		} else if (answer.kind === 'offline') this.watch.failed(true);
		return this.check;
	}

	async refresh() {
		if (!this.#db || !this.profile) return;
		const items = await outboxItems(this.#db, this.profile.userId);
		this.waiting = items.filter((i) => i.state === 'waiting' || i.state === 'sending').length;
		this.attention = items.filter((i) => i.state === 'attention').length;
		this.lastSentAt = await lastSentAt(this.#db, this.profile.userId);
		this.revision += 1;
	}

	/** Queues a form and tries to send it straight away. */
	async submit(id: string, form: NotificationForm, correctsId?: string) {
		await enqueue(this.db, this.key, this.userId, id, form, undefined, correctsId);
		await this.refresh();
		void requestBackgroundSync();
		void this.sync({ now: true });
	}

	/** Drains the outbox, one drain at a time across tabs (Web Locks where available). */
	async sync(options: { now?: boolean } = {}) {
		if (!this.#db || !this.#key || !this.profile) return;
		if (this.check === 'expired' || this.check === 'revoked') return;
		const db = this.#db;
		const key = this.#key;
		const userId = this.profile.userId;
		const run = async () => {
			let report: DrainReport | undefined;
			this.sending = true;
			try {
				if (options.now) await retryNow(db, userId);
				report = await drainOutbox(db, key, userId, httpTransport());
				const { stopped } = report;
				if (stopped === 'expired') this.check = 'expired';
				else if (stopped === 'revoked') await this.open();
				else if (stopped === 'network') this.check = 'offline';
				else if (report.sent > 0 || report.attention > 0) this.check = 'online';
			} finally {
				this.sending = false;
				await this.refresh();
				await this.#scheduleRetry(db, userId);
			}
			// Sending failed: ask the server, lightly, until it answers. A form answered says it is
			// there.
			if (report.stopped === 'network' || report.stopped === 'server') this.watch.failed(false);
			else if (report.sent > 0 || report.attention > 0) this.watch.answered();
		};
		if (typeof navigator !== 'undefined' && 'locks' in navigator) {
			await navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
				if (lock) await run();
			});
		} else {
			await run();
		}
	}

	/** Wakes up when the oldest waiting form's backoff ends, rather than at the next timer tick. */
	async #scheduleRetry(db: DeviceDb, userId: string) {
		clearTimeout(this.#wakeUp);
		const next = (await outboxItems(db, userId)).find((i) => i.state === 'waiting');
		if (!next || this.check === 'expired') return;
		const delay = Math.max(250, next.nextAttemptAt - Date.now());
		if (delay < RETRY_EVERY_MS) this.#wakeUp = setTimeout(() => void this.sync(), delay);
	}

	#start() {
		if (this.#started) return;
		this.#started = true;
		window.addEventListener('online', () => {
			void this.open();
		});
		setInterval(() => void this.sync(), RETRY_EVERY_MS);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.sync({ now: true });
		});
	}
}

type WhoAnswer =
	| { kind: 'user'; profile: { userId: string; name: string; role: Role } }
	| { kind: 'expired' | 'revoked' | 'offline' | 'password-first' };

async function whoIsSignedIn(): Promise<WhoAnswer> {
	let response: Response;
	try {
		response = await fetch('/api/trpc/auth.me', { credentials: 'same-origin' });
	} catch {
		return { kind: 'offline' };
	}
	const body = (await response.json().catch(() => null)) as {
		result?: { data?: { id: string; name: string; role: Role } };
		error?: { data?: { appCode?: string } };
	} | null;
	const user = body?.result?.data;
	if (response.ok && user) {
		return { kind: 'user', profile: { userId: user.id, name: user.name, role: user.role } };
	}
	if (body?.error?.data?.appCode === 'SESSION_REVOKED') return { kind: 'revoked' };
	if (body?.error?.data?.appCode === 'PASSWORD_CHANGE_REQUIRED') return { kind: 'password-first' };
	if (response.status === 401) return { kind: 'expired' };
	return { kind: 'offline' };
}

/** Lets the browser send the outbox later even if the app is closed (Background Sync). */
async function requestBackgroundSync() {
	if (!('serviceWorker' in navigator)) return;
	try {
		const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
			sync?: { register(tag: string): Promise<void> };
		};
		await registration.sync?.register(OUTBOX_SYNC_TAG);
	} catch {
		// Not supported or not allowed: the page's own triggers still send it.
	}
}

export const device = new DeviceSession();
