import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS } from '../support/factories';
import { callerFor, passSecondFactor, signedIn, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database, Db } from '$lib/server/db';
import {
	auditEvents,
	pendingSignIns,
	recoveryCodes,
	secondFactors,
	sessions
} from '$lib/server/db/schema';
import { generateSessionToken, sessionIdFromToken } from '$lib/server/auth/session';
import { PAIR_ATTEMPT_LIMIT } from '$lib/server/auth/sign-in-throttle';
import { createUser } from '$lib/server/services/users/users';
import {
	PENDING_SIGN_IN_LIFETIME_MS,
	confirmEnrolment,
	findPendingSignIn,
	startPendingSignIn,
	verifySecondFactor
} from '$lib/server/services/users/second-factor';
import { TEST_PERSONAS } from '$lib/server/services/users/personas';
import { verifyAuditChain } from '$lib/server/services/audit';
import { CODE_PAGE, ENROL_PAGE, totpCodeAt, totpStep } from '$lib/domain/second-factor';

// The TOTP second factor of the Unit, the Chair and administrators (issue 15, decision 022), on a
// real file database. Code checks run at a fixed clock, so window edges are exact.

let database: Database;
let db: Db;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
const SECRET = TEST_PERSONAS.totpSecret;
/** 10 s into a 30-second step. */
const T = new Date('2026-11-30T10:00:10Z');
const STEP = totpStep(T);

beforeAll(async () => {
	database = await freshDatabase();
	db = database.db;
	({ ids } = await createPersonas(db));
});

async function pendingFor(userId: string, now = T) {
	const token = generateSessionToken();
	await startPendingSignIn(db, userId, token, now);
	const pending = await findPendingSignIn(db, token, now);
	if (!pending) throw new Error('no pending sign-in');
	return pending;
}

async function auditActions(userId: string) {
	const rows = await db
		.select({ action: auditEvents.action, detail: auditEvents.detail })
		.from(auditEvents)
		.where(eq(auditEvents.recordId, userId));
	return rows;
}

let accounts = 0;
async function newUnitMember() {
	accounts += 1;
	const created = await createUser(db, {
		name: `New Unit ${accounts}`,
		email: `new-unit-${accounts}@example.org`,
		role: 'unit',
		password: PASSWORD,
		agencyId: null
	});
	if (!created) throw new Error('not created');
	return created;
}

describe('the code step, at a fixed clock', () => {
	it('accepts the right code once; a wrong code and the same code again are refused and audited', async () => {
		const code = totpCodeAt(SECRET, STEP);
		expect(await verifySecondFactor(db, await pendingFor(ids.uma), code, T)).toBe(true);
		const wrong = code === '000000' ? '111111' : '000000';
		expect(await verifySecondFactor(db, await pendingFor(ids.uma), wrong, T)).toBe(false);
		// The same code again, still inside its step: refused.
		expect(await verifySecondFactor(db, await pendingFor(ids.uma), code, T)).toBe(false);
		const refused = (await auditActions(ids.uma)).filter(
			(e) => e.action === 'auth.second_factor_refused'
		);
		expect(refused).toHaveLength(2);
		expect(refused[0]?.detail).toEqual({ kind: 'code' });
		expect(JSON.stringify(refused)).not.toContain(code);
	});

	it('accepts the step before and the step after, not two away, and never an older step than the last used', async () => {
		const pending = () => pendingFor(ids.ursula);
		expect(await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP - 2), T)).toBe(
			false
		);
		expect(await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP + 2), T)).toBe(
			false
		);
		expect(await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP - 1), T)).toBe(
			true
		);
		expect(await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP + 1), T)).toBe(
			true
		);
		// After the next step's code, the current one is older than the last used: refused.
		expect(await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP), T)).toBe(false);
		// A step's first and last millisecond: the edges of the window move with the clock.
		const stepStart = new Date(STEP * 30_000);
		const stepEnd = new Date(STEP * 30_000 + 29_999);
		expect(
			await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP + 2), stepStart)
		).toBe(false);
		const later = new Date((STEP + 1) * 30_000);
		expect(await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP + 2), later)).toBe(
			true
		);
		expect(
			await verifySecondFactor(db, await pending(), totpCodeAt(SECRET, STEP + 3), stepEnd)
		).toBe(false);
	});

	it('lets one of ten parallel uses of the same code through', async () => {
		const pendings = await Promise.all(Array.from({ length: 10 }, () => pendingFor(ids.chris)));
		const code = totpCodeAt(SECRET, STEP);
		const results = await Promise.all(pendings.map((p) => verifySecondFactor(db, p, code, T)));
		expect(results.filter(Boolean)).toHaveLength(1);
	});

	it('is no longer offered once the pending sign-in has expired', async () => {
		const token = generateSessionToken();
		await startPendingSignIn(db, ids.ada, token, T);
		expect(await findPendingSignIn(db, token, T)).not.toBeNull();
		const after = new Date(T.getTime() + PENDING_SIGN_IN_LIFETIME_MS);
		expect(await findPendingSignIn(db, token, after)).toBeNull();
	});
});

