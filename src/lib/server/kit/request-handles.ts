import { json, redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { ERRORS } from '$lib/errors';
import { MAX_FILE_BYTES, MAX_REPORT_BYTES } from '$lib/domain/agency/attachment-rules';
import { RESUMABLE_CHUNK_BYTES } from '$lib/domain/agency/resumable-upload';
import type { Role } from '$lib/domain/roles';
import { appDatabase } from '$lib/server/startup';
import { sessionCookieName, validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieJar } from '$lib/server/trpc/context';
import { ACCESS_WITHDRAWN_HEADER } from '$lib/domain/withdrawn-access';
import { PASSWORD_PAGE } from '$lib/domain/password-policy';
import { ENROL_PAGE } from '$lib/domain/second-factor';

// The request handles that hooks.server.ts chains. They live here, apart from the hooks file,
// so integration tests can drive them with a plain request event.

export const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(sessionCookieName(event.url));
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

/**
 * Pages a person who must choose their own password may still open. The enrolment page shows the
 * recovery codes once, on the answer that made the session: it must not be steered away first.
 */
const OPEN_BEFORE_PASSWORD_SET = new Set([PASSWORD_PAGE, '/sign-out', ENROL_PAGE]);

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
	// On https, browsers are told to use nothing else for two years (adapter-node takes the scheme
	// from ORIGIN). Never on http, where the header would be ignored anyway.
	if (event.url.protocol === 'https:') {
		h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
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

/*
 * Body limits per route (docs/decisions/018). adapter-node's BODY_SIZE_LIMIT is one ceiling for
 * every route, so it must allow the largest upload; this handle holds every other route to much
 * less, judged from Content-Length before a byte of the body is read. adapter-node refuses a body
 * longer than its Content-Length, so the header cannot be understated.
 */
const KB = 1024;
const MB = 1024 * KB;
export const BODY_LIMITS = {
	/** Anyone not signed in: the sign-in form is the only body they send. */
	anonymous: 64 * KB,
	/** A signed-in page's form or one tRPC call: the longest forms in any alphabet. */
	signedIn: 1 * MB,
	/** The outbox's batch of up to 25 notification forms. */
	outboxBatch: 4 * MB,
	/** One attachment, with room for the multipart wrapping. */
	upload: MAX_FILE_BYTES + 1 * MB,
	/** An agency's short report or IMR sent with its files from the page (50 MB a report). */
	reportWithFiles: MAX_REPORT_BYTES + 1 * MB,
	/** One chunk of a resumable upload (docs/decisions/031), with a little room over. */
	resumableChunk: RESUMABLE_CHUNK_BYTES + 64 * KB
} as const;

/** The agency's page for one short report or IMR request, whose form carries the files. */
const AGENCY_REQUEST_PAGE = /^\/agency\/(requests|imrs)\/[^/]+$/;

/** One upload of /api/uploads: its chunks come as PATCHes. */
const RESUMABLE_UPLOAD = /^\/api\/uploads\/[^/]+$/;

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bodyLimitFor(method: string, path: string, role: Role | null): number {
	if (role === null) return BODY_LIMITS.anonymous;
	if (role === 'agency' && method === 'POST') {
		if (path === '/api/attachments') return BODY_LIMITS.upload;
		if (AGENCY_REQUEST_PAGE.test(path)) return BODY_LIMITS.reportWithFiles;
	}
	if (method === 'PATCH' && RESUMABLE_UPLOAD.test(path)) return BODY_LIMITS.resumableChunk;
	if (path === '/api/trpc/notifications.submitBatch') return BODY_LIMITS.outboxBatch;
	return BODY_LIMITS.signedIn;
}

function refuseBody(status: 411 | 413) {
	const message =
		status === 413
			? ERRORS.BODY_TOO_LARGE.message
			: 'Send the length of what you send (Content-Length) with the request.';
	return json({ error: { code: 'BODY_TOO_LARGE', message } }, { status });
}

/** Runs after `authenticate`, so a larger body is allowed only to someone signed in. */
export const bodyLimits: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (BODYLESS.has(request.method)) return resolve(event);
	const declared = request.headers.get('content-length');
	if (declared === null) {
		// A body streamed without a length could be any size: only an empty request may omit it.
		return request.headers.has('transfer-encoding') ? refuseBody(411) : resolve(event);
	}
	const length = Number(declared);
	const limit = bodyLimitFor(request.method, event.url.pathname, event.locals.user?.role ?? null);
	if (!Number.isFinite(length) || length > limit) return refuseBody(413);
	return resolve(event);
};
