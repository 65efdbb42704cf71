import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';

export const load: PageServerLoad = async (event) => {
	const caller = await serverCaller(event);
	const [sessions, passkeys] = await Promise.all([
		caller.account.sessions(),
		caller.passkeys.list()
	]);
	return { sessions, passkeys, passwordChanged: event.url.searchParams.has('password-changed') };
};

export const actions: Actions = {
	signOutSession: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.account.signOutSession({ sessionId: formText(data, 'sessionId') })
		);
		if (!result.ok) return fail(400, { errors: result.errors });
		return { ended: result.value.ended };
	},
	removePasskey: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.passkeys.remove({ passkeyId: formText(data, 'passkeyId') })
		);
		if (!result.ok) return fail(400, { errors: result.errors });
		return { passkeyRemoved: true };
	},
	signOutOthers: async (event) => {
		const caller = await serverCaller(event);
		const result = await attempt(() => caller.account.signOutOtherSessions());
		if (!result.ok) return fail(400, { errors: result.errors });
		return { ended: result.value.ended };
	}
};
