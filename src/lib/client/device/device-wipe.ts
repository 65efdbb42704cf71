import type { DeviceDb, WipeRecord } from './device-db';

/**
 * Removes every trace of a user from the device: key, profile, drafts, outbox, cache. With a
 * reason (the device was told to, or the passcode was lost), it records what had not been sent,
 * so the screens can say so: counts and times only. Without one (the person chose to discard
 * them), nothing is recorded. Returns what was removed.
 */
export async function wipeUser(
	db: DeviceDb,
	userId: string,
	reason?: WipeRecord['reason']
): Promise<WipeRecord> {
	const stores = [
		'keys',
		'locks',
		'profile',
		'drafts',
		'outbox',
		'cache',
		'meta',
		'wipes'
	] as const;
	const tx = db.transaction(stores, 'readwrite');
	const outbox = await tx.objectStore('outbox').index('byUser').getAll(userId);
	const drafts = await tx.objectStore('drafts').index('byUser').count(userId);
	const earlier = await tx.objectStore('wipes').get(userId);
	for (const store of ['keys', 'locks', 'profile'] as const) {
		await tx.objectStore(store).delete(userId);
	}
	for (const store of ['drafts', 'outbox', 'cache'] as const) {
		const index = tx.objectStore(store).index('byUser');
		for (const id of await index.getAllKeys(userId)) await tx.objectStore(store).delete(id);
	}
	await tx.objectStore('meta').delete(`lastSent:${userId}`);
	const unsent = outbox.filter((item) => item.state !== 'sent').length;
	// The page and the service worker may both learn of a withdrawal: the second wipe finds
	// nothing and adds nothing to the first one's counts.
	const record: WipeRecord = {
		userId,
		at: Date.now(),
		reason: reason ?? earlier?.reason ?? 'revoked',
		unsent: unsent + (earlier?.unsent ?? 0),
		drafts: drafts + (earlier?.drafts ?? 0),
		signOutPending: reason === 'passcode' || reason === 'forgotten' || !!earlier?.signOutPending
	};
	if (reason) await tx.objectStore('wipes').put(record);
	else await tx.objectStore('wipes').delete(userId);
	await tx.done;
	return record;
}

/** What the last wipe of this user removed, if the screen has not yet been told. */
export async function lastWipe(db: DeviceDb, userId: string): Promise<WipeRecord | undefined> {
	return db.get('wipes', userId);
}
