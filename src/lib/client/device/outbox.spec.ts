import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDeviceDb, resetDeviceDbHandle, type DeviceDb } from './device-db';
import { wipeUser } from './device-wipe';
import { setPasscode } from './device-lock';
import {
	backoffDelay,
	BACKOFF_MAX_MS,
	drainOutbox,
	enqueue,
	lastSentAt,
	outboxForm,
	outboxItems,
	probeDelay,
	PROBE_MAX_MS,
	serverAnswers,
	watchServer,
	TransportError,
	type OutboxTransport
} from './outbox';
import { MAX_BATCH, type BatchItemResult } from '$lib/domain/notification/batch';
import type { NotificationForm } from '$lib/domain/notification/notification-form';

const USER = 'user-1';
let db: DeviceDb;
let key: CryptoKey;
let time = 1_000_000;
const clock = { now: () => time, random: () => 0.5 };

function form(outline: string): NotificationForm {
	return { outline, children: [{ name: 'Jamie Example' }] } as unknown as NotificationForm;
}

function accept(id: string): BatchItemResult {
	return {
		id,
		status: 'accepted',
		duplicate: false,
		receipt: {
			id,
			reference: `NTF-2026-${id}`,
			receivedAt: time,
			contentHash: 'h',
			keyId: 'k',
			signature: 's'
		}
	};
}

/** A server that records what arrived, in order, and answers as told. */
function fakeServer(answer: (id: string) => BatchItemResult = accept) {
	const batches: string[][] = [];
	const transport: OutboxTransport = {
		sendBatch: (items) => {
			batches.push(items.map((i) => i.id));
			return Promise.resolve({ results: items.map((i) => answer(i.id)) });
		}
	};
	return { transport, batches };
}

beforeEach(async () => {
	globalThis.indexedDB = new IDBFactory();
	resetDeviceDbHandle();
	db = await openDeviceDb();
	key = await setPasscode(db, USER, 'a device passcode', 0, 1000);
	time = 1_000_000;
});

describe('outbox', () => {
	it('sends in queue order, in batches, keeps receipts and drops the form content', async () => {
		for (let i = 0; i < MAX_BATCH + 3; i++) {
			time += 1;
			await enqueue(db, key, USER, `id-${String(i).padStart(3, '0')}`, form(`outline ${i}`), clock);
		}
		const server = fakeServer();
		const report = await drainOutbox(db, key, USER, server.transport, clock);
		expect(report).toEqual({ sent: MAX_BATCH + 3, attention: 0 });
		expect(server.batches.map((b) => b.length)).toEqual([MAX_BATCH, 3]);
		expect(server.batches.flat()).toEqual(
			[...Array(MAX_BATCH + 3).keys()].map((i) => `id-${String(i).padStart(3, '0')}`)
		);
		const items = await outboxItems(db, USER);
		expect(items.every((i) => i.state === 'sent' && i.sealed === null && i.receipt)).toBe(true);
		expect(await lastSentAt(db, USER)).toBe(time);
	});

	it('keeps everything and backs off when the network fails, then sends it all once', async () => {
		await enqueue(db, key, USER, 'a', form('first'), clock);
		await enqueue(db, key, USER, 'b', form('second'), clock);
		const failing: OutboxTransport = {
			sendBatch: () => Promise.reject(new TransportError('network', 'down'))
		};
		expect(await drainOutbox(db, key, USER, failing, clock)).toMatchObject({ stopped: 'network' });
		const waiting = await outboxItems(db, USER);
		expect(waiting.map((i) => [i.state, i.attempts])).toEqual([
			['waiting', 1],
			['waiting', 1]
		]);
		// Not due yet: nothing is sent before the backoff ends.
		const server = fakeServer();
		expect(await drainOutbox(db, key, USER, server.transport, clock)).toEqual({
			sent: 0,
			attention: 0
		});
		time += BACKOFF_MAX_MS;
		expect(await drainOutbox(db, key, USER, server.transport, clock)).toEqual({
			sent: 2,
			attention: 0
		});
		expect(server.batches).toEqual([['a', 'b']]);
	});

	it('pauses on an expired session without counting it as a failed attempt', async () => {
		await enqueue(db, key, USER, 'a', form('x'), clock);
		const expired: OutboxTransport = {
			sendBatch: () => Promise.reject(new TransportError('expired', 'sign in'))
		};
		expect(await drainOutbox(db, key, USER, expired, clock)).toMatchObject({ stopped: 'expired' });
		const [item] = await outboxItems(db, USER);
		expect(item?.attempts).toBe(0);
		expect(item?.sealed).not.toBeNull();
	});

	it('marks only the refused form as needing attention; the others flow', async () => {
		await enqueue(db, key, USER, 'good-1', form('ok'), clock);
		await enqueue(db, key, USER, 'bad', form(''), clock);
		await enqueue(db, key, USER, 'good-2', form('ok'), clock);
		const server = fakeServer((id) =>
			id === 'bad'
				? { id, status: 'invalid', message: 'Fix it', fieldErrors: { outline: 'Enter an outline' } }
				: accept(id)
		);
		expect(await drainOutbox(db, key, USER, server.transport, clock)).toEqual({
			sent: 2,
			attention: 1
		});
		const bad = (await outboxItems(db, USER)).find((i) => i.id === 'bad');
		expect(bad?.state).toBe('attention');
		expect(bad?.problem?.fieldErrors).toEqual({ outline: 'Enter an outline' });
		// The form is kept, readable, so it can be corrected and sent again.
		expect((await outboxForm(db, key, USER, 'bad'))?.outline).toBe('');
	});

	it('stores forms encrypted: no child name or narrative in the raw records', async () => {
		await enqueue(db, key, USER, 'a', form('The narrative about Jamie'), clock);
		const raw = await db.get('outbox', 'a');
		const bytes = new Uint8Array(raw?.sealed?.data ?? new ArrayBuffer(0));
		const text = new TextDecoder('latin1').decode(bytes);
		expect(bytes.length).toBeGreaterThan(20);
		expect(text).not.toContain('Jamie');
		expect(text).not.toContain('narrative');
		expect(JSON.stringify(raw)).not.toContain('Jamie');
	});

	it('a wiped user leaves nothing behind, and another user is untouched', async () => {
		const otherKey = await setPasscode(db, 'user-2', 'another passcode', 0, 1000);
		await enqueue(db, key, USER, 'a', form('x'), clock);
		await enqueue(db, otherKey, 'user-2', 'b', form('y'), clock);
		await wipeUser(db, USER);
		expect(await outboxItems(db, USER)).toEqual([]);
		expect(await db.get('locks', USER)).toBeUndefined();
		expect((await outboxItems(db, 'user-2')).map((i) => i.id)).toEqual(['b']);
	});
});

