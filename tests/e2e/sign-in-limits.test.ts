import { request as httpRequest } from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { AppServer, ownPort } from './support/app-server';

// Issue 15, over real HTTP to the built server: the client address behind a reverse proxy
// (adapter-node's ADDRESS_HEADER and XFF_DEPTH, README "Running in production"), and body limits.

const behindProxy = new AppServer(ownPort(31), {
	ADDRESS_HEADER: 'x-forwarded-for',
	XFF_DEPTH: '1',
	// What `npm start` sets: the ceiling for uploads, so the smaller limits are the app's own.
	BODY_SIZE_LIMIT: '52M'
});

test.beforeAll(() => behindProxy.start());
test.afterAll(() => behindProxy.stop());

async function signIn(
	request: APIRequestContext,
	origin: string,
	email: string,
	forwardedFor?: string
) {
	const response = await request.post(`${origin}/api/trpc/auth.signIn`, {
		data: { email, password: 'not the password' },
		headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}
	});
	return response.status();
}

test('behind a proxy, each client address has its own count, read from the proxy’s header', async ({
	request
}) => {
	const email = 'proxied@example.org';
	for (let i = 0; i < 5; i++) {
		expect(await signIn(request, behindProxy.origin, email, '203.0.113.1')).toBe(401);
	}
	expect(await signIn(request, behindProxy.origin, email, '203.0.113.1')).toBe(429);
	// XFF_DEPTH=1 takes the address the proxy appended, not what the client wrote before it.
	expect(await signIn(request, behindProxy.origin, email, '198.51.100.9, 203.0.113.1')).toBe(429);
	// Someone else behind the same proxy is not held by the first one's failures.
	expect(await signIn(request, behindProxy.origin, email, '203.0.113.2')).toBe(401);
});

test('without a proxy set up, a forged X-Forwarded-For does not give a fresh address', async ({
	request,
	baseURL
}) => {
	const email = 'forger@example.org';
	const origin = baseURL ?? '';
	for (let i = 0; i < 5; i++) {
		expect(await signIn(request, origin, email, `203.0.113.${10 + i}`)).toBe(401);
	}
	expect(await signIn(request, origin, email, '203.0.113.99')).toBe(429);
});

test('a 1 MB anonymous sign-in body is refused with 413 before it is sent', async ({ request }) => {
	const response = await request.post(`${behindProxy.origin}/sign-in`, {
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: behindProxy.origin },
		data: `email=a%40b.c&password=${'x'.repeat(1024 * 1024)}`
	});
	expect(response.status()).toBe(413);
	expect(await response.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });

	// Announce 50 MB, send 64 KB, and wait: the answer comes without the rest being sent, so the
	// server never held the body.
	const status = await new Promise<number>((resolve, reject) => {
		const req = httpRequest(
			`${behindProxy.origin}/api/trpc/auth.signIn`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) }
			},
			(res) => {
				resolve(res.statusCode ?? 0);
				req.destroy();
			}
		);
		req.on('error', (error) => {
			if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
		});
		req.write(Buffer.alloc(64 * 1024, 0x20));
	});
	expect(status).toBe(413);
});
