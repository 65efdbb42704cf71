import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId, validNotificationForm } from '../support/factories';
import { callerFor, signedIn, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database } from '$lib/server/db';
import { revokedSessions, sessions, users } from '$lib/server/db/schema';
import {
	REVOKED_SESSION_RETENTION_MS,
	SESSION_LIFETIME_MS,
	invalidateUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { ERRORS } from '$lib/errors';

// The device keeps unsent forms when its session merely expired, and wipes its data when the
// session or the account was revoked. These tests pin down which answer each case gets.

let database: Database;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
});

const later = (ms: number) => new Date(Date.now() + ms);
const batch = () => ({ items: [{ id: newClientId(), form: validNotificationForm() as unknown }] });

async function tombstone(token: string) {
	const [row] = await database.db
		.select()
		.from(revokedSessions)
		.where(eq(revokedSessions.id, sessionIdFromToken(token)));
	return row;
}

describe('the catalogue', () => {
	it('tells an expired session from a revoked one in words a practitioner understands', () => {
		expect(ERRORS.SESSION_EXPIRED.status).toBe('UNAUTHORIZED');
		expect(ERRORS.SESSION_EXPIRED.message).toMatch(/sign in again/i);
		expect(ERRORS.SESSION_EXPIRED.message).toMatch(/nothing is lost/i);
		expect(ERRORS.SESSION_REVOKED.status).toBe('UNAUTHORIZED');
		expect(ERRORS.SESSION_REVOKED.message).toMatch(/withdrawn on this device/i);
		expect(ERRORS.SESSION_REVOKED.message).toMatch(/removed/i);
		expect(ERRORS.SESSION_REVOKED.message).toMatch(/administrator/i);
	});
});

describe('an expired session', () => {
	it('is answered SESSION_EXPIRED, on every procedure, and leaves no tombstone', async () => {
		const { jar } = await signedIn(database.db, 'priya');
		const token = jar.token ?? '';
		const after = later(SESSION_LIFETIME_MS + 60_000);
		const result = await validateSessionToken(database.db, token, after);
		expect(result).toEqual({ session: null, user: null, renewed: false, problem: 'expired' });
		expect(await tombstone(token)).toBeUndefined();
		// The row is gone, and the token stays "expired" (not unknown, not revoked) afterwards.
		const caller = await callerFor(database.db, jar, '192.0.2.1', after);
		await expectProblem(caller.auth.me(), 'SESSION_EXPIRED');
		await expectProblem(caller.notifications.submitBatch(batch()), 'SESSION_EXPIRED');
	});

	it('is what an unknown token gets too', async () => {
		const jar = new TestCookieJar();
		jar.token = 'abcdefghijklmnopqrstuvwxyz234567';
		await expectProblem((await callerFor(database.db, jar)).auth.me(), 'SESSION_EXPIRED');
	});

	it('is what signing out leaves behind: the device keeps its forms', async () => {
		const { caller, jar } = await signedIn(database.db, 'pete');
		const token = jar.token ?? '';
		await caller.auth.signOut();
		jar.token = token;
		await expectProblem((await callerFor(database.db, jar)).auth.me(), 'SESSION_EXPIRED');
	});

	it('is different from no cookie at all', async () => {
		await expectProblem((await callerFor(database.db)).auth.me(), 'UNAUTHENTICATED');
	});
});

describe('a revoked session', () => {
	it('is answered SESSION_REVOKED on every device after an administrator revokes them', async () => {
		const phone = await signedIn(database.db, 'agnes');
		const laptop = await signedIn(database.db, 'agnes');
		const { caller: admin } = await signedIn(database.db, 'ada');
		expect((await admin.admin.revokeSessions({ userId: ids.agnes })).revoked).toBeGreaterThan(1);
		for (const { jar } of [phone, laptop]) {
			const token = jar.token ?? '';
			expect((await validateSessionToken(database.db, token)).problem).toBe('revoked');
			await expectProblem((await callerFor(database.db, jar)).auth.me(), 'SESSION_REVOKED');
			// Asked again, the answer does not soften to "expired".
			await expectProblem((await callerFor(database.db, jar)).auth.me(), 'SESSION_REVOKED');
			const row = await tombstone(token);
			expect(row?.userId).toBe(ids.agnes);
		}
		// Only hashes are kept: no token appears in either table.
		const stored = JSON.stringify(await database.db.select().from(revokedSessions));
		expect(stored).not.toContain(phone.jar.token ?? '-');
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, ids.agnes))).toEqual(
			[]
		);
	});

	it('stays revoked even after the moment it would have expired', async () => {
		const { jar } = await signedIn(database.db, 'uma');
		await invalidateUserSessions(database.db, ids.uma);
		const farLater = later(SESSION_LIFETIME_MS * 3);
		const caller = await callerFor(database.db, jar, '192.0.2.1', farLater);
		await expectProblem(caller.auth.me(), 'SESSION_REVOKED');
	});

	it('stops the outbox with SESSION_REVOKED, and stores nothing', async () => {
		const { jar } = await signedIn(database.db, 'pete');
		await invalidateUserSessions(database.db, ids.pete);
		const caller = await callerFor(database.db, jar);
		await expectProblem(caller.notifications.submitBatch(batch()), 'SESSION_REVOKED');
	});

	it('does not stop the person signing in again on a new session', async () => {
		await invalidateUserSessions(database.db, ids.chris);
		const { caller } = await signedIn(database.db, 'chris');
		await expect(caller.auth.me()).resolves.toMatchObject({ role: 'chair' });
	});

	it('is what every session of a disabled account gets, even an expired one', async () => {
		const phone = await signedIn(database.db, 'priya');
		const laptop = await signedIn(database.db, 'priya');
		await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, ids.priya));
		try {
			const afterExpiry = later(SESSION_LIFETIME_MS * 2);
			await expectProblem(
				(await callerFor(database.db, phone.jar, '192.0.2.1', afterExpiry)).auth.me(),
				'SESSION_REVOKED'
			);
			// Disabling reaches every device of the account, not just the one that called.
			await expectProblem((await callerFor(database.db, laptop.jar)).auth.me(), 'SESSION_REVOKED');
			expect(await tombstone(laptop.jar.token ?? '')).toBeDefined();
		} finally {
			await database.db.update(users).set({ disabledAt: null }).where(eq(users.id, ids.priya));
		}
	});

	it(`keeps tombstones for ${REVOKED_SESSION_RETENTION_MS / 86_400_000} days, then purges them`, async () => {
		const old = await signedIn(database.db, 'agnes');
		await invalidateUserSessions(database.db, ids.agnes, new Date());
		expect(await tombstone(old.jar.token ?? '')).toBeDefined();
		await invalidateUserSessions(
			database.db,
			ids.ada,
			later(REVOKED_SESSION_RETENTION_MS - 60_000)
		);
		expect(await tombstone(old.jar.token ?? '')).toBeDefined();
		await invalidateUserSessions(
			database.db,
			ids.ada,
			later(REVOKED_SESSION_RETENTION_MS + 60_000)
		);
		expect(await tombstone(old.jar.token ?? '')).toBeUndefined();
	});
});
