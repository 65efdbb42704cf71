import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openDeviceDb, resetDeviceDbHandle, type DeviceDb } from './device-db';
import { passcodeFailures, setPasscode, unlock } from './device-lock';
import { lastWipe, wipeUser } from './device-wipe';
import { loadDraft, saveDraft } from './drafts';
import { enqueue, outboxForm } from './outbox';
import { PASSCODE_ITERATIONS } from './device-key';
import { seal, unseal } from './sealed';
import { MAX_PASSCODE_TRIES } from '$lib/domain/device-passcode';
import type { NotificationDraft } from '$lib/domain/notification/notification-draft';
import type { NotificationForm } from '$lib/domain/notification/notification-form';

const USER = 'user-1';
const PASSCODE = 'four words to remember';
// The real count is slow by design; these tests use a small one except where it is the point.
const FAST = 1000;
let db: DeviceDb;

const draft = (name: string) =>
	({ children: [{ name }], outline: 'x' }) as unknown as NotificationDraft;

beforeEach(async () => {
	globalThis.indexedDB = new IDBFactory();
	resetDeviceDbHandle();
	db = await openDeviceDb();
});

/** Every value stored anywhere in the device database, walked into. */
async function everythingStored(): Promise<unknown[]> {
	const found: unknown[] = [];
	const walk = (value: unknown) => {
		found.push(value);
		if (value && typeof value === 'object' && !(value instanceof ArrayBuffer)) {
			for (const inner of Object.values(value)) walk(inner);
		}
	};
	for (const store of db.objectStoreNames) walk(await db.getAll(store));
	return found;
}

