import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS } from '../support/factories';
import { callerFor, passSecondFactor, TestCookieJar } from '../support/callers';
import type { Database } from '$lib/server/db';
import { auditEvents, sessions } from '$lib/server/db/schema';
import {
	ACCOUNT_FIRST_DELAY_MS,
	ACCOUNT_FREE_ATTEMPTS,
	PAIR_ATTEMPT_LIMIT,
	reserveSignInAttempt,
	throttleKeys
} from '$lib/server/auth/sign-in-throttle';
import { PASSWORD_CHECK_CONCURRENCY, passwordChecksPeak } from '$lib/server/auth/password-checks';
import { answerTrpcRequest } from '$lib/server/trpc/http';
import { Problem } from '$lib/server/infra/problem';

// Issue 15: the landed limit checked "blocked?", verified the password, and only then counted the
// failure, with batching on. These tests are the attacks that got through.

let database: Database;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
});

/** Failed guesses that were verified against the password: each one is audited, refusals not. */
async function verifiedFailures(userId: string) {
	const rows = await database.db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.action, 'auth.sign_in_failed'), eq(auditEvents.actorId, userId)));
	return rows.length;
}

async function sessionsOf(userId: string) {
	return database.db.select().from(sessions).where(eq(sessions.userId, userId));
}

function codeOf(outcome: PromiseSettledResult<unknown>) {
	if (outcome.status === 'fulfilled') return 'SIGNED_IN';
	const cause = outcome.reason instanceof TRPCError ? outcome.reason.cause : undefined;
	return cause instanceof Problem ? cause.code : 'OTHER';
}

