import type { DeviceDb, WipeRecord } from './device-db';
import { wipeUser } from './device-wipe';
import { device } from './device-session.svelte';
import { newDeviceKey, unwrapDeviceKey } from './device-key';
import { seal, unseal, type Sealed } from './sealed';
import { MAX_PASSCODE_TRIES } from '$lib/domain/device-passcode';

// The device lock (docs/decisions/017-device-passcode.md): the passcode a user sets on a device
// wraps their device key; unlocking unwraps it into memory only; too many wrong passcodes wipe
// the user's data from the device.

export type UnlockResult =
	| { kind: 'unlocked'; key: CryptoKey }
	| { kind: 'wrong'; failures: number }
	| { kind: 'wiped'; wipe: WipeRecord }
	| { kind: 'no-lock' };

/**
 * Sets the user's passcode on this device: a new device key, stored wrapped under it. Anything a
 * version 1 key (stored raw) sealed is sealed again under the new key, and the old key removed.
 */
export async function setPasscode(
	db: DeviceDb,
	userId: string,
	passcode: string,
	withdrawnSeen: number,
	iterations?: number
): Promise<CryptoKey> {
	const { stored, key } = await newDeviceKey(userId, passcode, iterations);
	const legacy = (await db.get('keys', userId))?.key;
	if (legacy) await resealAll(db, userId, legacy, key);
	const tx = db.transaction(['locks', 'keys', 'wipes'], 'readwrite');
	await tx.objectStore('locks').put({
		...stored,
		userId,
		createdAt: Date.now(),
		failures: 0,
		withdrawnSeen
	});
	await tx.objectStore('keys').delete(userId);
	// A fresh start after a wipe: its notice has been shown.
	await tx.objectStore('wipes').delete(userId);
	await tx.done;
	return key;
}

/**
 * Tries a passcode. The failure is counted before the slow derivation starts, so closing the page
 * during a try still counts it; the count returns to 0 when the passcode opens the key. At
 * MAX_PASSCODE_TRIES failures in a row the user's data is wiped.
 */
export async function unlock(
	db: DeviceDb,
	userId: string,
	passcode: string
): Promise<UnlockResult> {
	const lock = await db.get('locks', userId);
	if (!lock) return { kind: 'no-lock' };
	const counted = { ...lock, failures: lock.failures + 1 };
	await db.put('locks', counted);
	const key = await unwrapDeviceKey(lock, userId, passcode);
	if (key) {
		await db.put('locks', { ...counted, failures: 0 });
		return { kind: 'unlocked', key };
	}
	if (counted.failures >= MAX_PASSCODE_TRIES) {
		return { kind: 'wiped', wipe: await wipeUser(db, userId, 'passcode') };
	}
	return { kind: 'wrong', failures: counted.failures };
}

/** The signed-in user sets their passcode on this device; the device is then unlocked. */
export async function setDevicePasscode(passcode: string): Promise<void> {
	const key = await setPasscode(
		device.db,
		device.userId,
		passcode,
		device.profile?.withdrawnAt ?? 0
	);
	await device.useKey(key);
}

/** The signed-in user tries a passcode on this device. */
export async function unlockDevice(passcode: string): Promise<UnlockResult> {
	const result = await unlock(device.db, device.userId, passcode);
	if (result.kind === 'unlocked') await device.useKey(result.key);
	if (result.kind === 'wiped') await endSession(result.wipe.userId);
	return result;
}

/** The person has forgotten the passcode: remove their data here and end the session. */
export async function forgetPasscode(): Promise<WipeRecord> {
	const wipe = await wipeUser(device.db, device.userId, 'forgotten');
	await endSession(wipe.userId);
	return wipe;
}

/** The device's data is gone: so is the session, or soon (not waited on for long). */
async function endSession(userId: string) {
	const db = device.db;
	await device.useKey(null);
	await Promise.race([
		signOutOnServer(db, userId),
		new Promise((resolve) => setTimeout(resolve, 3000))
	]);
}

/**
 * Ends the session on the server after the device's data was removed for a lost passcode, so the
 * browser's cookie no longer opens the server's records either. Offline, the wipe's record keeps
 * it pending and the device's open() does it at the next contact. True once the session ended.
 */
export async function signOutOnServer(db: DeviceDb, userId: string): Promise<boolean> {
	try {
		const response = await fetch('/api/trpc/auth.signOut', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			credentials: 'same-origin',
			body: '{}'
		});
		// Signed out now, or no session any more: either way nothing is pending.
		if (!response.ok && response.status !== 401) return false;
	} catch {
		return false;
	}
	const wipe = await db.get('wipes', userId);
	if (wipe) await db.put('wipes', { ...wipe, signOutPending: false });
	return true;
}

/** Wrong passcodes so far (shown on the unlock page after a reload). */
export async function passcodeFailures(db: DeviceDb, userId: string): Promise<number> {
	return (await db.get('locks', userId))?.failures ?? 0;
}

async function resealAll(db: DeviceDb, userId: string, from: CryptoKey, to: CryptoKey) {
	const again = async (sealed: Sealed) => seal(to, await unseal(from, sealed));
	for (const draft of await db.getAllFromIndex('drafts', 'byUser', userId)) {
		await db.put('drafts', { ...draft, sealed: await again(draft.sealed) });
	}
	for (const item of await db.getAllFromIndex('outbox', 'byUser', userId)) {
		if (item.sealed) await db.put('outbox', { ...item, sealed: await again(item.sealed) });
	}
	for (const entry of await db.getAllFromIndex('cache', 'byUser', userId)) {
		await db.put('cache', { ...entry, sealed: await again(entry.sealed) });
	}
}