describe('enrolment and recovery codes', () => {
	it('shows a QR code and the secret, confirms with one code, and gives ten recovery codes stored hashed', async () => {
		const person = await newUnitMember();
		const jar = new TestCookieJar();
		const anonymous = await callerFor(db, jar);
		const first = await anonymous.auth.signIn({ email: person.email, password: PASSWORD });
		expect(first).toMatchObject({ home: ENROL_PAGE, secondFactor: 'enrol' });
		expect(jar.token).toBeNull();
		const enrolment = await anonymous.auth.enrolment();
		expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
		const secret = enrolment.secretText.replace(/ /g, '');
		expect(secret).toMatch(/^[A-Z2-7]{32}$/);
		const right = totpCodeAt(secret, totpStep(new Date()));
		const wrong = right === '000000' ? '111111' : '000000';
		await expectProblem(anonymous.auth.confirmEnrolment({ code: wrong }), 'SECOND_FACTOR_REFUSED');
		expect(jar.token).toBeNull();
		await expectProblem(anonymous.auth.confirmEnrolment({ code: 'abc' }), 'INVALID_INPUT');
		const done = await anonymous.auth.confirmEnrolment({ code: right });
		expect(done.home).toBe('/unit/queue');
		expect(jar.token).not.toBeNull();
		expect(done.recoveryCodes).toHaveLength(10);
		expect(new Set(done.recoveryCodes).size).toBe(10);
		const [factor] = await db
			.select()
			.from(secondFactors)
			.where(eq(secondFactors.userId, person.id));
		// Sealed, not in the clear.
		expect(factor?.secretSealed.startsWith('v1.')).toBe(true);
		expect(factor?.secretSealed).not.toContain(secret);
		const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id));
		expect(stored).toHaveLength(10);
		for (const code of done.recoveryCodes) {
			expect(JSON.stringify(stored)).not.toContain(code.replace(/-/g, ''));
		}
		const actions = (await auditActions(person.id)).map((e) => e.action);
		expect(actions).toContain('auth.second_factor_enrolled');
		expect(actions).toContain('auth.second_factor_refused');
		// The next sign-in asks for a code, not enrolment.
		const again = await (
			await callerFor(db, new TestCookieJar())
		).auth.signIn({
			email: person.email,
			password: PASSWORD
		});
		expect(again).toMatchObject({ home: CODE_PAGE, secondFactor: 'code' });
	});

	it('takes a recovery code in place of a code exactly once, even ten times at once', async () => {
		const person = await newUnitMember();
		const pending = await pendingFor(person.id);
		const codes = await confirmEnrolment(
			db,
			pending,
			totpCodeAt(pending.enrolmentSecret!, STEP),
			T
		);
		expect(codes).toHaveLength(10);
		const [code, other] = codes!;
		const pendings = await Promise.all(Array.from({ length: 10 }, () => pendingFor(person.id)));
		const results = await Promise.all(pendings.map((p) => verifySecondFactor(db, p, code!, T)));
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await verifySecondFactor(db, await pendingFor(person.id), code!, T)).toBe(false);
		// Typed without dashes and in capitals, another one works.
		const typed = other!.replace(/-/g, '').toUpperCase();
		const jar = new TestCookieJar();
		const caller = await callerFor(db, jar);
		await caller.auth.signIn({ email: person.email, password: PASSWORD });
		await caller.auth.secondFactor({ code: typed });
		expect(jar.token).not.toBeNull();
		const used = (await auditActions(person.id)).filter(
			(e) => e.action === 'auth.recovery_code_used'
		);
		expect(used).toHaveLength(2);
		const left = await db
			.select()
			.from(recoveryCodes)
			.where(and(eq(recoveryCodes.userId, person.id)));
		expect(left.filter((r) => r.usedAt === null)).toHaveLength(8);
	});
});

