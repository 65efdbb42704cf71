import type { DeviceDb, DeviceProfile } from './device-db';

export async function rememberProfile(db: DeviceDb, profile: Omit<DeviceProfile, 'savedAt'>) {
	await db.put('profile', { ...profile, savedAt: Date.now() });
}

/** The last user who signed in on this device, for working offline. */
export async function lastProfile(db: DeviceDb): Promise<DeviceProfile | undefined> {
	const all = await db.getAll('profile');
	return all.sort((a, b) => b.savedAt - a.savedAt)[0];
}
