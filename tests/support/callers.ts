import { createCaller } from '$lib/server/trpc/root';
import type { Context, SessionCookieJar } from '$lib/server/trpc/trpc';
import type { Db } from '$lib/server/db';
import { validateSessionToken } from '$lib/server/auth/session';
import { PASSWORD, PERSONAS, type PersonaName } from './factories';

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

/** Signs a persona in through the real procedure and returns a caller with their session. */
export async function signedIn(db: Db, persona: PersonaName) {
	const jar = new TestCookieJar();
	const anonymous = await callerFor(db, jar);
	await anonymous.auth.signIn({ email: PERSONAS[persona].email, password: PASSWORD });
	return { caller: await callerFor(db, jar), jar };
}
