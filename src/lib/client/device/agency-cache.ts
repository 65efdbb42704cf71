import type { DeviceDb } from './device-db';
import { cacheGet, cachePut } from './notifications-cache';
import { describeApiError } from '$lib/api';

// An agency's inbox and the requests it opened, as the server last sent them, sealed under the
// device key in the same `cache` store as the practitioner's notifications (docs/decisions/029).
// A wipe (sign-out, withdrawn access, a lost passcode) removes them with everything else.

export const AGENCY_INBOX = 'agency:inbox';
export const agencyRequestKey = (id: string) => `agency:request:${id}`;

interface Unlocked {
	db: DeviceDb;
	key: CryptoKey;
	userId: string;
}

/**
 * Asks the server and keeps a sealed copy of its answer; when the server cannot be reached,
 * returns the copy with the time it was fetched (undefined: never synced on this device). The
 * server's refusals (not found, forbidden, invalid) are thrown, never answered from the copy.
 */
export async function agencySynced<T>(
	device: Unlocked,
	name: string,
	fetchIt: () => Promise<T>
): Promise<{ value: T; fetchedAt: number | null } | undefined> {
	const { db, key, userId } = device;
	try {
		const value = await fetchIt();
		await cachePut(db, key, userId, name, value);
		return { value, fetchedAt: null };
	} catch (e) {
		const { code } = describeApiError(e);
		if (code !== 'NETWORK' && code !== 'INTERNAL') throw e;
		return cacheGet<T>(db, key, userId, name);
	}
}
