import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';

// Everyone's messages (decision 024): what is waiting for them, newest first, with a link to it.
export const load: PageServerLoad = async (event) => {
	await event.parent();
	return (await serverCaller(event)).messages.list();
};

export const actions: Actions = {
	read: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() => caller.messages.markRead({ ids: [formText(data, 'id')] }));
		if (!result.ok) return fail(400, { errors: result.errors });
		return { marked: result.value.marked };
	},
	readAll: async (event) => {
		const caller = await serverCaller(event);
		const result = await attempt(() => caller.messages.markRead({ all: true }));
		if (!result.ok) return fail(400, { errors: result.errors });
		return { marked: result.value.marked };
	}
};
