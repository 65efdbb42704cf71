import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDatabase } from '$lib/server/db';
import { seedDemo } from '$lib/server/demo-seed';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieJar } from '$lib/server/trpc/context';
import { logProblem } from '$lib/server/log';

// Migrate once at start-up, never at import: `vite build` imports this file (STACK pitfall 6).
export const init: ServerInit = async () => {
	if (building) return;
	const { db } = await getDatabase();
	// Only `npm run demo` sets this; `npm start` never creates demo accounts.
	if (process.env.SAFEGUARD_DEMO === '1') await seedDemo(db);
};

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { db } = await getDatabase();
		const result = await validateSessionToken(db, token);
		const jar = sessionCookieJar(event);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.renewed) jar.set(token, result.session.expiresAt);
		} else {
			jar.clear();
		}
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

const securityHeaders: Handle = async ({ event, resolve }) => {
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
	// Case content must not linger in shared caches or the browser's HTTP cache.
	if (event.url.pathname.startsWith('/api/') || h.get('content-type')?.startsWith('text/html')) {
		h.set('Cache-Control', 'no-store');
	}
	return response;
};

export const handle = sequence(securityHeaders, authenticate);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logProblem('request', event.route.id ?? 'unmatched route', error);
	return { message: 'Something went wrong on our side. Try again in a few minutes.' };
};