describe('the pending sign-in', () => {
	it('is not a session: no procedure accepts it, only the code step', async () => {
		const jar = new TestCookieJar();
		const anonymous = await callerFor(db, jar);
		const result = await anonymous.auth.signIn({ email: PERSONAS.chris.email, password: PASSWORD });
		expect(result).toMatchObject({ home: CODE_PAGE, secondFactor: 'code' });
		expect(jar.token).toBeNull();
		expect(jar.pendingToken).not.toBeNull();
		expect(await db.select().from(sessions).where(eq(sessions.userId, ids.chris))).toHaveLength(0);
		// The pending cookie alone, and its token presented as a session, are both refused.
		const pendingOnly = await callerFor(db, jar);
		await expectProblem(pendingOnly.auth.me(), 'UNAUTHENTICATED');
		await expectProblem(pendingOnly.triage.queue({}), 'UNAUTHENTICATED');
		const asSession = new TestCookieJar();
		asSession.set(jar.pendingToken!, new Date(Date.now() + 60_000));
		const forged = await callerFor(db, asSession);
		await expectProblem(forged.auth.me(), 'SESSION_EXPIRED');
		await expectProblem(forged.triage.queue({}), 'SESSION_EXPIRED');
		// The code step, with a session cookie from nobody, still needs the pending cookie.
		await expectProblem(
			(await callerFor(db, new TestCookieJar())).auth.secondFactor({ code: '123456' }),
			'SECOND_FACTOR_TIMED_OUT'
		);
		const pendingId = sessionIdFromToken(jar.pendingToken!);
		await passSecondFactor(db, jar, result);
		expect(jar.token).not.toBeNull();
		expect(jar.pendingToken).toBeNull();
		expect((await (await callerFor(db, jar)).auth.me()).role).toBe('chair');
		expect(
			await db.select().from(pendingSignIns).where(eq(pendingSignIns.id, pendingId))
		).toHaveLength(0);
	});

	it('counts wrong codes against the sign-in limit, so guessing codes is bounded too', async () => {
		const jar = new TestCookieJar();
		const caller = await callerFor(db, jar, '203.0.113.9');
		await caller.auth.signIn({ email: PERSONAS.ada.email, password: PASSWORD });
		const right = totpCodeAt(SECRET, totpStep(new Date()));
		const wrong = right === '000000' ? '111111' : '000000';
		// The password took one attempt of the pair's limit; the codes take the rest.
		for (let i = 1; i < PAIR_ATTEMPT_LIMIT; i++) {
			await expectProblem(caller.auth.secondFactor({ code: wrong }), 'SECOND_FACTOR_REFUSED');
		}
		await expectProblem(caller.auth.secondFactor({ code: right }), 'SIGN_IN_RATE_LIMITED');
		expect(jar.token).toBeNull();
	});

	it('practitioners and agencies sign in with their password alone', async () => {
		const jar = new TestCookieJar();
		const result = await (
			await callerFor(db, jar)
		).auth.signIn({
			email: PERSONAS.priya.email,
			password: PASSWORD
		});
		expect(result.secondFactor).toBeNull();
		expect(jar.token).not.toBeNull();
		expect(jar.pendingToken).toBeNull();
	});
});

describe('an administrator resetting a second factor', () => {
	it('removes the factor and recovery codes, ends the sessions, and the person enrols again', async () => {
		const person = await newUnitMember();
		const jar = new TestCookieJar();
		const caller = await callerFor(db, jar);
		await passSecondFactor(
			db,
			jar,
			await caller.auth.signIn({ email: person.email, password: PASSWORD })
		);
		expect(jar.token).not.toBeNull();
		const admin = await signedIn(db, 'ada');
		const unit = await signedIn(db, 'uma');
		await expectProblem(
			unit.caller.admin.resetSecondFactor({ userId: person.id }),
			'FORBIDDEN_ROLE'
		);
		await expectProblem(
			admin.caller.admin.resetSecondFactor({ userId: ids.ada }),
			'CANNOT_CHANGE_OWN_ACCOUNT'
		);
		await expectProblem(
			admin.caller.admin.resetSecondFactor({ userId: '00000000-0000-4000-8000-000000000000' }),
			'NOT_FOUND'
		);
		expect(await admin.caller.admin.resetSecondFactor({ userId: person.id })).toEqual({
			sessionsEnded: 1
		});
		await expectProblem((await callerFor(db, jar)).auth.me(), 'SESSION_REVOKED');
		expect(
			await db.select().from(secondFactors).where(eq(secondFactors.userId, person.id))
		).toHaveLength(0);
		expect(
			await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id))
		).toHaveLength(0);
		const [reset] = (await auditActions(person.id)).filter(
			(e) => e.action === 'user.second_factor_reset'
		);
		expect(reset?.detail).toEqual({ hadFactor: true, passkeysRemoved: 0, sessionsEnded: 1 });
		const again = await (
			await callerFor(db, new TestCookieJar())
		).auth.signIn({
			email: person.email,
			password: PASSWORD
		});
		expect(again.secondFactor).toBe('enrol');
		expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
	});
});
