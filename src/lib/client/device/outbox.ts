import type { DeviceDb, OutboxRecord } from './device-db';
import { seal, unseal } from './sealed';
import { MAX_BATCH } from '$lib/domain/notification/batch-size';
import type { BatchResult } from '$lib/domain/notification/batch';
import type { NotificationForm } from '$lib/domain/notification/notification-form';

/**
 * The device outbox (docs/decisions/008-sync-protocol.md). Submitted forms wait here, encrypted,
 * and are sent in the order they were queued, in batches, with exponential backoff and jitter. The
 * server is idempotent on each form's id, so a batch that may or may not have arrived is simply
 * sent again.
 */

/** Why a send could not happen at all (as opposed to one form being refused). */
export class TransportError extends Error {
	constructor(
		readonly kind: 'network' | 'server' | 'expired' | 'revoked',
		message: string
	) {
		super(message);
		this.name = 'TransportError';
	}
}

export interface OutboxUpload {
	id: string;
	form: NotificationForm;
	correctsId?: string;
}

export interface OutboxTransport {
	sendBatch(items: OutboxUpload[]): Promise<BatchResult>;
}

export interface OutboxClock {
	now(): number;
	/** A number in [0, 1): the jitter. */
	random(): number;
}

const systemClock: OutboxClock = { now: () => Date.now(), random: () => Math.random() };

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** "Full jitter" backoff: spreads retries from many phones after an outage. */
export function backoffDelay(attempts: number, random: number): number {
	const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
	return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

export const PROBE_BASE_MS = 1_000;
export const PROBE_MAX_MS = 3_000;

/**
 * How long to wait before asking the server again after `failures` unanswered probes: 0.5–1 s,
 * then 1–2 s, then 1.5–3 s at most, so a waiting form goes within about 3 s of the server's
 * return (docs/decisions/016-made-for-a-phone.md).
 */
export function probeDelay(failures: number, random: number): number {
	const ceiling = Math.min(PROBE_MAX_MS, PROBE_BASE_MS * 2 ** failures);
	return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** A light request that says whether the server answers: the public receipt key's headers. */
export async function serverAnswers(): Promise<boolean> {
	try {
		return (await fetch('/api/receipt-key', { method: 'HEAD', cache: 'no-store' })).ok;
	} catch {
		return false;
	}
}

export interface ServerWatch {
	/** A request failed: `down` when it proves the server away (a light request, not a send). */
	failed(down: boolean): void;
	/** The server answered a request: if it had been away, `onBack` sends what waits now. */
	answered(): void;
}

/**
 * Notices the server's return while forms wait. No `online` event fires when only the server was
 * down, and the outbox's own back-off may have grown to minutes, so after a failed send this asks
 * the server with a light probe (probeDelay apart) while `waiting()`, until it answers. Only an
 * unanswered probe (or an unanswered sign-in check) proves the server was away: when one has
 * failed and then the server answers a probe or any other request, `onBack` sends the outbox at
 * once. A send that failed while the probe is answered at once (a broken proxy, a 5xx) keeps to
 * the outbox's back-off instead, so a request that always fails is not repeated every second.
 */
export function watchServer(waiting: () => boolean, onBack: () => void): ServerWatch {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let failures = 0;
	let down = false;
	const answered = () => {
		clearTimeout(timer);
		failures = 0;
		if (down) {
			down = false;
			onBack();
		}
	};
	const next = () => {
		clearTimeout(timer);
		if (!waiting()) return;
		timer = setTimeout(
			() =>
				void serverAnswers().then((ok) => {
					if (ok) return answered();
					failures += 1;
					down = true;
					next();
				}),
			probeDelay(failures, Math.random())
		);
	};
	return {
		failed(proves) {
			down ||= proves;
			next();
		},
		answered
	};
}

export interface DrainReport {
	sent: number;
	attention: number;
	/** Set when sending stopped: retry later, or the user must sign in again. */
	stopped?: 'network' | 'server' | 'expired' | 'revoked';
}

export async function enqueue(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	id: string,
	form: NotificationForm,
	clock: OutboxClock = systemClock,
	correctsId?: string
): Promise<void> {
	const now = clock.now();
	const existing = await db.get('outbox', id);
	await db.put('outbox', {
		id,
		userId,
		...(correctsId ? { correctsId } : {}),
		// A form sent again after correction keeps its place in the queue.
		queuedAt: existing?.queuedAt ?? now,
		state: 'waiting',
		attempts: 0,
		nextAttemptAt: now,
		sealed: await seal(key, form)
	});
}

export async function outboxItems(db: DeviceDb, userId: string): Promise<OutboxRecord[]> {
	const items = await db.getAllFromIndex('outbox', 'byUser', userId);
	return items.sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1));
}

