import { redirect, type Handle } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/startup';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieJar } from '$lib/server/trpc/context';
import { PASSWORD_PAGE } from '$lib/domain/password-policy';

// The request handles that hooks.server.ts chains. They live here, apart from the hooks file,
// so integration tests can drive them with a plain request event.

export const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { db } = await appDatabase();
		const result = await validateSessionToken(db, token);
		const jar = sessionCookieJar(event);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.renewed) jar.set(token, result.session.expiresAt);
		} else {
			event.locals.sessionProblem = result.problem;
			// A revoked token is left in place (it grants nothing): every later request from that
			// device, page or API, keeps answering SESSION_REVOKED until the device has wiped its
			// data and signs in afresh. Clearing it would turn the next answer into a plain
			// "signed out", and the device would keep what it should delete.
			if (result.problem === 'expired') jar.clear();
		}
	}
	return resolve(event);
};

/** Pages a person who must choose their own password may still open. */
const OPEN_BEFORE_PASSWORD_SET = new Set([PASSWORD_PAGE, '/sign-out']);

/**
 * An account an administrator created has a password someone else typed: until the person has
 * chosen their own, every page leads to the password page (docs/decisions/019). The API refuses
 * the same person in tRPC (PASSWORD_CHANGE_REQUIRED), so this only steers pages. Runs after
 * `authenticate`.
 */
export const passwordFirst: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (
		event.locals.user?.mustChangePassword &&
		event.route.id !== null &&
		!path.startsWith('/api/') &&
		!OPEN_BEFORE_PASSWORD_SET.has(path)
	) {
		redirect(303, PASSWORD_PAGE);
	}
	return resolve(event);
};

const PERMISSIONS_POLICY = [
	'camera=()',
	'microphone=()',
	'geolocation=()',
	'payment=()',
	'usb=()',
	'interest-cohort=()'
].join(', ');

/** Public, personal-data-free endpoints that set their own Cache-Control. */
const PUBLIC_CACHEABLE = new Set(['/api/receipt-key']);

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	// same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts and
	// SvelteKit's CSRF check refuses them. Our URLs carry no personal data either way.
	h.set('Referrer-Policy', 'same-origin');
	h.set('Permissions-Policy', PERMISSIONS_POLICY);
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	// Pages get SvelteKit's CSP with nonces (svelte.config.js); everything else gets a strict one.
	if (!h.has('Content-Security-Policy')) {
		h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	}
	// Case content must not linger in shared caches or the browser's HTTP cache. Only the listed
	// public endpoints, which carry nothing personal, may choose their own caching.
	if (PUBLIC_CACHEABLE.has(event.url.pathname) && h.has('Cache-Control')) return response;
	if (event.url.pathname.startsWith('/api/') || h.get('content-type')?.startsWith('text/html')) {
		h.set('Cache-Control', 'no-store');
	}
	return response;
};
