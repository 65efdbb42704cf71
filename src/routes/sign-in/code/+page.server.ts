import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { HOME_BY_ROLE } from '$lib/domain/roles';

// The second step of signing in for the Unit, the Chair and administrators (decision 022).
export const load: PageServerLoad = async (event) => {
	if (event.locals.user) redirect(303, HOME_BY_ROLE[event.locals.user.role]);
	// A passkey may stand in for the code (decision 023); with no pending sign-in there is none.
	const caller = await serverCaller(event);
	const passkeys = await caller.auth.passkeyCount().then(
		(r) => r.count,
		() => 0
	);
	return { passkeys };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() => caller.auth.secondFactor({ code: formText(data, 'code') }));
		// The code is never sent back to the page.
		if (!result.ok) {
			const { _form, ...fields } = result.errors;
			return fail(400, { errors: _form ? { ...fields, code: _form } : fields });
		}
		redirect(303, result.value.home);
	}
};
