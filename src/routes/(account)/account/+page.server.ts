import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';

export const load: PageServerLoad = async (event) => {
	const caller = await serverCaller(event);
	const [sessions, passkeys, recoveryCodes, { email }] = await Promise.all([
		caller.account.sessions(),
		caller.passkeys.list(),
		caller.account.recoveryCodes(),
		caller.messages.emailPreference()
	]);
	return {
		sessions,
		passkeys,
		recoveryCodes,
		emailPreference: email,
		passwordChanged: event.url.searchParams.has('password-changed')
	};
};

export const actions: Actions = {
	emailPreference: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.messages.setEmailPreference({
				email: formText(data, 'email-preference') as 'daily'
			})
		);
		// The radios are named for their id; the procedure's field is `email`.
		if (!result.ok) {
			const emailErrors: Record<string, string> = {
				'email-preference':
					result.errors.email ?? result.errors._form ?? 'Choose how you want email'
			};
			return fail(400, { emailErrors });
		}
		return { emailSaved: true };
	},
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
	newRecoveryCodes: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.account.regenerateRecoveryCodes({ proof: formText(data, 'proof') })
		);
		// The password or code typed is never sent back to the page.
		if (!result.ok) {
			const { _form, ...fields } = result.errors;
			return fail(400, { errors: _form ? { ...fields, proof: _form } : fields });
		}
		return { recoveryCodes: result.value.recoveryCodes };
	},
	signOutOthers: async (event) => {
		const caller = await serverCaller(event);
		const result = await attempt(() => caller.account.signOutOtherSessions());
		if (!result.ok) return fail(400, { errors: result.errors });
		return { ended: result.value.ended };
	}
};