describe('a sign-in limit that concurrency and batching cannot get round', () => {
	it('100 parallel wrong guesses and the right one last from one address verify at most the limit, and give no session', async () => {
		const caller = await callerFor(database.db, new TestCookieJar(), '198.51.100.1');
		const guesses = Array.from({ length: 100 }, (_, i) =>
			caller.auth.signIn({ email: PERSONAS.pete.email, password: `wrong ${i}` })
		);
		guesses.push(caller.auth.signIn({ email: PERSONAS.pete.email, password: PASSWORD }));
		const outcomes = await Promise.allSettled(guesses);
		const codes = outcomes.map(codeOf);
		expect(codes).not.toContain('SIGNED_IN');
		expect(codes).not.toContain('OTHER');
		expect(await verifiedFailures(ids.pete)).toBeLessThanOrEqual(PAIR_ATTEMPT_LIMIT);
		expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(
			PAIR_ATTEMPT_LIMIT
		);
		expect(await sessionsOf(ids.pete)).toHaveLength(0);
	});

	it('100 parallel guesses from 100 addresses verify at most the account’s free attempts and one more', async () => {
		const guesses = Array.from({ length: 100 }, async (_, i) =>
			(await callerFor(database.db, new TestCookieJar(), `10.1.0.${i}`)).auth.signIn({
				email: PERSONAS.agnes.email,
				password: `wrong ${i}`
			})
		);
		guesses.push(
			callerFor(database.db, new TestCookieJar(), '10.1.1.1').then((c) =>
				c.auth.signIn({ email: PERSONAS.agnes.email, password: PASSWORD })
			)
		);
		const codes = (await Promise.allSettled(guesses)).map(codeOf);
		expect(codes).not.toContain('SIGNED_IN');
		expect(codes).not.toContain('OTHER');
		expect(await verifiedFailures(ids.agnes)).toBeLessThanOrEqual(ACCOUNT_FREE_ATTEMPTS + 1);
		expect(await sessionsOf(ids.agnes)).toHaveLength(0);
	});

	it('refuses a batch of 100 sign-ins over HTTP without verifying one guess; a single call works', async () => {
		const jar = new TestCookieJar();
		const context = () =>
			Promise.resolve({
				db: database.db,
				user: null,
				session: null,
				clientAddress: '198.51.100.77',
				cookies: jar
			});
		const calls = Array.from({ length: 100 }, (_, i) => [
			String(i),
			{ email: PERSONAS.uma.email, password: i === 99 ? PASSWORD : `wrong ${i}` }
		]);
		const paths = Array.from({ length: 100 }, () => 'auth.signIn').join(',');
		const batch = await answerTrpcRequest(
			new Request(`http://localhost/api/trpc/${paths}?batch=1`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(Object.fromEntries(calls))
			}),
			context
		);
		expect(batch.status).toBe(400);
		expect(await verifiedFailures(ids.uma)).toBe(0);
		expect(await sessionsOf(ids.uma)).toHaveLength(0);
		expect(jar.token).toBeNull();

		const single = await answerTrpcRequest(
			new Request('http://localhost/api/trpc/auth.signIn', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: PERSONAS.uma.email, password: PASSWORD })
			}),
			context
		);
		expect(single.status).toBe(200);
		// The Unit's password step makes no session; the code step then does (decision 022).
		expect(jar.token).toBeNull();
		await passSecondFactor(database.db, jar, { home: '', secondFactor: 'code' }, '198.51.100.77');
		expect(jar.token).not.toBeNull();
		expect(await sessionsOf(ids.uma)).toHaveLength(1);
	});

	it('a lockout attempt from another address leaves the owner able to sign in', async () => {
		const attacker = await callerFor(database.db, new TestCookieJar(), '203.0.113.66');
		await Promise.allSettled(
			Array.from({ length: 100 }, (_, i) =>
				attacker.auth.signIn({ email: PERSONAS.ada.email, password: `lock her out ${i}` })
			)
		);
		const owner = await callerFor(database.db, new TestCookieJar(), '192.0.2.44');
		await expect(
			owner.auth.signIn({ email: PERSONAS.ada.email, password: PASSWORD })
		).resolves.toMatchObject({ role: 'admin' });
	});

	it('past the account’s free attempts, waits grow between attempts instead of locking the owner out', async () => {
		const keysFrom = (i: number) => throttleKeys('delay@example.org', `172.16.0.${i}`);
		const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);
		for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS; i++) {
			expect(await reserveSignInAttempt(database.db, keysFrom(i), new Date(t0))).toEqual({
				allowed: true
			});
		}
		// The first attempt past the free ones is allowed and starts a wait.
		expect((await reserveSignInAttempt(database.db, keysFrom(100), new Date(t0))).allowed).toBe(
			true
		);
		const during = await reserveSignInAttempt(database.db, keysFrom(101), new Date(t0 + 500));
		expect(during).toMatchObject({ allowed: false, reason: 'account' });
		// After the wait, the owner's next attempt goes through, and the following wait is longer.
		const t1 = t0 + ACCOUNT_FIRST_DELAY_MS;
		expect((await reserveSignInAttempt(database.db, keysFrom(102), new Date(t1))).allowed).toBe(
			true
		);
		const next = await reserveSignInAttempt(
			database.db,
			keysFrom(103),
			new Date(t1 + ACCOUNT_FIRST_DELAY_MS)
		);
		expect(next).toMatchObject({ allowed: false, reason: 'account' });
		expect(
			(
				await reserveSignInAttempt(
					database.db,
					keysFrom(104),
					new Date(t1 + 2 * ACCOUNT_FIRST_DELAY_MS)
				)
			).allowed
		).toBe(true);
	});

	it('a flood of 300 sign-ins checks passwords a few at a time and leaves the thread pool free for others', async () => {
		passwordChecksPeak(true);
		// Guesses whose password was checked and refused, as they finish.
		let checked = 0;
		const flood = Array.from({ length: 300 }, async (_, i) => {
			const c = await callerFor(database.db, new TestCookieJar(), `10.9.${i >> 8}.${i & 255}`);
			return c.auth
				.signIn({ email: `flood${i}@example.org`, password: 'x' })
				.catch((error: unknown) => {
					if (codeOf({ status: 'rejected', reason: error }) === 'INVALID_CREDENTIALS') checked++;
					throw error;
				});
		});
		const outcomes = Promise.allSettled(flood);
		// Work that needs libuv's thread pool, asked for once the flood has been queued.
		await new Promise((resolve) => setTimeout(resolve, 50));
		await readFile('package.json');
		const checkedWhenOthersDone = checked;
		const codes = (await outcomes).map(codeOf);
		expect(passwordChecksPeak()).toBeLessThanOrEqual(PASSWORD_CHECK_CONCURRENCY);
		// The file was read while most queued checks still waited: they did not hold the pool.
		const queued = codes.filter((c) => c === 'INVALID_CREDENTIALS').length;
		expect(checkedWhenOthersDone).toBeLessThan(queued / 2);
		expect(codes).not.toContain('OTHER');
		expect(codes.every((c) => c === 'INVALID_CREDENTIALS' || c === 'SIGN_IN_BUSY')).toBe(true);
	}, 60_000);
});
