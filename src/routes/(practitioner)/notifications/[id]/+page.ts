import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { api, describeApiError } from '$lib/api';
import { device } from '$lib/client/device/device-session.svelte';
import { cacheGet, cachePut } from '$lib/client/device/notifications-cache';
import { ERRORS } from '$lib/errors';

type Detail = Awaited<ReturnType<typeof api.notifications.mineById.query>>;

export const load: PageLoad = async ({ params, parent }) => {
	await parent();
	const { db, key, userId } = device;
	try {
		const notification = await api.notifications.mineById.query({ id: params.id });
		await cachePut(db, key, userId, `notification:${params.id}`, notification);
		return { notification, fetchedAt: null };
	} catch (e) {
		const problem = describeApiError(e);
		if (problem.code === 'NOT_FOUND' || problem.code === 'INVALID_INPUT') {
			error(404, { message: ERRORS.NOT_FOUND.message });
		}
		const cached = await cacheGet<Detail>(db, key, userId, `notification:${params.id}`);
		if (!cached)
			error(503, { message: 'You are offline and this notification is not on this device.' });
		return { notification: cached.value, fetchedAt: cached.fetchedAt };
	}
};
