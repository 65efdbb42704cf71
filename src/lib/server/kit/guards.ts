import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/domain/roles';
import type { SessionUser } from '$lib/server/auth/session';
import { createContext } from '$lib/server/trpc/context';
import { createCaller } from '$lib/server/trpc/root';

/** Page guard: signed-out people go to sign in; the wrong role gets a plain refusal. */
export function requireRole(locals: App.Locals, ...roles: Role[]): SessionUser {
	if (!locals.user) {
		// The sign-in page explains an expired or revoked session; a plain visit gets no banner.
		redirect(303, locals.sessionProblem ? `/sign-in?reason=${locals.sessionProblem}` : '/sign-in');
	}
	if (!roles.includes(locals.user.role)) {
		error(403, {
			message: 'Your account cannot open this page. Ask your administrator if you need access.'
		});
	}
	return locals.user;
}

/** The tRPC router called in-process, so pages and the API share every rule and audit event. */
export async function serverCaller(event: RequestEvent) {
	return createCaller(await createContext(event));
}
