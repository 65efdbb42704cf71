import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS } from '../support/factories';
import { callerFor, signedIn, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database } from '$lib/server/db';
import { auditEvents, sessions, users } from '$lib/server/db/schema';
import {
	SESSION_LIFETIME_MS,
	sessionIdFromToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { ADDRESS_ATTEMPT_LIMIT, PAIR_ATTEMPT_LIMIT } from '$lib/server/auth/sign-in-throttle';
import { verifyAuditChain } from '$lib/server/services/audit';

let database: Database;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
});

describe('sign-in', () => {
	it('sets a session cookie whose token is stored only as its SHA-256', async () => {
		const jar = new TestCookieJar();
		const result = await (
			await callerFor(database.db, jar)
		).auth.signIn({
			email: '  Priya@Example.org ',
			password: PASSWORD
		});
		expect(result.home).toBe('/notifications');
		expect(jar.token).toMatch(/^[a-z2-7]{32}$/);
		const rows = await database.db.select().from(sessions).where(eq(sessions.userId, ids.priya));
		expect(rows.map((r) => r.id)).toContain(sessionIdFromToken(jar.token ?? ''));
		expect(rows.some((r) => r.id === jar.token)).toBe(false);
	});

	it('stores the password as an argon2id hash', async () => {
		const [row] = await database.db.select().from(users).where(eq(users.id, ids.priya));
		expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
		expect(row?.passwordHash).not.toContain(PASSWORD);
	});

	it('refuses a wrong password and an unknown account with the same message, and audits it', async () => {
		const caller = await callerFor(database.db, new TestCookieJar(), '198.51.100.7');
		const a = await expectProblem(
			caller.auth.signIn({ email: PERSONAS.pete.email, password: 'wrong password' }),
			'INVALID_CREDENTIALS'
		);
		const b = await expectProblem(
			caller.auth.signIn({ email: 'nobody@example.org', password: 'wrong password' }),
			'INVALID_CREDENTIALS'
		);
		expect(a.message).toBe(b.message);
		const failed = await database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'auth.sign_in_failed'));
		expect(failed.length).toBeGreaterThanOrEqual(2);
		expect(JSON.stringify(failed)).not.toContain('nobody@example.org');
	});

	it('reports each empty field', async () => {
		const caller = await callerFor(database.db);
		const error = await expectProblem(
			caller.auth.signIn({ email: '', password: '' }),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(error)).toContain('Enter your email address');
		expect(JSON.stringify(error)).toContain('Enter your password');
	});
});

describe('sign-in rate limiting', () => {
	it(`stops one address guessing one account after ${PAIR_ATTEMPT_LIMIT} attempts, even with the right password`, async () => {
		const caller = await callerFor(database.db, new TestCookieJar(), '203.0.113.10');
		for (let i = 0; i < PAIR_ATTEMPT_LIMIT; i++) {
			await expectProblem(
				caller.auth.signIn({ email: PERSONAS.chris.email, password: `guess ${i}` }),
				'INVALID_CREDENTIALS'
			);
		}
		await expectProblem(
			caller.auth.signIn({ email: PERSONAS.chris.email, password: PASSWORD }),
			'SIGN_IN_RATE_LIMITED'
		);
		// The owner, from their own address, is not locked out by someone else's guesses.
		const own = await callerFor(database.db, new TestCookieJar(), '203.0.113.99');
		await expect(
			own.auth.signIn({ email: PERSONAS.chris.email, password: PASSWORD })
		).resolves.toMatchObject({ role: 'chair' });
	});

	it(`stops an address after ${ADDRESS_ATTEMPT_LIMIT} failures across accounts`, async () => {
		const caller = await callerFor(database.db, new TestCookieJar(), '203.0.113.50');
		for (let i = 0; i < ADDRESS_ATTEMPT_LIMIT; i++) {
			await expectProblem(
				caller.auth.signIn({ email: `spray${i}@example.org`, password: 'x' }),
				'INVALID_CREDENTIALS'
			);
		}
		await expectProblem(
			caller.auth.signIn({ email: PERSONAS.uma.email, password: PASSWORD }),
			'SIGN_IN_RATE_LIMITED'
		);
		// Uma can still sign in from her own address.
		const own = await callerFor(database.db, new TestCookieJar(), '203.0.113.51');
		await expect(
			own.auth.signIn({ email: PERSONAS.uma.email, password: PASSWORD })
		).resolves.toMatchObject({
			role: 'unit'
		});
	}, 60_000);
});

