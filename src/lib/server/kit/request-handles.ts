import type { Handle, RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/startup';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieJar } from '$lib/server/trpc/context';
import { ACCESS_WITHDRAWN_HEADER } from '$lib/domain/withdrawn-access';

// The request handles that hooks.server.ts chains. They live here, apart from the hooks file,
// so integration tests can drive them with a plain request event.

export const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token) return resolve(event);
	const { db } = await appDatabase();
	const result = await validateSessionToken(db, token);
	const jar = sessionCookieJar(event);
	if (result.session) {
		event.locals.user = result.user;
		event.locals.session = result.session;
		if (result.renewed) jar.set(token, result.session.expiresAt);
		return resolve(event);
	}
	event.locals.sessionProblem = result.problem;
	if (result.problem === 'expired') {
		jar.clear();
		return resolve(event);
	}
	// A revoked token is left in place (it grants nothing): every later request from that device,
	// page or API, keeps answering SESSION_REVOKED until the device has wiped its data and signs in
	// afresh. Clearing it would turn the next answer into a plain "signed out", and the device
	// would keep what it should delete. Every page, whatever its address, goes to the sign-in page,
	// which wipes the device and says so; every answer names the user, for the service worker.
	event.locals.withdrawnUserId = result.userId;
	const response = isPageVisit(event)
		? new Response(null, { status: 303, headers: { location: '/sign-in?reason=revoked' } })
		: await resolve(event);
	response.headers.set(ACCESS_WITHDRAWN_HEADER, result.userId);
	return response;
};

/** A person opening a page (not its data, the API or a file), other than the sign-in page. */
function isPageVisit(event: RequestEvent): boolean {
	return (
		event.request.method === 'GET' &&
		!event.isDataRequest &&
		event.url.pathname !== '/sign-in' &&
		!event.url.pathname.startsWith('/api/') &&
		(event.request.headers.get('accept') ?? '').includes('text/html')
	);
}

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
