import { error, redirect, type RequestEvent, type ServerLoadEvent } from '@sveltejs/kit';
import type { Role } from '$lib/domain/roles';
import type { SessionUser } from '$lib/server/auth/session';
import { createContext } from '$lib/server/trpc/context';
import { createCaller } from '$lib/server/trpc/root';
import { appDatabase } from '$lib/server/startup';
import { auditBy } from '$lib/server/services/audit';

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

/**
 * A layout's guard for the pages under it. A refusal of someone signed in is audited as a
 * refusal (which page, never what it holds); the page's own load, which waits for this through
 * `pageCaller`, never runs (docs/decisions/018).
 */
export async function guardPages(
	event: Pick<RequestEvent, 'locals' | 'route'>,
	...roles: Role[]
): Promise<SessionUser> {
	const user = event.locals.user;
	if (user && !roles.includes(user.role)) {
		const { db } = await appDatabase();
		await auditBy(db, user, { action: 'page.refused', detail: { route: event.route.id } });
	}
	return requireRole(event.locals, ...roles);
}

/**
 * The caller for a page's load. SvelteKit runs a page's load beside its layout's, so without
 * waiting for the layout's guard a refused page would still load (and audit a view of) what it
 * shows; waiting for `parent()` means a refused page runs nothing.
 */
export async function pageCaller(event: ServerLoadEvent) {
	await event.parent();
	return serverCaller(event);
}
