import { beforeAll, describe, expect, it } from 'vitest';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { signedIn } from '../support/callers';
import type { Database } from '$lib/server/db';
import { authenticate, securityHeaders } from '$lib/server/kit/request-handles';
import { sessionCookieJar } from '$lib/server/trpc/context';

// Issue 15: no HSTS, and no `__Host-` prefix on the session cookie over https.

let database: Database & { url: string };

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	process.env.DATABASE_URL = database.url;
});

function eventAt(origin: string, jar: Record<string, string> = {}) {
	const set: { name: string; options: object }[] = [];
	const cookies: Pick<Cookies, 'get' | 'set' | 'delete'> = {
		get: (name) => jar[name],
		set: (name, _value, options) => void set.push({ name, options }),
		delete: () => undefined
	};
	const event = {
		url: new URL(`${origin}/unit/queue`),
		request: new Request(`${origin}/unit/queue`),
		cookies,
		locals: {},
		route: { id: '/(unit)/unit/queue' },
		getClientAddress: () => '192.0.2.1',
		setHeaders: () => undefined
	} as unknown as RequestEvent;
	return { event, set };
}

async function headersAt(origin: string) {
	const { event } = eventAt(origin);
	const answer = await securityHeaders({ event, resolve: () => Promise.resolve(new Response()) });
	return answer.headers;
}

describe('https hardening', () => {
	it('sends HSTS when the origin is https, and not on plain http', async () => {
		expect(
			(await headersAt('https://safeguard.example.org')).get('strict-transport-security')
		).toBe('max-age=63072000; includeSubDomains');
		expect((await headersAt('http://localhost:3000')).get('strict-transport-security')).toBeNull();
	});

	it('names the session cookie __Host-session on https: Secure, path /, no domain', () => {
		const { event, set } = eventAt('https://safeguard.example.org');
		sessionCookieJar(event).set('token', new Date(Date.now() + 60_000));
		expect(set).toHaveLength(1);
		expect(set[0]?.name).toBe('__Host-session');
		expect(set[0]?.options).toMatchObject({ secure: true, path: '/', httpOnly: true });
		expect(set[0]?.options).not.toHaveProperty('domain');
		const plain = eventAt('http://localhost:3000');
		sessionCookieJar(plain.event).set('token', new Date(Date.now() + 60_000));
		expect(plain.set[0]?.name).toBe('session');
	});

	it('on https reads the session only from __Host-session, never from a plain "session" cookie', async () => {
		const { jar } = await signedIn(database.db, 'uma');
		const token = jar.token ?? '';
		const secure = eventAt('https://safeguard.example.org', { '__Host-session': token });
		await authenticate({ event: secure.event, resolve: () => Promise.resolve(new Response()) });
		expect(secure.event.locals.user?.role).toBe('unit');
		// A cookie without the prefix could have been planted by a sibling subdomain: ignored.
		const planted = eventAt('https://safeguard.example.org', { session: token });
		await authenticate({ event: planted.event, resolve: () => Promise.resolve(new Response()) });
		expect(planted.event.locals.user).toBeNull();
	});
});
