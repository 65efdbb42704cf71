import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/guards';
import { ERRORS } from '$lib/errors';

export const load: PageServerLoad = async (event) => {
	try {
		return {
			notification: await (
				await serverCaller(event)
			).notifications.mineById({ id: event.params.id })
		};
	} catch (e) {
		// Someone else's notification and a malformed id look the same as a missing one.
		if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST'))
			error(404, { message: ERRORS.NOT_FOUND.message });
		throw e;
	}
};
