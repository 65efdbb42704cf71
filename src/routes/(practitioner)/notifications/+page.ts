import type { PageLoad } from './$types';
import { api } from '$lib/api';
import { device } from '$lib/client/device/device-session.svelte';
import { cacheGet, cachePut } from '$lib/client/device/notifications-cache';
import { outboxItems, unsent } from '$lib/client/device/outbox';

type Mine = Awaited<ReturnType<typeof api.notifications.mine.query>>;

export const load: PageLoad = async ({ parent }) => {
	await parent();
	const { db, key, userId } = device;
	let notifications: Mine | undefined;
	let fetchedAt: number | null = null;
	try {
		notifications = await api.notifications.mine.query();
		await cachePut(db, key, userId, 'mine', notifications);
	} catch {
		// Offline or the server is down: show what was fetched last, and say when.
		const cached = await cacheGet<Mine>(db, key, userId, 'mine');
		notifications = cached?.value;
		fetchedAt = cached?.fetchedAt ?? null;
	}
	const waiting = unsent(await outboxItems(db, userId)).map((i) => ({
		id: i.id,
		queuedAt: i.queuedAt,
		state: i.state
	}));
	return { notifications: notifications ?? [], fetchedAt, fromCache: fetchedAt !== null, waiting };
};
