import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { ERRORS } from '$lib/errors';

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.agency.request({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	return { request: found.value };
};
