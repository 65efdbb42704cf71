import { openDeviceDb, type DeviceDb, type DeviceProfile } from './device-db';
import { lastProfile, rememberProfile } from './device-user';
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
import { OUTBOX_SYNC_TAG, WORKER_ASKS_TO_SEND } from './background-sync';
import type { NotificationForm } from '$lib/domain/notification/notification-form';
import type { Role } from '$lib/domain/roles';
import { ACCESS_WITHDRAWN_HEADER } from '$lib/domain/withdrawn-access';

/** 'password-first': signed in, but the person must choose their own password before anything. */
export type SessionCheck =
	'online' | 'offline' | 'expired' | 'revoked' | 'signed-out' | 'password-first';

const RETRY_EVERY_MS = 30_000;
const LOCK_NAME = 'safeguard-outbox';

/**
 * The practitioner's device: who is signed in here, whether their key is unlocked, and the
 * outbox's live state for the screen. One instance per page. The key lives only in this object's
 * memory, unwrapped with the passcode (docs/decisions/017): every page load starts locked.
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
	/** Whether this user has set a passcode on this device (false: the passcode page is next). */
	hasLock = false;

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
		() => void (this.check === 'online' ? this.sync({ now: true }) : this.#reopen())
	);

	get db(): DeviceDb {
		if (!this.#db) throw new Error('device not opened');
		return this.#db;
	}
	get key(): CryptoKey {
		if (!this.#key) throw new Error('device key not unlocked');
		return this.#key;
	}
	get unlocked(): boolean {
		return this.#key !== undefined;
	}
	get userId(): string {
		if (!this.profile) throw new Error('no user on this device');
		return this.profile.userId;
	}

	/**
	 * Asks the server who is signed in; falls back to the device's last user when offline. Wipes a
	 * user's data when the server says their access was withdrawn, whether by the session this
	 * browser holds or by a withdrawal after this device's key was made. Sends the outbox when
	 * the key is unlocked.
	 */
	async open(): Promise<SessionCheck> {
		// The question goes to the server while IndexedDB opens: neither needs the other, and the
		// round trip is on the way to the practitioner's first paint (docs/decisions/014).
		const [db, answer] = await Promise.all([this.#db ?? openDeviceDb(), whoIsSignedIn()]);
		this.#db = db;
		if (answer.kind === 'revoked') {
			// The server withdrew this device's access (a lost phone, a disabled account).
			const userId = answer.userId ?? (await lastProfile(db))?.userId;
			if (userId) await wipe(db, userId);
			this.#forget();
			this.check = 'revoked';
			return this.check;
		}
		if (answer.kind === 'password-first') {
			// Nothing is fetched or sent until then: the server refuses it all (docs/decisions/019).
			this.check = 'password-first';
			return this.check;
		}
		let profile: DeviceProfile | undefined;
		if (answer.kind === 'user') {
			const { userId } = answer.profile;
			const lock = await db.get('locks', userId);
			if (lock && answer.profile.withdrawnAt > lock.withdrawnSeen) {
				// Signed out everywhere after this key was made: this device was to be wiped.
				await wipe(db, userId);
				this.#key = undefined;
			}
			// The passcode was lost on this device while it was offline: end the session first.
			if ((await db.get('wipes', userId))?.signOutPending) {
				const { signOutOnServer } = await import('./device-lock');
				if (await signOutOnServer(db, userId)) {
					this.#forget();
					this.check = 'signed-out';
					return this.check;
				}
			}
			await rememberProfile(db, answer.profile);
			profile = { ...answer.profile, savedAt: Date.now() };
			this.check = 'online';
		} else {
			profile = await lastProfile(db);
			this.check = answer.kind === 'expired' ? 'expired' : 'offline';
		}
		const hasLock = profile ? (await db.get('locks', profile.userId)) !== undefined : false;
		const legacy = profile ? (await db.get('keys', profile.userId)) !== undefined : false;
		// Offline, a user with no passcode here has nothing to unlock: they sign in first.
		if (!profile || (this.check !== 'online' && !hasLock && !legacy)) {
			this.#forget();
			this.check = 'signed-out';
			return this.check;
		}
		if (this.profile?.userId !== profile.userId) this.#key = undefined;
		this.profile = profile;
		this.hasLock = hasLock;
		if (!this.#key) return this.check;
		await this.#begin();
		return this.check;
	}

	/**
	 * The lock's pages (device-lock.ts) set a passcode or unlock: this is the key they opened, and
	 * the outbox starts sending. Null: the user's data was removed (wrong passcodes, forgotten).
	 */
	async useKey(key: CryptoKey | null) {
		if (!key) {
			this.#forget();
			return;
		}
		this.#key = key;
		this.hasLock = true;
		await this.#begin();
	}

	/**
	 * The key is unlocked: show the outbox and send it. Offline, the light probe watches for the
	 * server's return (outbox.ts) while forms wait.
	 */
	async #begin() {
		await this.refresh();
		this.#start();
		if (this.check === 'online') {
			this.watch.answered();
			void this.sync({ now: true });
		} else if (this.check === 'offline') this.watch.failed(true);
	}

	/** Forgets the key: the passcode is needed again (idle, or the page hidden too long). */
	lock() {
		this.#key = undefined;
	}

	/** Asks the server again; access withdrawn while a page is open leaves that page at once. */
	async #reopen() {
		if ((await this.open()) === 'revoked') location.replace('/sign-in?reason=revoked');
	}

	#forget() {
		this.profile = null;
		this.#key = undefined;
		this.hasLock = false;
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
				else if (stopped === 'revoked') await this.#reopen();
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
			void this.#reopen();
		});
		// Background Sync reached the service worker, which cannot read the outbox (only an
		// unlocked page holds the key): it asks the open pages to send.
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

type WhoAnswer =
	| {
			kind: 'user';
			profile: { userId: string; name: string; role: Role; withdrawnAt: number; unread: number };
	  }
	| { kind: 'revoked'; userId: string | null }
	| { kind: 'expired' | 'offline' | 'password-first' };

async function whoIsSignedIn(): Promise<WhoAnswer> {
	let response: Response;
	try {
		response = await fetch('/api/trpc/auth.me', { credentials: 'same-origin' });
	} catch {
		return { kind: 'offline' };
	}
	const body = (await response.json().catch(() => null)) as {
		result?: {
			data?: {
				id: string;
				name: string;
				role: Role;
				accessWithdrawnAt?: number | null;
				unreadMessages?: number;
			};
		};
		error?: { data?: { appCode?: string } };
	} | null;
	const user = body?.result?.data;
	if (response.ok && user) {
		const { id: userId, name, role } = user;
		return {
			kind: 'user',
			profile: {
				userId,
				name,
				role,
				withdrawnAt: user.accessWithdrawnAt ?? 0,
				unread: user.unreadMessages ?? 0
			}
		};
	}
	if (body?.error?.data?.appCode === 'SESSION_REVOKED') {
		return { kind: 'revoked', userId: response.headers.get(ACCESS_WITHDRAWN_HEADER) };
	}
	if (body?.error?.data?.appCode === 'PASSWORD_CHANGE_REQUIRED') return { kind: 'password-first' };
	if (response.status === 401) return { kind: 'expired' };
	return { kind: 'offline' };
}

/** A wipe is rare: its code loads only then (the form page's first load stays lighter). */
async function wipe(db: DeviceDb, userId: string) {
	const { wipeUser } = await import('./device-wipe');
	await wipeUser(db, userId, 'revoked');
}

/** Lets the browser send the outbox later even if the app is closed (Background Sync). */
export async function requestBackgroundSync() {
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
