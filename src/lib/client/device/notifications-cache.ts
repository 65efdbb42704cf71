import type { DeviceDb } from './device-db';
import { seal, unseal } from './sealed';

// What the practitioner last saw from the server, kept encrypted so "My notifications" and the
// details of their own notifications still show offline, with the time they were fetched.

export async function cachePut(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	name: string,
	value: unknown
) {
	await db.put('cache', {
		key: `${userId}:${name}`,
		userId,
		fetchedAt: Date.now(),
		sealed: await seal(key, value)
	});
}

export async function cacheGet<T>(
	db: DeviceDb,
	key: CryptoKey,
	userId: string,
	name: string
): Promise<{ value: T; fetchedAt: number } | undefined> {
	const record = await db.get('cache', `${userId}:${name}`);
	if (!record) return undefined;
	return { value: await unseal<T>(key, record.sealed), fetchedAt: record.fetchedAt };
}