describe('sessions', () => {
	it('expires after its lifetime and slides forward when used in its second half', async () => {
		const { jar } = await signedIn(database.db, 'pete');
		const token = jar.token ?? '';
		const start = Date.now();
		const early = await validateSessionToken(database.db, token, new Date(start + 60_000));
		expect(early.renewed).toBe(false);
		const late = await validateSessionToken(
			database.db,
			token,
			new Date(start + SESSION_LIFETIME_MS * 0.75)
		);
		expect(late.renewed).toBe(true);
		expect(late.session?.expiresAt.getTime()).toBeGreaterThan(start + SESSION_LIFETIME_MS);
		const expired = await validateSessionToken(
			database.db,
			token,
			new Date(start + SESSION_LIFETIME_MS * 2)
		);
		expect(expired.session).toBeNull();
		// The expired session is gone, so the cookie is worthless even if the clock is wound back.
		expect((await validateSessionToken(database.db, token)).session).toBeNull();
	});

	it('signs out: the session is deleted and the cookie cleared', async () => {
		const { caller, jar } = await signedIn(database.db, 'pete');
		const token = jar.token ?? '';
		await caller.auth.signOut();
		expect(jar.token).toBeNull();
		expect((await validateSessionToken(database.db, token)).session).toBeNull();
	});

	it('an admin revokes every session of a user; other callers may not', async () => {
		const first = await signedIn(database.db, 'agnes');
		const second = await signedIn(database.db, 'agnes');
		const admin = await signedIn(database.db, 'ada');
		const unit = await signedIn(database.db, 'uma');
		await expectProblem(unit.caller.admin.revokeSessions({ userId: ids.agnes }), 'FORBIDDEN_ROLE');
		expect((await first.caller.auth.me()).accessWithdrawnAt).toBeNull();
		const before = Date.now();
		const { revoked } = await admin.caller.admin.revokeSessions({ userId: ids.agnes });
		expect(revoked).toBeGreaterThanOrEqual(2);
		for (const s of [first, second]) {
			const refused = await validateSessionToken(database.db, s.jar.token ?? '');
			expect(refused).toMatchObject({ session: null, problem: 'revoked', userId: ids.agnes });
			await expectProblem((await callerFor(database.db, s.jar)).auth.me(), 'SESSION_REVOKED');
		}
		// Signed in again, the user's devices learn when access was withdrawn: a device key made
		// before then is wiped, even on a device whose withdrawn cookie is gone.
		const again = await signedIn(database.db, 'agnes');
		const { accessWithdrawnAt } = await again.caller.auth.me();
		expect(accessWithdrawnAt).toBeGreaterThanOrEqual(before);
		expect(accessWithdrawnAt).toBeLessThanOrEqual(Date.now());
		// Another user's answer is not moved by it.
		expect((await admin.caller.auth.me()).accessWithdrawnAt).toBeNull();
	});

	it('a disabled account cannot sign in and loses its sessions', async () => {
		const { jar } = await signedIn(database.db, 'priya');
		await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, ids.priya));
		expect(await validateSessionToken(database.db, jar.token ?? '')).toMatchObject({
			session: null,
			problem: 'revoked',
			userId: ids.priya
		});
		await expectProblem(
			(await callerFor(database.db, new TestCookieJar(), '192.0.2.200')).auth.signIn({
				email: PERSONAS.priya.email,
				password: PASSWORD
			}),
			// Told only to someone who knows the password (tests/integration/accounts.test.ts).
			'ACCOUNT_DISABLED'
		);
		await database.db.update(users).set({ disabledAt: null }).where(eq(users.id, ids.priya));
	});

	it('records sign-in and sign-out in an unbroken audit chain', async () => {
		const actions = (await database.db.select().from(auditEvents)).map((e) => e.action);
		expect(actions).toContain('auth.sign_in');
		expect(actions).toContain('auth.sign_out');
		expect(actions).toContain('auth.sessions_revoked');
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});

describe('database settings', () => {
	it('keeps WAL, FULL durability and foreign keys on every query', async () => {
		for (let i = 0; i < 10; i++) {
			const [journal] = (await database.client.execute('PRAGMA journal_mode')).rows;
			const [sync] = (await database.client.execute('PRAGMA synchronous')).rows;
			const [fk] = (await database.client.execute('PRAGMA foreign_keys')).rows;
			expect(journal?.[0]).toBe('wal');
			expect(sync?.[0]).toBe(2); // FULL
			expect(fk?.[0]).toBe(1);
		}
	});
});
