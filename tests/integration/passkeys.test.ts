import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS, type PersonaName } from '../support/factories';
import { callerFor, signedIn, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { SoftwareAuthenticator } from '../support/software-authenticator';
import type { Database, Db } from '$lib/server/db';
import { auditEvents, passkeys, sessions, webauthnChallenges } from '$lib/server/db/schema';
import { PAIR_ATTEMPT_LIMIT } from '$lib/server/auth/sign-in-throttle';
import { CHALLENGE_LIFETIME_MS, spendChallenge } from '$lib/server/services/users/passkeys';
import { verifyAuditChain } from '$lib/server/services/audit';
import { HOME_BY_ROLE } from '$lib/domain/roles';
import { CODE_PAGE } from '$lib/domain/second-factor';

// Passkeys (issue 15, decision 023) through the real router on a real database, answered by a
// software authenticator with a real P-256 key: SimpleWebAuthn verifies every signature for real.

const ORIGIN = 'https://safeguard.example.org';
let database: Database;
let db: Db;
let ids: Record<PersonaName, string>;

beforeAll(async () => {
	vi.stubEnv('ORIGIN', ORIGIN);
	database = await freshDatabase();
	db = database.db;
	({ ids } = await createPersonas(db));
});
afterAll(() => {
	vi.unstubAllEnvs();
});

/** Adds a passkey to a persona's account from the account page's procedures. */
async function addPasskey(persona: PersonaName, name = 'My phone') {
	const { caller } = await signedIn(db, persona);
	const authenticator = new SoftwareAuthenticator(ORIGIN);
	const options = await caller.passkeys.registrationOptions();
	await caller.passkeys.register({ name, response: authenticator.register(options) });
	return { authenticator, caller };
}

/** "Sign in with a passkey" from a new browser (its own cookie jar and address). */
async function passkeySignIn(
	authenticator: SoftwareAuthenticator,
	bend: Parameters<SoftwareAuthenticator['authenticate']>[1] = {},
	address = '192.0.2.50'
) {
	const jar = new TestCookieJar();
	const anonymous = await callerFor(db, jar, address);
	const options = await anonymous.auth.passkeySignInOptions();
	const response = authenticator.authenticate(options, bend);
	return { jar, anonymous, options, response, result: anonymous.auth.passkeySignIn({ response }) };
}

async function actions(userId: string) {
	const rows = await db
		.select({ action: auditEvents.action, detail: auditEvents.detail })
		.from(auditEvents)
		.where(eq(auditEvents.recordId, userId));
	return rows;
}

describe('adding and removing passkeys on one’s own account', () => {
	it('a practitioner adds a passkey: it is listed by name, stored with its public key only, and audited', async () => {
		const { caller } = await addPasskey('pete', 'Work laptop');
		const list = await caller.passkeys.list();
		expect(list.map((p) => p.name)).toEqual(['Work laptop']);
		const [row] = await db.select().from(passkeys).where(eq(passkeys.userId, ids.pete));
		expect(row?.publicKey.length).toBeGreaterThan(50);
		expect(row?.counter).toBe(0);
		expect((await actions(ids.pete)).map((a) => a.action)).toContain('user.passkey_added');
	});

	it('a registration answered for another origin, or to another person’s challenge, is refused and stores nothing', async () => {
		const { caller } = await signedIn(db, 'priya');
		const authenticator = new SoftwareAuthenticator(ORIGIN);
		const options = await caller.passkeys.registrationOptions();
		await expectProblem(
			caller.passkeys.register({
				name: 'Phone',
				response: authenticator.register(options, { origin: 'https://evil.example' })
			}),
			'PASSKEY_REFUSED'
		);
		// The challenge was spent by that failure: the right answer to it is refused too.
		await expectProblem(
			caller.passkeys.register({ name: 'Phone', response: authenticator.register(options) }),
			'PASSKEY_REFUSED'
		);
		const other = await signedIn(db, 'agnes');
		const theirs = await other.caller.passkeys.registrationOptions();
		await expectProblem(
			caller.passkeys.register({ name: 'Phone', response: authenticator.register(theirs) }),
			'PASSKEY_REFUSED'
		);
		expect(await db.select().from(passkeys).where(eq(passkeys.userId, ids.priya))).toEqual([]);
	});

	it('a name is required and bounded, and the answer is bounded, before anything is stored', async () => {
		const { caller } = await signedIn(db, 'priya');
		const authenticator = new SoftwareAuthenticator(ORIGIN);
		const options = await caller.passkeys.registrationOptions();
		const error = await expectProblem(
			caller.passkeys.register({ name: '  ', response: authenticator.register(options) }),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(error)).toContain('Enter a name for this passkey');
		const huge = authenticator.register(options);
		huge.response.attestationObject = 'A'.repeat(40_000);
		await expectProblem(caller.passkeys.register({ name: 'x', response: huge }), 'INVALID_INPUT');
	});

	it('removing a passkey stops it signing in; someone else’s passkey answers as not found', async () => {
		const { authenticator, caller } = await addPasskey('agnes', 'Old key');
		const [mine] = await caller.passkeys.list();
		const { caller: other } = await signedIn(db, 'priya');
		await expectProblem(other.passkeys.remove({ passkeyId: mine!.id }), 'NOT_FOUND');
		await caller.passkeys.remove({ passkeyId: mine!.id });
		expect(await caller.passkeys.list()).toEqual([]);
		await expectProblem((await passkeySignIn(authenticator)).result, 'PASSKEY_REFUSED');
		expect((await actions(ids.agnes)).map((a) => a.action)).toContain('user.passkey_removed');
	});
});

describe('signing in with a passkey and no password', () => {
	it('a practitioner signs in with their passkey: a session, the use audited', async () => {
		const { authenticator } = await addPasskey('priya', 'Phone');
		const { jar, result } = await passkeySignIn(authenticator);
		expect((await result).home).toBe(HOME_BY_ROLE.practitioner);
		expect(jar.token).not.toBeNull();
		const me = await (await callerFor(db, jar)).auth.me();
		expect(me.id).toBe(ids.priya);
		const audited = await actions(ids.priya);
		expect(audited.map((a) => a.action)).toContain('auth.passkey_used');
		expect(audited.find((a) => a.action === 'auth.sign_in' && a.detail)?.detail).toMatchObject({
			passkey: true
		});
		await db.delete(passkeys).where(eq(passkeys.userId, ids.priya));
	});

	it('the Unit signs in with a passkey alone: it is both factors, so no code step follows', async () => {
		const { authenticator } = await addPasskey('uma');
		const { jar, result } = await passkeySignIn(authenticator);
		const signedInResult = await result;
		expect(signedInResult.home).toBe(HOME_BY_ROLE.unit);
		expect(signedInResult.home).not.toBe(CODE_PAGE);
		expect((await (await callerFor(db, jar)).auth.me()).id).toBe(ids.uma);
	});

	it('without user verification (no PIN or biometric), a passkey alone does not sign in', async () => {
		const { authenticator } = await addPasskey('ursula');
		const { jar, result } = await passkeySignIn(authenticator, { userVerified: false });
		await expectProblem(result, 'PASSKEY_REFUSED');
		expect(jar.token).toBeNull();
	});

	it('a challenge works once: the same answer replayed is refused', async () => {
		const { authenticator } = await addPasskey('chris');
		const first = await passkeySignIn(authenticator);
		await first.result;
		const again = await callerFor(db, new TestCookieJar(), '192.0.2.51');
		await expectProblem(again.auth.passkeySignIn({ response: first.response }), 'PASSKEY_REFUSED');
	});

	it('ten copies of one answer sent at the same moment make exactly one session', async () => {
		const { authenticator } = await addPasskey('ada');
		const anonymous = await callerFor(db, new TestCookieJar(), '192.0.2.52');
		const options = await anonymous.auth.passkeySignInOptions();
		const response = authenticator.authenticate(options);
		const before = await db.select().from(sessions).where(eq(sessions.userId, ids.ada));
		const jars = Array.from({ length: 10 }, () => new TestCookieJar());
		const outcomes = await Promise.allSettled(
			jars.map(async (jar) =>
				(await callerFor(db, jar, '192.0.2.52')).auth.passkeySignIn({ response })
			)
		);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		const after = await db.select().from(sessions).where(eq(sessions.userId, ids.ada));
		expect(after.length - before.length).toBe(1);
		// The challenge row says it was used.
		const [challenge] = await db
			.select()
			.from(webauthnChallenges)
			.where(eq(webauthnChallenges.challenge, options.challenge));
		expect(challenge?.usedAt).not.toBeNull();
	});

	it('a challenge spent by one conditional update: of two spends at once exactly one wins', async () => {
		const anonymous = await callerFor(db, new TestCookieJar(), '192.0.2.53');
		const { challenge } = await anonymous.auth.passkeySignInOptions();
		const spends = await Promise.all(
			Array.from({ length: 8 }, () => spendChallenge(db, challenge, 'sign_in', null))
		);
		expect(spends.filter(Boolean)).toHaveLength(1);
	});

	it('an expired challenge, one never issued, and one issued for the second factor are refused', async () => {
		const { authenticator } = await addPasskey('pete', 'Second');
		const anonymous = await callerFor(db, new TestCookieJar(), '192.0.2.54');
		const options = await anonymous.auth.passkeySignInOptions();
		const later = new Date(Date.now() + CHALLENGE_LIFETIME_MS + 1000);
		expect(await spendChallenge(db, options.challenge, 'sign_in', null, later)).toBe(false);
		await expectProblem(
			anonymous.auth.passkeySignIn({
				response: authenticator.authenticate(options, { challenge: 'bm90LWlzc3VlZC1ieS11cw' })
			}),
			'PASSKEY_REFUSED'
		);
		// A second-factor challenge is bound to its purpose and person.
		await db.insert(webauthnChallenges).values({
			challenge: 'c2Vjb25kLWZhY3Rvci1vbmx5',
			purpose: 'second_factor',
			userId: ids.pete,
			expiresAt: later
		});
		await expectProblem(
			anonymous.auth.passkeySignIn({
				response: authenticator.authenticate(options, { challenge: 'c2Vjb25kLWZhY3Rvci1vbmx5' })
			}),
			'PASSKEY_REFUSED'
		);
	});

	it('an answer made for another origin or another site’s RP ID is refused', async () => {
		const { authenticator } = await addPasskey('agnes', 'Key two');
		await expectProblem(
			(await passkeySignIn(authenticator, { origin: 'https://evil.example' })).result,
			'PASSKEY_REFUSED'
		);
		await expectProblem(
			(await passkeySignIn(authenticator, { rpId: 'evil.example' })).result,
			'PASSKEY_REFUSED'
		);
		// The right answer still works afterwards.
		expect((await (await passkeySignIn(authenticator)).result).home).toBe(HOME_BY_ROLE.agency);
	});

	it('an unknown credential is refused and audited without naming anyone', async () => {
		const stranger = new SoftwareAuthenticator(ORIGIN);
		await expectProblem((await passkeySignIn(stranger)).result, 'PASSKEY_REFUSED');
		const refused = await db
			.select({ actorId: auditEvents.actorId, detail: auditEvents.detail })
			.from(auditEvents)
			.where(eq(auditEvents.action, 'auth.passkey_refused'));
		expect(refused.some((r) => r.actorId === null)).toBe(true);
		expect(JSON.stringify(refused)).not.toContain(stranger.id);
	});

	it('a signature counter that does not move forward (a cloned authenticator) is refused', async () => {
		const { authenticator } = await addPasskey('pete', 'Counter');
		expect((await (await passkeySignIn(authenticator, { counter: 5 })).result).home).toBe(
			HOME_BY_ROLE.practitioner
		);
		await expectProblem(
			(await passkeySignIn(authenticator, { counter: 5 })).result,
			'PASSKEY_REFUSED'
		);
		await expectProblem(
			(await passkeySignIn(authenticator, { counter: 3 })).result,
			'PASSKEY_REFUSED'
		);
		const [row] = await db
			.select({ counter: passkeys.counter })
			.from(passkeys)
			.where(and(eq(passkeys.userId, ids.pete), eq(passkeys.credentialId, authenticator.id)));
		expect(row?.counter).toBe(5);
		const refusals = (await actions(ids.pete)).filter((a) => a.action === 'auth.passkey_refused');
		expect(refusals.some((r) => JSON.stringify(r.detail).includes('counter'))).toBe(true);
	});

	it('the sign-in limit holds in front of passkeys: past the pair’s attempts nothing is verified', async () => {
		const { authenticator } = await addPasskey('priya', 'Limit');
		const address = '192.0.2.99';
		for (let i = 0; i < PAIR_ATTEMPT_LIMIT; i++) {
			await expectProblem(
				(await passkeySignIn(authenticator, { origin: 'https://evil.example' }, address)).result,
				'PASSKEY_REFUSED'
			);
		}
		// Even a right answer is now refused before it is checked.
		await expectProblem(
			(await passkeySignIn(authenticator, {}, address)).result,
			'SIGN_IN_RATE_LIMITED'
		);
		// ...from that address only: the owner elsewhere signs in.
		expect((await (await passkeySignIn(authenticator, {}, '192.0.2.100')).result).home).toBe(
			HOME_BY_ROLE.practitioner
		);
	});

	it('a disabled account cannot sign in with its passkey', async () => {
		const { authenticator } = await addPasskey('ursula', 'Before leaving');
		const { caller: admin } = await signedIn(db, 'ada');
		await admin.admin.disableUser({ userId: ids.ursula });
		await expectProblem((await passkeySignIn(authenticator)).result, 'ACCOUNT_DISABLED');
		await admin.admin.enableUser({ userId: ids.ursula });
	});
});

describe('a passkey as the second factor after the password', () => {
	async function passwordStep(persona: PersonaName) {
		const jar = new TestCookieJar();
		const anonymous = await callerFor(db, jar, '192.0.2.60');
		const result = await anonymous.auth.signIn({
			email: PERSONAS[persona].email,
			password: PASSWORD
		});
		expect(result.home).toBe(CODE_PAGE);
		return { jar, caller: await callerFor(db, jar, '192.0.2.60') };
	}

	it('the Chair gives their passkey in place of a code: a session, audited as the second factor', async () => {
		const { authenticator } = await addPasskey('chris', 'Chair key');
		const { jar, caller } = await passwordStep('chris');
		expect((await caller.auth.passkeyCount()).count).toBeGreaterThan(0);
		const options = await caller.auth.passkeySecondFactorOptions();
		expect(options.allowCredentials?.map((c) => c.id)).toContain(authenticator.id);
		const result = await caller.auth.passkeySecondFactor({
			response: authenticator.authenticate(options)
		});
		expect(result.home).toBe(HOME_BY_ROLE.chair);
		expect(jar.pendingToken).toBeNull();
		expect((await (await callerFor(db, jar)).auth.me()).id).toBe(ids.chris);
		const used = (await actions(ids.chris)).filter((a) => a.action === 'auth.passkey_used');
		expect(used.some((u) => JSON.stringify(u.detail).includes('second_factor'))).toBe(true);
	});

	it('someone else’s passkey is refused at the second-factor step, and no step is skipped', async () => {
		const { authenticator: adas } = await addPasskey('ada', 'Ada key');
		await addPasskey('uma', 'Uma key two');
		const { jar, caller } = await passwordStep('uma');
		const options = await caller.auth.passkeySecondFactorOptions();
		await expectProblem(
			caller.auth.passkeySecondFactor({ response: adas.authenticate(options) }),
			'PASSKEY_REFUSED'
		);
		expect(jar.token).toBeNull();
		// Without a pending sign-in, nothing is offered.
		await expectProblem(
			(await callerFor(db, new TestCookieJar())).auth.passkeySecondFactorOptions(),
			'SECOND_FACTOR_TIMED_OUT'
		);
	});

	it('an administrator’s reset of the second factor removes the person’s passkeys too', async () => {
		const { authenticator } = await addPasskey('ursula', 'Lost phone');
		const { caller: admin } = await signedIn(db, 'ada');
		await admin.admin.resetSecondFactor({ userId: ids.ursula });
		expect(await db.select().from(passkeys).where(eq(passkeys.userId, ids.ursula))).toEqual([]);
		await expectProblem((await passkeySignIn(authenticator)).result, 'PASSKEY_REFUSED');
		const [reset] = (await actions(ids.ursula)).filter(
			(a) => a.action === 'user.second_factor_reset'
		);
		// Her three: the one refused without verification, "Before leaving" and "Lost phone".
		expect(reset?.detail).toMatchObject({ passkeysRemoved: 3 });
	});

	it('the audit chain is whole after all of it', async () => {
		expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
	});
});
