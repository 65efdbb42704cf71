import type { RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../startup';
import { pendingCookieName, sessionCookieName } from '../auth/session';
import type { Context, SessionCookieJar } from './trpc';

export function sessionCookieJar(event: Pick<RequestEvent, 'cookies' | 'url'>): SessionCookieJar {
	const options = {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		// Secure whenever we are served over https (adapter-node reads the scheme from ORIGIN).
		secure: event.url.protocol === 'https:'
	};
	const name = sessionCookieName(event.url);
	const pendingName = pendingCookieName(event.url);
	return {
		set: (token, expiresAt) => event.cookies.set(name, token, { ...options, expires: expiresAt }),
		clear: () => event.cookies.delete(name, options),
		// Strict: the code step is always reached from this site's own sign-in page.
		setPending: (token, expiresAt) =>
			event.cookies.set(pendingName, token, {
				...options,
				sameSite: 'strict',
				expires: expiresAt
			}),
		pending: () => event.cookies.get(pendingName) ?? null,
		clearPending: () => event.cookies.delete(pendingName, { ...options, sameSite: 'strict' })
	};
}

export async function createContext(event: RequestEvent): Promise<Context> {
	const { db } = await appDatabase();
	return {
		db,
		user: event.locals.user,
		session: event.locals.session,
		sessionProblem: event.locals.sessionProblem ?? null,
		clientAddress: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent'),
		cookies: sessionCookieJar(event)
	};
}