describe('the device passcode', () => {
	it('stores the device key only wrapped: no CryptoKey, nothing that opens a record by itself', async () => {
		const key = await setPasscode(db, USER, PASSCODE, 0, FAST);
		await saveDraft(db, key, USER, 'd1', draft('Morgan Confidential'));
		const stored = await everythingStored();
		expect(stored.some((v) => v instanceof CryptoKey)).toBe(false);
		// The key in use cannot be exported either.
		expect(key.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
		// Not one stored 32-byte value, nor any 32-byte window of the wrapped key, opens the draft.
		const sealed = (await db.get('drafts', 'd1'))!.sealed;
		const lock = (await db.get('locks', USER))!;
		const bytes = new Uint8Array(lock.wrapped.data);
		for (let at = 0; at + 32 <= bytes.length; at++) {
			const candidate = await crypto.subtle.importKey(
				'raw',
				bytes.slice(at, at + 32),
				'AES-GCM',
				false,
				['decrypt']
			);
			await expect(unseal(candidate, sealed)).rejects.toThrow();
		}
		expect(lock.iterations).toBe(FAST);
		expect(lock.salt.byteLength).toBe(16);
	});

	it('uses PBKDF2 with the recorded iteration count by default', async () => {
		await setPasscode(db, USER, PASSCODE, 0);
		expect((await db.get('locks', USER))!.iterations).toBe(PASSCODE_ITERATIONS);
		expect(PASSCODE_ITERATIONS).toBeGreaterThanOrEqual(600_000);
	});

	it('unlocks with the passcode alone (offline), into a key that opens what the first one sealed', async () => {
		const first = await setPasscode(db, USER, PASSCODE, 0, FAST);
		await saveDraft(db, first, USER, 'd1', draft('Morgan Confidential'));
		await enqueue(db, first, USER, 'o1', draft('Sam Waiting') as unknown as NotificationForm);
		const result = await unlock(db, USER, PASSCODE);
		expect(result.kind).toBe('unlocked');
		const key = result.kind === 'unlocked' ? result.key : first;
		expect((await loadDraft(db, key, USER, 'd1'))?.form.children[0]?.name).toBe(
			'Morgan Confidential'
		);
		expect((await outboxForm(db, key, USER, 'o1'))?.children[0]?.name).toBe('Sam Waiting');
	});

	it('counts wrong passcodes, forgets them after a right one, and opens for no other user', async () => {
		await setPasscode(db, USER, PASSCODE, 0, FAST);
		expect(await unlock(db, USER, 'not the passcode')).toEqual({ kind: 'wrong', failures: 1 });
		expect(await unlock(db, USER, 'Four words to remember')).toEqual({
			kind: 'wrong',
			failures: 2
		});
		expect(await passcodeFailures(db, USER)).toBe(2);
		expect((await unlock(db, USER, PASSCODE)).kind).toBe('unlocked');
		expect(await passcodeFailures(db, USER)).toBe(0);
		// The wrapped key is bound to its user: copied under another user's id, it does not open.
		await db.put('locks', { ...(await db.get('locks', USER))!, userId: 'user-2' });
		expect((await unlock(db, 'user-2', PASSCODE)).kind).toBe('wrong');
		expect(await unlock(db, 'nobody', PASSCODE)).toEqual({ kind: 'no-lock' });
	});

	it(`wipes the user's data at ${MAX_PASSCODE_TRIES} wrong passcodes and says what had not been sent`, async () => {
		const key = await setPasscode(db, USER, PASSCODE, 0, FAST);
		const other = await setPasscode(db, 'user-2', 'another passcode', 0, FAST);
		await saveDraft(db, key, USER, 'd1', draft('A'));
		await saveDraft(db, key, USER, 'd2', draft('B'));
		await enqueue(db, key, USER, 'o1', draft('C') as unknown as NotificationForm);
		await db.put('outbox', {
			...(await db.get('outbox', 'o1'))!,
			id: 'o2',
			state: 'sent',
			sealed: null
		});
		await saveDraft(db, other, 'user-2', 'd3', draft('D'));
		for (let i = 1; i < MAX_PASSCODE_TRIES; i++) {
			expect(await unlock(db, USER, `wrong ${i}`)).toEqual({ kind: 'wrong', failures: i });
		}
		const last = await unlock(db, USER, 'wrong again');
		expect(last).toMatchObject({
			kind: 'wiped',
			wipe: { userId: USER, reason: 'passcode', unsent: 1, drafts: 2, signOutPending: true }
		});
		for (const store of ['locks', 'profile'] as const) {
			expect(await db.get(store, USER)).toBeUndefined();
		}
		for (const store of ['drafts', 'outbox', 'cache'] as const) {
			expect(await db.getAllFromIndex(store, 'byUser', USER)).toEqual([]);
		}
		// The right passcode is no use now, and the other user on the device is untouched.
		expect((await unlock(db, USER, PASSCODE)).kind).toBe('no-lock');
		expect((await loadDraft(db, other, 'user-2', 'd3'))?.form.children[0]?.name).toBe('D');
	});

	it('counts a try before deriving, so a page closed during a try still counts it', async () => {
		await setPasscode(db, USER, PASSCODE, 0, FAST);
		// What the device holds at the moment the slow derivation starts: a page closed from then
		// on has already counted the try.
		const derive = crypto.subtle.deriveKey.bind(crypto.subtle);
		let countWhenDeriving: Promise<number> | undefined;
		const spy = vi.spyOn(crypto.subtle, 'deriveKey').mockImplementation((...args) => {
			countWhenDeriving ??= passcodeFailures(db, USER);
			return derive(...args);
		});
		try {
			await unlock(db, USER, 'wrong');
		} finally {
			spy.mockRestore();
		}
		expect(await countWhenDeriving).toBe(1);
	});

	it('seals again, under the new key, what a version 1 key (stored raw) had sealed', async () => {
		const legacy = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
			'encrypt',
			'decrypt'
		]);
		await db.put('keys', { userId: USER, key: legacy, createdAt: 1 });
		await db.put('drafts', {
			id: 'd1',
			userId: USER,
			createdAt: 1,
			updatedAt: 1,
			sealed: await seal(legacy, draft('Kept Across'))
		});
		const key = await setPasscode(db, USER, PASSCODE, 0, FAST);
		expect(await db.get('keys', USER)).toBeUndefined();
		expect((await loadDraft(db, key, USER, 'd1'))?.form.children[0]?.name).toBe('Kept Across');
	});
});

describe('a wipe', () => {
	it('records counts once even when the page and the service worker both wipe', async () => {
		const key = await setPasscode(db, USER, PASSCODE, 0, FAST);
		await saveDraft(db, key, USER, 'd1', draft('A'));
		const first = await wipeUser(db, USER, 'revoked');
		const second = await wipeUser(db, USER, 'revoked');
		expect(first).toMatchObject({ unsent: 0, drafts: 1, signOutPending: false });
		expect(second).toMatchObject({ unsent: 0, drafts: 1 });
		expect(await lastWipe(db, USER)).toMatchObject({ reason: 'revoked', drafts: 1 });
		// A new passcode is a fresh start: the notice has been shown.
		await setPasscode(db, USER, PASSCODE, 0, FAST);
		expect(await lastWipe(db, USER)).toBeUndefined();
	});

	it('records nothing when the person chose to discard their forms', async () => {
		await setPasscode(db, USER, PASSCODE, 0, FAST);
		await wipeUser(db, USER);
		expect(await lastWipe(db, USER)).toBeUndefined();
	});
});
