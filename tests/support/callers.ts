import { createCaller } from '$lib/server/trpc/root';
import type { Context, SessionCookieJar } from '$lib/server/trpc/trpc';
import type { Db } from '$lib/server/db';
import { sessionIdFromToken, validateSessionToken } from '$lib/server/auth/session';
import { eq } from 'drizzle-orm';
import { PASSWORD, PERSONAS, type PersonaName } from './factories';
import { pendingSignIns, secondFactors, users } from '$lib/server/db/schema';
import { TEST_PERSONAS } from '$lib/server/services/users/personas';
import { TOTP_WINDOW_STEPS, totpCodeAt, totpStep } from '$lib/domain/second-factor';

/** Records what the procedures set, like a browser's cookie store. */
export class TestCookieJar implements SessionCookieJar {
	token: string | null = null;
	expiresAt: Date | null = null;
	set(token: string, expiresAt: Date) {
		this.token = token;
		this.expiresAt = expiresAt;
	}
	clear() {
		this.token = null;
		this.expiresAt = null;
	}
	pendingToken: string | null = null;
	setPending(token: string) {
		this.pendingToken = token;
	}
	pending() {
		return this.pendingToken;
	}
	clearPending() {
		this.pendingToken = null;
	}
}

/**
 * A caller as the server would build it for this cookie jar and client address: the session is
 * validated (at `now`, to simulate time passing) and a refusal's reason is passed on, as the
 * hook does with `locals.sessionProblem`.
 */
export async function callerFor(
	db: Db,
	jar = new TestCookieJar(),
	clientAddress = '192.0.2.1',
	now = new Date()
) {
	let ctx: Context = { db, user: null, session: null, clientAddress, cookies: jar };
	if (jar.token) {
		const v = await validateSessionToken(db, jar.token, now);
		ctx = { ...ctx, user: v.user, session: v.session, sessionProblem: v.problem };
	}
	return createCaller(ctx);
}

/**
 * Signs a persona in through the real procedures and returns a caller with their session. The
 * Unit, the Chair and administrators then give the code of the published test secret, as their
 * authenticator app would (decision 022).
 */
export async function signedIn(db: Db, persona: PersonaName) {
	const jar = new TestCookieJar();
	const anonymous = await callerFor(db, jar);
	const result = await anonymous.auth.signIn({
		email: PERSONAS[persona].email,
		password: PASSWORD
	});
	await passSecondFactor(db, jar, result);
	return { caller: await callerFor(db, jar), jar };
}

/**
 * The code step after a right password, if the role has one: the published test secret's code,
 * or, for an account with no factor yet, enrolment with a code of the secret the page shows.
 * Answers the sign-in's final result (where the person goes next).
 */
export async function passSecondFactor<R extends { home: string; secondFactor: string | null }>(
	db: Db,
	jar: TestCookieJar,
	result: R,
	clientAddress = '192.0.2.1'
): Promise<{ home: string; recoveryCodes?: string[] }> {
	if (!result.secondFactor) return result;
	const caller = await callerFor(db, jar, clientAddress);
	const [pending] = await db
		.select({ email: users.email })
		.from(pendingSignIns)
		.innerJoin(users, eq(users.id, pendingSignIns.userId))
		.where(eq(pendingSignIns.id, sessionIdFromToken(jar.pendingToken ?? '')));
	if (!pending) throw new Error('no pending sign-in for this cookie jar');
	if (result.secondFactor === 'code') {
		return caller.auth.secondFactor({ code: await unusedTotpCode(db, pending.email) });
	}
	// The secret is remembered, as the person's app would, for their later sign-ins.
	const secret = (await caller.auth.enrolment()).secretText.replace(/ /g, '');
	enrolledSecrets.set(pending.email, secret);
	const code = totpCodeAt(secret, totpStep(new Date()));
	return caller.auth.confirmEnrolment({ code });
}

/** Secrets of accounts the tests enrolled through the enrolment page, by email. */
const enrolledSecrets = new Map<string, string>();

/**
 * A code of the published test secret that the account has not used yet: the oldest step in the
 * window after the last one accepted. Tests sign the same person in many times a minute, faster
 * than an app shows new codes; when the window's codes are spent, the replay guard is moved back
 * as the passing of 30 seconds would. Tests of the guard itself (second-factor.test.ts) do not
 * use this helper.
 */
export async function unusedTotpCode(db: Db, email: string, now = new Date()): Promise<string> {
	const [factor] = await db
		.select({ userId: secondFactors.userId, last: secondFactors.lastUsedStep })
		.from(secondFactors)
		.innerJoin(users, eq(users.id, secondFactors.userId))
		.where(eq(users.email, email));
	if (!factor) throw new Error(`${email} has no second factor`);
	const current = totpStep(now);
	let step = Math.max(current - TOTP_WINDOW_STEPS, (factor.last ?? -Infinity) + 1);
	if (step > current + TOTP_WINDOW_STEPS) {
		await db
			.update(secondFactors)
			.set({ lastUsedStep: null })
			.where(eq(secondFactors.userId, factor.userId));
		step = current - TOTP_WINDOW_STEPS;
	}
	return totpCodeAt(enrolledSecrets.get(email) ?? TEST_PERSONAS.totpSecret, step);
}
