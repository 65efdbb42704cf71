import { beforeAll, describe, expect, it } from 'vitest';
import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { signedIn } from '../support/callers';
import type { Database } from '$lib/server/db';
import { invalidateUserSessions, SESSION_COOKIE } from '$lib/server/auth/session';
import {
	receiptPublicKey,
	receiptKeyId,
	publicKeyFromPem
} from '$lib/server/services/notifications/receipts';
import { authenticate, securityHeaders } from '$lib/server/kit/request-handles';
import { requireRole } from '$lib/server/kit/guards';

// The server hook and the public key endpoint, driven with a minimal request event against the
// process-wide database (pointed at this file's fresh database before first use).

let database: Database & { url: string };
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
	process.env.DATABASE_URL = database.url;
});

/** Just enough of a RequestEvent for the hook and a +server handler. */
function requestEvent(path: string, cookie?: string, headers: Record<string, string> = {}) {
	const deleted: string[] = [];
	const cookies: Pick<Cookies, 'get' | 'set' | 'delete'> = {
		get: (name) => (name === SESSION_COOKIE ? cookie : undefined),
		set: () => undefined,
		delete: (name) => void deleted.push(name)
	};
	const event = {
		url: new URL(`http://localhost${path}`),
		request: new Request(`http://localhost${path}`, { headers }),
		isDataRequest: path.endsWith('/__data.json'),
		cookies,
		locals: {},
		route: { id: path },
		getClientAddress: () => '192.0.2.1',
		setHeaders: () => undefined
	} as unknown as RequestEvent;
	return { event, deleted };
}

/** The two handles in the order hooks.server.ts chains them. */
async function throughHook(
	path: string,
	cookie?: string,
	response = new Response('ok'),
	headers: Record<string, string> = {}
) {
	const { event, deleted } = requestEvent(path, cookie, headers);
	const answer = await securityHeaders({
		event,
		resolve: (e) => authenticate({ event: e, resolve: () => Promise.resolve(response) })
	});
	return { answer, locals: event.locals, deleted };
}

describe('GET /api/receipt-key', () => {
	it('publishes the public key, its id and algorithm, cacheable and without a session', async () => {
		const { GET } = await import('../../src/routes/api/receipt-key/+server');
		const { event } = requestEvent('/api/receipt-key');
		const response = await GET(event as Parameters<typeof GET>[0]);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { keyId: string; publicKey: string; algorithm: string };
		// Another handle on the same file (another process) publishes the same key.
		expect(body).toEqual(await receiptPublicKey(database.db));
		expect(Object.keys(body).sort()).toEqual(['algorithm', 'keyId', 'publicKey']);
		expect(body.algorithm).toBe('Ed25519');
		expect(body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
		expect(body.keyId).toBe(receiptKeyId(publicKeyFromPem(body.publicKey)));
		expect(response.headers.get('cache-control')).toBe('public, max-age=3600');

		// The hook keeps its caching; every other API answer stays no-store.
		const { answer } = await throughHook('/api/receipt-key', undefined, response);
		expect(answer.headers.get('cache-control')).toBe('public, max-age=3600');
		const other = await throughHook(
			'/api/trpc/auth.me',
			undefined,
			new Response('{}', { headers: { 'cache-control': 'public, max-age=60' } })
		);
		expect(other.answer.headers.get('cache-control')).toBe('no-store');
	});
});

describe('the session hook', () => {
	it('passes on "expired" and clears the dead cookie', async () => {
		const { locals, deleted } = await throughHook('/', 'abcdefghijklmnopqrstuvwxyz234567');
		expect(locals).toMatchObject({ user: null, session: null, sessionProblem: 'expired' });
		expect(deleted).toEqual([SESSION_COOKIE]);
	});

	it('passes on "revoked" and leaves the cookie, so the next request says so again', async () => {
		const { jar } = await signedIn(database.db, 'agnes');
		await invalidateUserSessions(database.db, ids.agnes);
		const first = await throughHook('/', jar.token ?? '');
		expect(first.locals).toMatchObject({ user: null, sessionProblem: 'revoked' });
		expect(first.deleted).toEqual([]);
		const second = await throughHook('/api/trpc/auth.me', jar.token ?? '');
		expect(second.locals).toMatchObject({ sessionProblem: 'revoked' });
	});

	it('sends every page visit with a withdrawn session to sign in, and names whose it was', async () => {
		const { jar } = await signedIn(database.db, 'uma');
		await invalidateUserSessions(database.db, ids.uma);
		const html = { accept: 'text/html,application/xhtml+xml' };
		// Any address, the start page and one that does not exist alike: the sign-in page wipes
		// the device and says why. Every answer names the user for the service worker.
		for (const path of ['/', '/no-such-page', '/notifications/new', '/unit/queue']) {
			const { answer } = await throughHook(path, jar.token ?? '', new Response('page'), html);
			expect(answer.status, path).toBe(303);
			expect(answer.headers.get('location'), path).toBe('/sign-in?reason=revoked');
			expect(answer.headers.get('x-access-withdrawn'), path).toBe(ids.uma);
			expect(answer.headers.get('x-frame-options'), path).toBe('DENY');
		}
		const signIn = await throughHook('/sign-in', jar.token ?? '', new Response('page'), html);
		expect(signIn.answer.status).toBe(200);
		expect(signIn.locals).toMatchObject({ sessionProblem: 'revoked', withdrawnUserId: ids.uma });
		expect(signIn.answer.headers.get('x-access-withdrawn')).toBe(ids.uma);
		// The API and page data answer as they always did (SESSION_REVOKED), with the same header.
		for (const path of ['/api/trpc/auth.me', '/unit/queue/__data.json']) {
			const { answer } = await throughHook(path, jar.token ?? '', new Response('{}'), html);
			expect(answer.status, path).toBe(200);
			expect(answer.headers.get('x-access-withdrawn'), path).toBe(ids.uma);
		}
		// An expired or good session is never named.
		const expired = await throughHook('/', 'abcdefghijklmnopqrstuvwxyz234567', undefined, html);
		expect(expired.answer.headers.get('x-access-withdrawn')).toBeNull();
		expect(expired.answer.status).toBe(200);
	});

	it('sets no problem for a good session or for no cookie', async () => {
		const { jar } = await signedIn(database.db, 'uma');
		const good = await throughHook('/', jar.token ?? '');
		expect(good.locals).toMatchObject({ user: { id: ids.uma } });
		expect(good.locals).not.toHaveProperty('sessionProblem');
		const none = await throughHook('/');
		expect(none.locals).not.toHaveProperty('sessionProblem');
	});
});

describe('the page guard', () => {
	function redirectOf(locals: App.Locals) {
		try {
			requireRole(locals, 'unit');
		} catch (e) {
			if (isRedirect(e)) return e.location;
			throw e;
		}
		return null;
	}

	it('sends a refused session to sign in with its reason, and a visitor without one', () => {
		const signedOut = { user: null, session: null };
		expect(redirectOf({ ...signedOut, sessionProblem: 'revoked' })).toBe('/sign-in?reason=revoked');
		expect(redirectOf({ ...signedOut, sessionProblem: 'expired' })).toBe('/sign-in?reason=expired');
		expect(redirectOf(signedOut)).toBe('/sign-in');
	});
});
