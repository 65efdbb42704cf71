import type { DeviceDb, DeviceProfile } from './device-db';
import { createDeviceKey } from './sealed';

/** The user's device key, made on first sign-in on this device. */
export async function ensureDeviceKey(db: DeviceDb, userId: string): Promise<CryptoKey> {
	const found = await db.get('keys', userId);
	if (found) return found.key;
	const key = await createDeviceKey();
	// add() fails if another tab created one meanwhile: then use theirs, never two keys.
	try {
		await db.add('keys', { userId, key, createdAt: Date.now() });
		return key;
	} catch {
		const other = await db.get('keys', userId);
		if (!other) throw new Error('device key could not be stored');
		return other.key;
	}
}

export async function rememberProfile(db: DeviceDb, profile: Omit<DeviceProfile, 'savedAt'>) {
	await db.put('profile', { ...profile, savedAt: Date.now() });
}

/** The last user who signed in on this device, for working offline. */
export async function lastProfile(db: DeviceDb): Promise<DeviceProfile | undefined> {
	const all = await db.getAll('profile');
	return all.sort((a, b) => b.savedAt - a.savedAt)[0];
}

/** Removes every trace of a user from the device: key, profile, drafts, outbox, cache. */
export async function wipeUser(db: DeviceDb, userId: string): Promise<void> {
	const tx = db.transaction(['keys', 'profile', 'drafts', 'outbox', 'cache', 'meta'], 'readwrite');
	await tx.objectStore('keys').delete(userId);
	await tx.objectStore('profile').delete(userId);
	for (const store of ['drafts', 'outbox', 'cache'] as const) {
		const index = tx.objectStore(store).index('byUser');
		for (const id of await index.getAllKeys(userId)) await tx.objectStore(store).delete(id);
	}
	await tx.objectStore('meta').delete(`lastSent:${userId}`);
	await tx.done;
}