export async function lastSentAt(db: DeviceDb, userId: string): Promise<number | undefined> {
	return (await db.get('meta', `lastSent:${userId}`))?.value;
}

/** A form that needs attention, decrypted so the practitioner can correct it. */
export async function outboxForm(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	id: string
): Promise<NotificationForm | undefined> {
	const item = await db.get('outbox', id);
	if (!item || item.userId !== userId || !item.sealed) return undefined;
	return unseal<NotificationForm>(key, item.sealed);
}

/** Sends everything that is due. Stops at the first failure of the connection or session. */
export async function drainOutbox(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	transport: OutboxTransport,
	clock: OutboxClock = systemClock
): Promise<DrainReport> {
	const report: DrainReport = { sent: 0, attention: 0 };
	for (;;) {
		const now = clock.now();
		const due = (await outboxItems(db, userId)).filter(
			(i) => (i.state === 'waiting' || i.state === 'sending') && i.sealed !== null
		);
		// In order: if the oldest waiting form is backing off, later ones wait behind it.
		if (due.length === 0 || (due[0]?.nextAttemptAt ?? 0) > now) return report;
		const batch = due.slice(0, MAX_BATCH);
		const items: OutboxUpload[] = [];
		for (const item of batch) {
			if (!item.sealed) continue;
			const form = await unseal<NotificationForm>(key, item.sealed);
			items.push(
				item.correctsId ? { id: item.id, form, correctsId: item.correctsId } : { id: item.id, form }
			);
			await db.put('outbox', { ...item, state: 'sending' });
		}
		let result: BatchResult;
		try {
			result = await transport.sendBatch(items);
		} catch (error) {
			const kind = error instanceof TransportError ? error.kind : 'network';
			await backOff(db, batch, kind, clock);
			report.stopped = kind;
			return report;
		}
		for (const r of result.results) {
			const item = await db.get('outbox', r.id);
			if (!item || item.userId !== userId) continue;
			if (r.status === 'accepted') {
				// The receipt is the server's promise: the form itself can now leave the device.
				await db.put('outbox', {
					...item,
					state: 'sent',
					sealed: null,
					receipt: r.receipt,
					sentAt: clock.now(),
					problem: undefined
				});
				report.sent += 1;
			} else {
				await db.put('outbox', {
					...item,
					state: 'attention',
					problem: {
						message: r.message,
						fieldErrors: r.status === 'invalid' ? r.fieldErrors : {}
					}
				});
				report.attention += 1;
			}
		}
		if (report.sent > 0) await db.put('meta', { key: `lastSent:${userId}`, value: clock.now() });
		// Anything the server did not answer for stays queued for the next round.
		const answered = new Set(result.results.map((r) => r.id));
		for (const item of batch) {
			if (!answered.has(item.id)) await db.put('outbox', { ...item, state: 'waiting' });
		}
		if (answered.size === 0) return report;
	}
}

async function backOff(
	db: DeviceDb,
	batch: OutboxRecord[],
	kind: TransportError['kind'],
	clock: OutboxClock
) {
	for (const item of batch) {
		const current = (await db.get('outbox', item.id)) ?? item;
		// A session problem is not the server's fault: wait for sign-in, do not count it.
		const attempts =
			kind === 'expired' || kind === 'revoked' ? current.attempts : current.attempts + 1;
		await db.put('outbox', {
			...current,
			state: 'waiting',
			attempts,
			nextAttemptAt: clock.now() + backoffDelay(Math.max(1, attempts), clock.random())
		});
	}
}

/** Sends again now, ignoring the backoff: after sign-in, or when the person asks. */
export async function retryNow(db: DeviceDb, userId: string, clock: OutboxClock = systemClock) {
	for (const item of await outboxItems(db, userId)) {
		if (item.state === 'waiting' || item.state === 'sending') {
			await db.put('outbox', { ...item, state: 'waiting', nextAttemptAt: clock.now() });
		}
	}
}

export async function removeFromOutbox(db: DeviceDb, userId: string, id: string) {
	const item = await db.get('outbox', id);
	if (item && item.userId === userId) await db.delete('outbox', id);
}

/** Forms still on the device that the server has not acknowledged. */
export function unsent(items: OutboxRecord[]): OutboxRecord[] {
	return items.filter((i) => i.state !== 'sent');
}
