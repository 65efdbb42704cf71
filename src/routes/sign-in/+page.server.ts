import { fail, redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { formText } from '$lib/server/kit/form-data';
import type { Actions, PageServerLoad } from './$types';
import { createContext } from '$lib/server/trpc/context';
import { createCaller } from '$lib/server/trpc/root';
import { fieldErrorsFrom } from '$lib/domain/field-errors';
import { Problem } from '$lib/server/infra/problem';
import { HOME_BY_ROLE } from '$lib/domain/roles';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, HOME_BY_ROLE[locals.user.role]);
	const reason = locals.sessionProblem === 'revoked' ? 'revoked' : url.searchParams.get('reason');
	return {
		signedOut: url.searchParams.has('signed-out'),
		passwordReset: url.searchParams.has('password-reset'),
		// Why the device or the server sent the person here (practitioners' pages run offline).
		reason: reason === 'expired' || reason === 'revoked' ? reason : null,
		// Whose data this device must wipe before anything else: this browser's session was
		// withdrawn (signed out everywhere, or the account disabled).
		withdrawnUserId: locals.withdrawnUserId ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = formText(form, 'email');
		const password = formText(form, 'password');
		let home: string;
		try {
			// The page uses the same procedure as the API, so both share throttling and audit.
			const result = await createCaller(await createContext(event)).auth.signIn({
				email,
				password
			});
			home = result.home;
		} catch (error) {
			const cause = error instanceof TRPCError ? error.cause : undefined;
			if (cause instanceof ZodError) return fail(400, { email, errors: fieldErrorsFrom(cause) });
			if (cause instanceof Problem) {
				const limited = cause.code === 'SIGN_IN_RATE_LIMITED' || cause.code === 'SIGN_IN_BUSY';
				const status = limited ? 429 : 400;
				return fail(status, { email, errors: { email: cause.message } });
			}
			throw error;
		}
		redirect(303, home);
	}
};
