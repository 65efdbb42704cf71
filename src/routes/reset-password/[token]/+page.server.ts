import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';

// The page a one-time reset link opens (docs/decisions/019). The path holds only the link's random
// token; the page never shows whose account it is, so a link seen by someone else reveals nobody.

export const load: PageServerLoad = async (event) => {
	const caller = await serverCaller(event);
	const answer = await attempt(() => caller.account.resetLinkUsable({ token: event.params.token }));
	return { usable: answer.ok && answer.value.usable };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.account.resetPassword({
				token: event.params.token,
				newPassword: formText(data, 'newPassword'),
				confirmPassword: formText(data, 'confirmPassword')
			})
		);
		if (!result.ok) return fail(400, { errors: result.errors });
		redirect(303, '/sign-in?password-reset=1');
	}
};