describe('backoffDelay', () => {
	it('grows exponentially, is capped, and stays within its jitter band', () => {
		expect(backoffDelay(1, 0)).toBe(1000);
		expect(backoffDelay(1, 0.999)).toBeLessThanOrEqual(2000);
		expect(backoffDelay(3, 0)).toBe(4000);
		expect(backoffDelay(50, 1)).toBe(BACKOFF_MAX_MS);
		for (let a = 1; a < 12; a++)
			expect(backoffDelay(a + 1, 0)).toBeGreaterThanOrEqual(backoffDelay(a, 0));
	});
});

describe('probeDelay', () => {
	it('starts under a second, grows, and never waits more than 3 seconds', () => {
		expect(probeDelay(0, 0)).toBe(500);
		expect(probeDelay(0, 1)).toBe(1000);
		expect(probeDelay(1, 1)).toBe(2000);
		expect(probeDelay(2, 0)).toBe(1500);
		expect(PROBE_MAX_MS).toBe(3000);
		for (let failures = 0; failures < 60; failures++) {
			expect(probeDelay(failures, 0.999)).toBeLessThanOrEqual(PROBE_MAX_MS);
		}
	});
});

describe('serverAnswers', () => {
	afterEach(() => {
		vi.unstubAllGlobals();
	});

	it('asks for the receipt key headers, uncached, and says no on any failure', async () => {
		const asked: [string, RequestInit | undefined][] = [];
		const answering = (status: number) =>
			vi.fn((url: string, init?: RequestInit) => {
				asked.push([url, init]);
				return Promise.resolve(new Response(null, { status }));
			});
		vi.stubGlobal('fetch', answering(200));
		expect(await serverAnswers()).toBe(true);
		expect(asked[0]).toEqual(['/api/receipt-key', { method: 'HEAD', cache: 'no-store' }]);
		vi.stubGlobal('fetch', answering(502));
		expect(await serverAnswers()).toBe(false);
		vi.stubGlobal('fetch', () => Promise.reject(new TypeError('down')));
		expect(await serverAnswers()).toBe(false);
	});
});

describe('watchServer', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.spyOn(Math, 'random').mockReturnValue(1);
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.restoreAllMocks();
		vi.unstubAllGlobals();
	});

	/** A server that answers the probe from `upAt` (fake) milliseconds on. */
	function watch(upAt: number, waiting = () => true) {
		const start = Date.now();
		const probes: number[] = [];
		const back: number[] = [];
		vi.stubGlobal('fetch', () => {
			probes.push(Date.now() - start);
			return Date.now() - start >= upAt
				? Promise.resolve(new Response(null, { status: 200 }))
				: Promise.reject(new TypeError('connection refused'));
		});
		const w = watchServer(waiting, () => back.push(Date.now() - start));
		return { w, probes, back };
	}

	it('after a failed send and a server away, sends within 3 seconds of its return, however long it was away', async () => {
		const upAt = 10 * 60_000;
		const { w, probes, back } = watch(upAt);
		w.failed(false);
		await vi.advanceTimersByTimeAsync(upAt + 10_000);
		expect(back).toHaveLength(1);
		expect(back[0]).toBeGreaterThanOrEqual(upAt);
		expect(back[0]).toBeLessThanOrEqual(upAt + PROBE_MAX_MS);
		// Probes grow apart up to the cap, and stop once the server answers.
		const gaps = probes.slice(1).map((t, i) => t - (probes[i] ?? 0));
		expect(gaps.slice(0, 3)).toEqual([2000, 3000, 3000]);
		expect(Math.max(...gaps)).toBe(PROBE_MAX_MS);
		expect(probes.at(-1)).toBe(back[0]);
	});

	it('after a failed send while the server answers (a 5xx, a broken proxy), stops probing and leaves the resend to the back-off', async () => {
		const { w, probes, back } = watch(0);
		w.failed(false);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(probes).toHaveLength(1);
		expect(back).toEqual([]);
	});

	it('after a failed sign-in check, any answered request ends the wait at once', async () => {
		const { w, probes, back } = watch(Number.POSITIVE_INFINITY);
		w.failed(true);
		await vi.advanceTimersByTimeAsync(5_000);
		const before = probes.length;
		w.answered();
		expect(back).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(probes).toHaveLength(before);
	});

	it('probes nothing when nothing waits', async () => {
		const { w, probes } = watch(0, () => false);
		w.failed(true);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(probes).toEqual([]);
	});
});
