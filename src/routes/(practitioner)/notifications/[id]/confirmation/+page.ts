import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { ERRORS } from '$lib/errors';
import { device } from '$lib/client/device/device-session.svelte';

export const load: PageLoad = async ({ params, parent }) => {
	await parent();
	const item = await device.db.get('outbox', params.id);
	if (!item || item.userId !== device.userId) error(404, { message: ERRORS.NOT_FOUND.message });
	return { id: params.id };
};
