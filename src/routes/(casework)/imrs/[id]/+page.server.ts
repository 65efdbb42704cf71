import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { ERRORS } from '$lib/errors';

// An agency's IMR request, its letter and every version, for the Unit and the Chair (read-only).
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.imrs.request({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	return { request: found.value };
};
