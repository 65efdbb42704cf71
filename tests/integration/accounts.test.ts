import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS } from '../support/factories';
import { callerFor, passSecondFactor, signedIn, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { createCaller } from '$lib/server/trpc/root';
import type { Database, Db } from '$lib/server/db';
import {
	auditEvents,
	passwordResetTokens,
	revokedSessions,
	sessions,
	users
} from '$lib/server/db/schema';
import {
	LAST_USED_PRECISION_MS,
	sessionIdFromToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { verifyAuditChain } from '$lib/server/services/audit';
import { resetPasswordWithLink } from '$lib/server/services/users/password-resets';
import { passwordFirst } from '$lib/server/kit/request-handles';
import { ERRORS } from '$lib/errors';
import { PAIR_ATTEMPT_LIMIT } from '$lib/server/auth/sign-in-throttle';
import type { Problem } from '$lib/server/infra/problem';

// Accounts an administrator can trust (issue 15, docs/decisions/019): disable and enable, one-time
// reset links, a person's own password change, the first password of an account an administrator
// created, and "where you are signed in". Through the in-process router on a real file database.

let database: Database;
let db: Db;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
let admin: Awaited<ReturnType<typeof signedIn>>;

const ANDROID_CHROME =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const WINDOWS_FIREFOX =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const INITIAL_PASSWORD = 'given-by-the-admin-2026';
const NEW_PASSWORD = 'a password only I know';

beforeAll(async () => {
	database = await freshDatabase();
	db = database.db;
	({ ids } = await createPersonas(db));
	admin = await signedIn(db, 'ada');
});

/** Signs in through the real procedure from a browser with this user agent. */
async function signInFrom(email: string, password: string, userAgent: string | null = null) {
	const jar = new TestCookieJar();
	const result = await createCaller({
		db,
		user: null,
		session: null,
		clientAddress: '192.0.2.10',
		userAgent,
		cookies: jar
	}).auth.signIn({ email, password });
	// The Unit's and the administrator's code step, as in every sign-in (decision 022).
	const final = await passSecondFactor(db, jar, result, '192.0.2.10');
	return { jar, result: final, caller: await callerFor(db, jar) };
}

let accounts = 0;
/** A new account, made by the administrator as the Users page makes it. */
async function newAccount(role: 'practitioner' | 'unit' = 'practitioner') {
	accounts += 1;
	const email = `person${accounts}@example.org`;
	const created = await admin.caller.admin.createUser({
		name: `Person ${accounts}`,
		email,
		role,
		password: INITIAL_PASSWORD
	});
	return { id: created.id, email };
}

/** A new account that has already chosen its own password, signed in. */
async function activeAccount(userAgent: string | null = null) {
	const account = await newAccount();
	const first = await signInFrom(account.email, INITIAL_PASSWORD, userAgent);
	await first.caller.account.changePassword({
		currentPassword: INITIAL_PASSWORD,
		newPassword: NEW_PASSWORD,
		confirmPassword: NEW_PASSWORD
	});
	return { ...account, jar: first.jar, caller: await callerFor(db, first.jar) };
}

async function userRow(id: string) {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	if (!row) throw new Error('no such user');
	return row;
}

async function auditOf(recordId: string) {
	return db.select().from(auditEvents).where(eq(auditEvents.recordId, recordId));
}

async function countRows() {
	return {
		users: (await db.select().from(users)).length,
		sessions: (await db.select().from(sessions)).length,
		links: (await db.select().from(passwordResetTokens)).length,
		audit: (await db.select().from(auditEvents)).length
	};
}

const tokenOf = (path: string) => path.split('/').pop() ?? '';

describe('an administrator disables an account', () => {
	it('ends every session at once, and each device is answered as a revoked session is', async () => {
		const person = await activeAccount(ANDROID_CHROME);
		const laptop = await signInFrom(person.email, NEW_PASSWORD, WINDOWS_FIREFOX);
		const { sessionsEnded } = await admin.caller.admin.disableUser({ userId: person.id });
		expect(sessionsEnded).toBe(2);
		expect((await userRow(person.id)).disabledAt).toBeInstanceOf(Date);
		expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
		for (const jar of [person.jar, laptop.jar]) {
			const [tombstone] = await db
				.select()
				.from(revokedSessions)
				.where(eq(revokedSessions.id, sessionIdFromToken(jar.token ?? '')));
			expect(tombstone?.userId).toBe(person.id);
			// The same answer as an administrator's "sign out everywhere": the device wipes its data.
			await expectProblem((await callerFor(db, jar)).auth.me(), 'SESSION_REVOKED');
			await expectProblem((await callerFor(db, jar)).notifications.mine({}), 'SESSION_REVOKED');
		}
		const [event] = (await auditOf(person.id)).filter((e) => e.action === 'user.disabled');
		expect(event).toMatchObject({ actorId: ids.ada, actorRole: 'admin' });
		expect(event?.detail).toEqual({ sessionsEnded: 2 });
	});

	it('cannot sign in: the right password is told the account is disabled, a wrong one is not', async () => {
		const person = await activeAccount();
		await admin.caller.admin.disableUser({ userId: person.id });
		const right = await expectProblem(
			signInFrom(person.email, NEW_PASSWORD).then((r) => r.result),
			'ACCOUNT_DISABLED'
		);
		expect(right.message).toMatch(/disabled/);
		expect(right.message).toMatch(/administrator/);
		// A wrong password gets exactly what an unknown address gets: nothing is enumerated.
		const wrong = await expectProblem(
			signInFrom(person.email, 'not the password at all').then((r) => r.result),
			'INVALID_CREDENTIALS'
		);
		const unknown = await expectProblem(
			signInFrom('nobody@example.org', 'not the password at all').then((r) => r.result),
			'INVALID_CREDENTIALS'
		);
		expect(wrong.message).toBe(unknown.message);
		expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
	});

	it('can be enabled again, and the person signs in with their password', async () => {
		const person = await activeAccount();
		await admin.caller.admin.disableUser({ userId: person.id });
		await admin.caller.admin.enableUser({ userId: person.id });
		expect((await userRow(person.id)).disabledAt).toBeNull();
		const again = await signInFrom(person.email, NEW_PASSWORD);
		expect((await again.caller.auth.me()).id).toBe(person.id);
		const actions = (await auditOf(person.id)).map((e) => e.action);
		expect(actions).toContain('user.enabled');
	});

	it('is refused to everyone but an administrator, for their own account, and for no account', async () => {
		const person = await activeAccount();
		const before = await countRows();
		const unit = await signedIn(db, 'uma');
		await expectProblem(unit.caller.admin.disableUser({ userId: person.id }), 'FORBIDDEN_ROLE');
		await expectProblem(
			person.caller.admin.issuePasswordReset({ userId: ids.priya }),
			'FORBIDDEN_ROLE'
		);
		await expectProblem(
			admin.caller.admin.disableUser({ userId: ids.ada }),
			'CANNOT_CHANGE_OWN_ACCOUNT'
		);
		await expectProblem(
			admin.caller.admin.disableUser({ userId: crypto.randomUUID() }),
			'NOT_FOUND'
		);
		await expectProblem(
			admin.caller.admin.disableUser({ userId: 'x'.repeat(5000) }),
			'INVALID_INPUT'
		);
		expect((await userRow(person.id)).disabledAt).toBeNull();
		const after = await countRows();
		// Signing the Unit member in wrote a session and an audit event; nothing else changed.
		expect(after).toEqual({ ...before, sessions: before.sessions + 1, audit: before.audit + 1 });
	});

	it('voids a reset link not yet used', async () => {
		const person = await activeAccount();
		const { path } = await admin.caller.admin.issuePasswordReset({ userId: person.id });
		await admin.caller.admin.disableUser({ userId: person.id });
		const anonymous = await callerFor(db);
		expect(await anonymous.account.resetLinkUsable({ token: tokenOf(path) })).toEqual({
			usable: false
		});
		await expectProblem(
			anonymous.account.resetPassword({
				token: tokenOf(path),
				newPassword: 'someone else choosing',
				confirmPassword: 'someone else choosing'
			}),
			'RESET_LINK_INVALID'
		);
		await expectProblem(
			admin.caller.admin.issuePasswordReset({ userId: person.id }),
			'ACCOUNT_IS_DISABLED'
		);
	});
});

describe('a one-time password-reset link', () => {
	it('is a random token in the path, stored only as its SHA-256, and never in the audit trail', async () => {
		const person = await activeAccount();
		const { path, expiresAt } = await admin.caller.admin.issuePasswordReset({
			userId: person.id
		});
		expect(path).toMatch(/^\/reset-password\/[a-z2-7]{52}$/);
		expect(path).not.toContain(person.id);
		expect(path).not.toContain('person');
		const token = tokenOf(path);
		const rows = await db
			.select()
			.from(passwordResetTokens)
			.where(eq(passwordResetTokens.userId, person.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]?.id).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(token))));
		expect(JSON.stringify(rows)).not.toContain(token);
		// About 24 hours.
		expect(expiresAt - Date.now()).toBeGreaterThan(23.9 * 3600_000);
		expect(expiresAt - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
		const trail = JSON.stringify(await db.select().from(auditEvents));
		expect(trail).not.toContain(token);
		const [event] = (await auditOf(person.id)).filter(
			(e) => e.action === 'user.password_reset_link_issued'
		);
		expect(event).toMatchObject({ actorId: ids.ada });
	});

	it('sets a new password once, ends the sessions, and lifts the first-password rule', async () => {
		const person = await newAccount();
		const signedInBefore = await signInFrom(person.email, INITIAL_PASSWORD);
		const { path } = await admin.caller.admin.issuePasswordReset({ userId: person.id });
		const anonymous = await callerFor(db);
		expect(await anonymous.account.resetLinkUsable({ token: tokenOf(path) })).toEqual({
			usable: true
		});
		await anonymous.account.resetPassword({
			token: tokenOf(path),
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		// The person's devices are still theirs: asked to sign in again, not wiped.
		await expectProblem(
			(await callerFor(db, signedInBefore.jar)).account.changePassword({
				currentPassword: INITIAL_PASSWORD,
				newPassword: 'whatever it may be',
				confirmPassword: 'whatever it may be'
			}),
			'SESSION_EXPIRED'
		);
		await expectProblem(
			signInFrom(person.email, INITIAL_PASSWORD).then((r) => r.result),
			'INVALID_CREDENTIALS'
		);
		const after = await signInFrom(person.email, NEW_PASSWORD);
		expect(after.result.home).toBe('/notifications');
		expect((await userRow(person.id)).mustChangePassword).toBe(false);
		await expectProblem(
			anonymous.account.resetPassword({
				token: tokenOf(path),
				newPassword: 'a second try at this',
				confirmPassword: 'a second try at this'
			}),
			'RESET_LINK_INVALID'
		);
		const [event] = (await auditOf(person.id)).filter((e) => e.action === 'user.password_reset');
		expect(event).toMatchObject({ actorId: person.id, detail: { sessionsEnded: 1 } });
	});

	it('works for exactly one of ten uses at the same moment', async () => {
		const person = await activeAccount();
		const { path } = await admin.caller.admin.issuePasswordReset({ userId: person.id });
		const attempts = Array.from({ length: 10 }, (_, i) => `concurrent password ${i}`);
		const calls = attempts.map(async (password) =>
			(await callerFor(db)).account.resetPassword({
				token: tokenOf(path),
				newPassword: password,
				confirmPassword: password
			})
		);
		const outcomes = await Promise.allSettled(calls);
		const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [attempts[i] ?? ''] : []));
		expect(won).toHaveLength(1);
		for (const [i, o] of outcomes.entries()) {
			if (o.status === 'rejected')
				await expectProblem(calls[i] as Promise<unknown>, 'RESET_LINK_INVALID');
		}
		// The password is the winner's, and only one reset was recorded.
		expect((await signInFrom(person.email, won[0] ?? '')).result.home).toBe('/notifications');
		const resets = (await auditOf(person.id)).filter((e) => e.action === 'user.password_reset');
		expect(resets).toHaveLength(1);
	});

	it('expires after 24 hours, and a newer link replaces an older one', async () => {
		const person = await activeAccount();
		const first = await admin.caller.admin.issuePasswordReset({ userId: person.id });
		const tooLate = new Date(Date.now() + 24 * 3600_000 + 60_000);
		await expectProblem(
			resetPasswordWithLink(db, tokenOf(first.path), 'far too late for this', tooLate),
			'RESET_LINK_INVALID'
		);
		const second = await admin.caller.admin.issuePasswordReset({ userId: person.id });
		const anonymous = await callerFor(db);
		expect(await anonymous.account.resetLinkUsable({ token: tokenOf(first.path) })).toEqual({
			usable: false
		});
		expect(await anonymous.account.resetLinkUsable({ token: tokenOf(second.path) })).toEqual({
			usable: true
		});
	});

	it('keeps the password policy, and a refused reset changes nothing', async () => {
		const person = await activeAccount();
		const { path } = await admin.caller.admin.issuePasswordReset({ userId: person.id });
		const anonymous = await callerFor(db);
		const before = await userRow(person.id);
		const short = await expectProblem(
			anonymous.account.resetPassword({
				token: tokenOf(path),
				newPassword: 'short',
				confirmPassword: 'short'
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(short)).toContain('at least 12 characters');
		await expectProblem(
			anonymous.account.resetPassword({
				token: tokenOf(path),
				newPassword: 'long enough password',
				confirmPassword: 'a different password'
			}),
			'INVALID_INPUT'
		);
		await expectProblem(
			anonymous.account.resetPassword({
				token: 'person@example.org',
				newPassword: 'long enough password',
				confirmPassword: 'long enough password'
			}),
			'INVALID_INPUT'
		);
		await expectProblem(
			anonymous.account.resetPassword({
				token: 'a'.repeat(52),
				newPassword: 'long enough password',
				confirmPassword: 'long enough password'
			}),
			'RESET_LINK_INVALID'
		);
		expect((await userRow(person.id)).passwordHash).toBe(before.passwordHash);
		expect(await anonymous.account.resetLinkUsable({ token: tokenOf(path) })).toEqual({
			usable: true
		});
	});

	it('cannot be made by an administrator for their own account', async () => {
		await expectProblem(
			admin.caller.admin.issuePasswordReset({ userId: ids.ada }),
			'CANNOT_CHANGE_OWN_ACCOUNT'
		);
	});
});

describe('a person changes their own password', () => {
	it('only after re-entering the current one; a wrong one changes nothing and is audited', async () => {
		const person = await activeAccount();
		const before = await userRow(person.id);
		const refused = await expectProblem(
			person.caller.account.changePassword({
				currentPassword: 'not my password',
				newPassword: 'another new password',
				confirmPassword: 'another new password'
			}),
			'CURRENT_PASSWORD_WRONG'
		);
		expect((refused as Problem).fieldErrors).toHaveProperty('currentPassword');
		expect((await userRow(person.id)).passwordHash).toBe(before.passwordHash);
		const actions = (await auditOf(person.id)).map((e) => e.action);
		expect(actions).toContain('user.password_change_refused');
		await expectProblem(
			person.caller.account.changePassword({
				currentPassword: NEW_PASSWORD,
				newPassword: NEW_PASSWORD,
				confirmPassword: NEW_PASSWORD
			}),
			'INVALID_INPUT'
		);
	});

	it('wrong current passwords count against the sign-in limit: past it even the right one is refused unchecked', async () => {
		const person = await activeAccount();
		const before = await userRow(person.id);
		const change = (currentPassword: string) =>
			person.caller.account.changePassword({
				currentPassword,
				newPassword: 'a guessed-at new password',
				confirmPassword: 'a guessed-at new password'
			});
		for (let i = 0; i < PAIR_ATTEMPT_LIMIT; i++) {
			await expectProblem(change(`guess number ${i}`), 'CURRENT_PASSWORD_WRONG');
		}
		await expectProblem(change(NEW_PASSWORD), 'SIGN_IN_RATE_LIMITED');
		expect((await userRow(person.id)).passwordHash).toBe(before.passwordHash);
	});

	it('ends their other sessions (which keep their forms) and keeps this one', async () => {
		const person = await activeAccount(ANDROID_CHROME);
		const other = await signInFrom(person.email, NEW_PASSWORD, WINDOWS_FIREFOX);
		const { sessionsEnded } = await person.caller.account.changePassword({
			currentPassword: NEW_PASSWORD,
			newPassword: 'my second own password',
			confirmPassword: 'my second own password'
		});
		expect(sessionsEnded).toBe(1);
		expect((await person.caller.auth.me()).id).toBe(person.id);
		await expectProblem((await callerFor(db, other.jar)).auth.me(), 'SESSION_EXPIRED');
		await expectProblem(
			signInFrom(person.email, NEW_PASSWORD).then((r) => r.result),
			'INVALID_CREDENTIALS'
		);
		expect((await signInFrom(person.email, 'my second own password')).result.home).toBe(
			'/notifications'
		);
	});
});

describe('an account an administrator created', () => {
	it('must choose its own password at first sign-in, and may do nothing else until then', async () => {
		const person = await newAccount('unit');
		expect((await userRow(person.id)).mustChangePassword).toBe(true);
		const first = await signInFrom(person.email, INITIAL_PASSWORD);
		expect(first.result.home).toBe('/account/password');
		const refused = await expectProblem(first.caller.auth.me(), 'PASSWORD_CHANGE_REQUIRED');
		expect(refused.message).toBe(ERRORS.PASSWORD_CHANGE_REQUIRED.message);
		await expectProblem(first.caller.triage.queue({}), 'PASSWORD_CHANGE_REQUIRED');
		await expectProblem(first.caller.account.sessions(), 'PASSWORD_CHANGE_REQUIRED');
		await expectProblem(first.caller.users.unitMembers(), 'PASSWORD_CHANGE_REQUIRED');

		await first.caller.account.changePassword({
			currentPassword: INITIAL_PASSWORD,
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		expect((await userRow(person.id)).mustChangePassword).toBe(false);
		const now = await callerFor(db, first.jar);
		expect((await now.auth.me()).role).toBe('unit');
		expect((await signInFrom(person.email, NEW_PASSWORD)).result.home).toBe('/unit/queue');
		const [created] = (await auditOf(person.id)).filter((e) => e.action === 'user.created');
		expect(created?.detail).toMatchObject({ mustChangePassword: true });
		const [changed] = (await auditOf(person.id)).filter(
			(e) => e.action === 'user.password_changed'
		);
		expect(changed?.detail).toMatchObject({ firstPassword: true });
	});

	it('may still sign out meanwhile', async () => {
		const person = await newAccount();
		const first = await signInFrom(person.email, INITIAL_PASSWORD);
		await first.caller.auth.signOut();
		expect(first.jar.token).toBeNull();
	});

	it('is steered to the password page from every page, but not from the API or that page', async () => {
		const user = {
			id: 'u',
			email: 'e',
			name: 'n',
			role: 'unit' as const,
			agencyId: null,
			mustChangePassword: true
		};
		const through = async (path: string, routeId: string | null, mustChange = true) => {
			const event = {
				url: new URL(`http://localhost${path}`),
				route: { id: routeId },
				locals: { user: { ...user, mustChangePassword: mustChange } }
			} as unknown as RequestEvent;
			try {
				const response = await passwordFirst({
					event,
					resolve: () => Promise.resolve(new Response('page'))
				});
				return response.status;
			} catch (e) {
				if (isRedirect(e)) return `${e.status} ${e.location}`;
				throw e;
			}
		};
		expect(await through('/unit/queue', '/(unit)/unit/queue')).toBe('303 /account/password');
		expect(await through('/account', '/(account)/account')).toBe('303 /account/password');
		expect(await through('/notifications/new', '/(practitioner)/notifications/new')).toBe(
			'303 /account/password'
		);
		expect(await through('/account/password', '/(account)/account/password')).toBe(200);
		expect(await through('/sign-out', '/sign-out')).toBe(200);
		expect(await through('/api/trpc/auth.me', '/api/trpc/[...trpc]')).toBe(200);
		expect(await through('/unit/queue', '/(unit)/unit/queue', false)).toBe(200);
	});

	it('is not required of the accounts the demo and the tests seed', async () => {
		expect((await userRow(ids.priya)).mustChangePassword).toBe(false);
		const { result } = await signInFrom(PERSONAS.uma.email, PASSWORD);
		expect(result.home).toBe('/unit/queue');
	});
});

describe('where you are signed in', () => {
	it('lists each session with its browser, device and last use, this one first', async () => {
		const person = await activeAccount(ANDROID_CHROME);
		await signInFrom(person.email, NEW_PASSWORD, WINDOWS_FIREFOX);
		const list = await person.caller.account.sessions();
		expect(list).toHaveLength(2);
		expect(list[0]).toMatchObject({ browser: 'Chrome', system: 'Android', current: true });
		expect(list[1]).toMatchObject({ browser: 'Firefox', system: 'Windows', current: false });
		// Someone else's sessions are not listed.
		const others = await admin.caller.account.sessions();
		expect(others.every((s) => !list.some((l) => l.id === s.id))).toBe(true);
	});

	it('records the last use at most every few minutes', async () => {
		const person = await activeAccount();
		const id = sessionIdFromToken(person.jar.token ?? '');
		const read = async () =>
			(await db.select().from(sessions).where(eq(sessions.id, id)))[0]?.lastUsedAt?.getTime();
		const first = await read();
		await validateSessionToken(db, person.jar.token ?? '', new Date(Date.now() + 60_000));
		expect(await read()).toBe(first);
		const later = new Date(Date.now() + LAST_USED_PRECISION_MS + 60_000);
		await validateSessionToken(db, person.jar.token ?? '', later);
		expect(await read()).toBe(later.getTime());
	});

	it('signs out one other session: that device is answered as revoked and wipes its data', async () => {
		const person = await activeAccount(ANDROID_CHROME);
		const lost = await signInFrom(person.email, NEW_PASSWORD, WINDOWS_FIREFOX);
		const kept = await signInFrom(person.email, NEW_PASSWORD, WINDOWS_FIREFOX);
		const lostId = sessionIdFromToken(lost.jar.token ?? '');
		expect(await person.caller.account.signOutSession({ sessionId: lostId })).toEqual({
			ended: 1
		});
		await expectProblem((await callerFor(db, lost.jar)).auth.me(), 'SESSION_REVOKED');
		expect((await (await callerFor(db, kept.jar)).auth.me()).id).toBe(person.id);
		expect((await person.caller.auth.me()).id).toBe(person.id);
		const actions = (await auditOf(person.id)).map((e) => e.action);
		expect(actions).toContain('auth.session_signed_out');
	});

	it('cannot sign out another person’s session, nor this one by this route', async () => {
		const person = await activeAccount();
		const priya = await signedIn(db, 'priya');
		const priyaSession = sessionIdFromToken(priya.jar.token ?? '');
		await expectProblem(
			person.caller.account.signOutSession({ sessionId: priyaSession }),
			'NOT_FOUND'
		);
		expect((await (await callerFor(db, priya.jar)).auth.me()).id).toBe(ids.priya);
		await expectProblem(
			person.caller.account.signOutSession({
				sessionId: sessionIdFromToken(person.jar.token ?? '')
			}),
			'INVALID_INPUT'
		);
		await expectProblem(
			person.caller.account.signOutSession({ sessionId: 'not-a-session' }),
			'INVALID_INPUT'
		);
		expect((await person.caller.auth.me()).id).toBe(person.id);
	});

	it('signs out all the others and keeps this one', async () => {
		const person = await activeAccount();
		const others = await Promise.all(
			[1, 2, 3].map(() => signInFrom(person.email, NEW_PASSWORD, ANDROID_CHROME))
		);
		expect(await person.caller.account.signOutOtherSessions()).toEqual({ ended: 3 });
		for (const other of others) {
			await expectProblem((await callerFor(db, other.jar)).auth.me(), 'SESSION_REVOKED');
		}
		expect(await person.caller.account.sessions()).toHaveLength(1);
		const actions = (await auditOf(person.id)).map((e) => e.action);
		expect(actions).toContain('auth.other_sessions_signed_out');
	});
});

describe('the audit trail', () => {
	it('holds an event for every change to an account, reset and session, in an unbroken chain', async () => {
		const actions = new Set((await db.select().from(auditEvents)).map((e) => e.action));
		for (const action of [
			'user.created',
			'user.disabled',
			'user.enabled',
			'user.password_changed',
			'user.password_change_refused',
			'user.password_reset_link_issued',
			'user.password_reset',
			'auth.session_signed_out',
			'auth.other_sessions_signed_out'
		]) {
			expect(actions).toContain(action);
		}
		expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
	});
});
