import { randomUUID } from 'node:crypto';
import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type AuthenticatorTransport,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import { and, asc, count, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { passkeys, pendingSignIns, users, webauthnChallenges } from '$lib/server/db/schema';
import { problem } from '$lib/server/infra/problem';
import type { RelyingParty } from '$lib/server/infra/relying-party';
import { auditBy, recordAudit, recordAuditBy, type Actor } from '$lib/server/services/audit';
import { PASSKEY_LIMIT } from '$lib/domain/passkeys';
import type { Role } from '$lib/domain/roles';

/*
 * Passkeys (WebAuthn, docs/decisions/023), with SimpleWebAuthn. The server keeps each credential's
 * public key and signature counter. Every ceremony starts with a challenge stored here with a
 * short life; the browser's answer carries it back inside clientDataJSON, and one conditional
 * UPDATE spends it before anything is verified, so a challenge works once even when two answers
 * arrive together, and a failed answer uses it up too.
 */

export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
export type ChallengePurpose = 'register' | 'sign_in' | 'second_factor';

async function issueChallenge(
	db: Db,
	challenge: string,
	purpose: ChallengePurpose,
	userId: string | null,
	now: Date
) {
	await db.transaction(async (tx) => {
		// Old challenges of anyone go as new ones come, so the table stays small.
		await tx.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
		await tx.insert(webauthnChallenges).values({
			challenge,
			purpose,
			userId,
			expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS)
		});
	});
}

/** The challenge inside a browser's clientDataJSON, or null if it cannot be read. */
export function challengeOf(clientDataJSON: string): string | null {
	try {
		const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as unknown;
		const challenge = (data as { challenge?: unknown } | null)?.challenge;
		return typeof challenge === 'string' && challenge.length <= 512 ? challenge : null;
	} catch {
		return null;
	}
}

/**
 * Spends a challenge: one conditional UPDATE that succeeds only for an unused, unexpired
 * challenge issued for this purpose (and this person, where it was issued to one).
 */
export async function spendChallenge(
	db: Db,
	challenge: string,
	purpose: ChallengePurpose,
	userId: string | null,
	now = new Date()
): Promise<boolean> {
	const spent = await db
		.update(webauthnChallenges)
		.set({ usedAt: now })
		.where(
			and(
				eq(webauthnChallenges.challenge, challenge),
				eq(webauthnChallenges.purpose, purpose),
				userId === null ? isNull(webauthnChallenges.userId) : eq(webauthnChallenges.userId, userId),
				isNull(webauthnChallenges.usedAt),
				gt(webauthnChallenges.expiresAt, now)
			)
		)
		.returning({ challenge: webauthnChallenges.challenge });
	return spent.length === 1;
}

export interface PasskeySummary {
	id: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

export async function listPasskeys(db: Db, userId: string): Promise<PasskeySummary[]> {
	return db
		.select({
			id: passkeys.id,
			name: passkeys.name,
			createdAt: passkeys.createdAt,
			lastUsedAt: passkeys.lastUsedAt
		})
		.from(passkeys)
		.where(eq(passkeys.userId, userId))
		.orderBy(asc(passkeys.createdAt));
}

export async function passkeyCount(db: Db, userId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId));
	return row?.n ?? 0;
}

async function credentialsOf(db: Db, userId: string) {
	const rows = await db
		.select({ id: passkeys.credentialId, transports: passkeys.transports })
		.from(passkeys)
		.where(eq(passkeys.userId, userId));
	return rows.map((r) => ({
		id: r.id,
		transports: (r.transports ?? undefined) as AuthenticatorTransport[] | undefined
	}));
}

/**
 * The options for adding a passkey to one's own account. Discoverable ("resident") credentials
 * with user verification, so the same passkey can sign in without a password.
 */
export async function passkeyRegistrationOptions(
	db: Db,
	user: { id: string; email: string; name: string },
	rp: RelyingParty,
	now = new Date()
) {
	if ((await passkeyCount(db, user.id)) >= PASSKEY_LIMIT) {
		throw problem('INVALID_INPUT', {
			name: `You have ${PASSKEY_LIMIT} passkeys already. Remove one before adding another.`
		});
	}
	const options = await generateRegistrationOptions({
		rpName: rp.name,
		rpID: rp.id,
		userName: user.email,
		userDisplayName: user.name,
		userID: new TextEncoder().encode(user.id),
		attestationType: 'none',
		excludeCredentials: await credentialsOf(db, user.id),
		authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
		timeout: CHALLENGE_LIFETIME_MS
	});
	await issueChallenge(db, options.challenge, 'register', user.id, now);
	return options;
}

/** Verifies a new passkey's answer and stores it; audited. PASSKEY_REFUSED if anything is off. */
export async function registerPasskey(
	db: Db,
	user: Actor,
	name: string,
	response: RegistrationResponseJSON,
	rp: RelyingParty,
	now = new Date()
): Promise<{ id: string }> {
	const challenge = challengeOf(response.response.clientDataJSON);
	if (!challenge || !(await spendChallenge(db, challenge, 'register', user.id, now))) {
		throw problem('PASSKEY_REFUSED');
	}
	const verification = await verifyRegistrationResponse({
		response,
		expectedChallenge: challenge,
		expectedOrigin: rp.origin,
		expectedRPID: rp.id,
		requireUserVerification: true
	}).catch(() => null);
	if (!verification?.verified) throw problem('PASSKEY_REFUSED');
	const { credential } = verification.registrationInfo;
	const id = randomUUID();
	await db.transaction(async (tx) => {
		const [held] = await tx
			.select({ n: count() })
			.from(passkeys)
			.where(eq(passkeys.userId, user.id));
		if ((held?.n ?? 0) >= PASSKEY_LIMIT) throw problem('PASSKEY_REFUSED');
		const added = await tx
			.insert(passkeys)
			.values({
				id,
				userId: user.id,
				credentialId: credential.id,
				publicKey: Buffer.from(credential.publicKey).toString('base64url'),
				counter: credential.counter,
				transports: credential.transports ?? null,
				name,
				createdAt: now
			})
			// The same authenticator registered twice (the browser should have refused it).
			.onConflictDoNothing()
			.returning({ id: passkeys.id });
		if (added.length === 0) throw problem('PASSKEY_REFUSED');
		await recordAuditBy(tx, user, now, {
			action: 'user.passkey_added',
			recordType: 'user',
			recordId: user.id,
			detail: { passkeyId: id }
		});
	});
	return { id };
}

/** Removes one of one's own passkeys; someone else's answers as not found. Audited. */
export async function removePasskey(db: Db, user: Actor, passkeyId: string, now = new Date()) {
	await db.transaction(async (tx) => {
		const removed = await tx
			.delete(passkeys)
			.where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, user.id)))
			.returning({ id: passkeys.id });
		if (removed.length === 0) throw problem('NOT_FOUND');
		await recordAuditBy(tx, user, now, {
			action: 'user.passkey_removed',
			recordType: 'user',
			recordId: user.id,
			detail: { passkeyId }
		});
	});
}

/**
 * Options to sign in with a passkey and no password: any discoverable passkey of this site, with
 * user verification required (the passkey is then both factors: the device and its PIN or
 * biometric).
 */
export async function passkeySignInOptions(db: Db, rp: RelyingParty, now = new Date()) {
	const options = await generateAuthenticationOptions({
		rpID: rp.id,
		userVerification: 'required',
		timeout: CHALLENGE_LIFETIME_MS
	});
	await issueChallenge(db, options.challenge, 'sign_in', null, now);
	return options;
}

/** Options for the second-factor step: only the pending person's own passkeys. */
export async function passkeySecondFactorOptions(
	db: Db,
	userId: string,
	rp: RelyingParty,
	now = new Date()
) {
	const allowCredentials = await credentialsOf(db, userId);
	if (allowCredentials.length === 0) throw problem('PASSKEY_REFUSED');
	const options = await generateAuthenticationOptions({
		rpID: rp.id,
		allowCredentials,
		userVerification: 'preferred',
		timeout: CHALLENGE_LIFETIME_MS
	});
	await issueChallenge(db, options.challenge, 'second_factor', userId, now);
	return options;
}

export interface PasskeyOwner {
	id: string;
	email: string;
	name: string;
	role: Role;
	mustChangePassword: boolean;
	disabledAt: Date | null;
}

/** Whose passkey a credential id is, if anyone's (to count the attempt against that account). */
export async function passkeyOwner(db: Db, credentialId: string): Promise<PasskeyOwner | null> {
	const [row] = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			role: users.role,
			mustChangePassword: users.mustChangePassword,
			disabledAt: users.disabledAt
		})
		.from(passkeys)
		.innerJoin(users, eq(users.id, passkeys.userId))
		.where(eq(passkeys.credentialId, credentialId));
	return row ?? null;
}

export type PasskeyRefusal = 'challenge' | 'unknown_credential' | 'signature' | 'counter';

/**
 * Checks a passkey's answer: the challenge spent first (for this purpose, and for this person at
 * the second-factor step), then the credential found (the person's own, at that step), then the
 * signature, origin, RP ID and user verification, then the counter moved on by one conditional
 * UPDATE from the value that was checked, so two answers with the same counter cannot both pass.
 * At the second-factor step the pending sign-in is used up in the same write.
 */
export async function verifyPasskeyAnswer(
	db: Db,
	input: {
		purpose: 'sign_in' | 'second_factor';
		response: AuthenticationResponseJSON;
		rp: RelyingParty;
		/** The second-factor step: the pending person and their pending sign-in. */
		pending?: { userId: string; id: string };
	},
	now = new Date()
): Promise<
	{ ok: true; passkeyId: string; userId: string } | { ok: false; reason: PasskeyRefusal }
> {
	const { purpose, response, rp, pending } = input;
	const challenge = challengeOf(response.response.clientDataJSON);
	if (!challenge || !(await spendChallenge(db, challenge, purpose, pending?.userId ?? null, now))) {
		return { ok: false, reason: 'challenge' };
	}
	const [row] = await db
		.select()
		.from(passkeys)
		.where(
			pending
				? and(eq(passkeys.credentialId, response.id), eq(passkeys.userId, pending.userId))
				: eq(passkeys.credentialId, response.id)
		);
	if (!row) return { ok: false, reason: 'unknown_credential' };
	const verification = await verifyAuthenticationResponse({
		response,
		expectedChallenge: challenge,
		expectedOrigin: rp.origin,
		expectedRPID: rp.id,
		credential: {
			id: row.credentialId,
			publicKey: new Uint8Array(Buffer.from(row.publicKey, 'base64url')),
			counter: row.counter,
			transports: row.transports ?? undefined
		},
		// Without a password, the passkey must have checked its owner (PIN or biometric).
		requireUserVerification: purpose === 'sign_in'
	}).catch((error: unknown) => {
		// SimpleWebAuthn refuses a counter that did not move forward with this message.
		const message = error instanceof Error ? error.message : '';
		return /counter/i.test(message) ? ('counter' as const) : null;
	});
	if (verification === 'counter') return { ok: false, reason: 'counter' };
	if (!verification?.verified) return { ok: false, reason: 'signature' };
	const { newCounter } = verification.authenticationInfo;
	const outcome = await db
		.transaction(async (tx) => {
			const moved = await tx
				.update(passkeys)
				.set({ counter: newCounter, lastUsedAt: now })
				.where(and(eq(passkeys.id, row.id), eq(passkeys.counter, row.counter)))
				.returning({ id: passkeys.id });
			if (moved.length === 0) return 'counter' as const;
			if (pending) {
				const used = await tx
					.delete(pendingSignIns)
					.where(eq(pendingSignIns.id, pending.id))
					.returning({ id: pendingSignIns.id });
				// The pending sign-in was used meanwhile: undo the counter by failing the write.
				if (used.length === 0) throw new PendingAlreadyUsed();
			}
			return 'accepted' as const;
		})
		.catch((error: unknown) => {
			if (error instanceof PendingAlreadyUsed) return 'challenge' as const;
			throw error;
		});
	if (outcome !== 'accepted') return { ok: false, reason: outcome };
	return { ok: true, passkeyId: row.id, userId: row.userId };
}

class PendingAlreadyUsed extends Error {}

/** Audits a passkey's use or refusal at sign-in (never the credential or the answer itself). */
export async function auditPasskeyUse(
	db: Db,
	user: Actor | null,
	outcome: { used: string } | { refused: PasskeyRefusal | 'disabled' },
	step: 'sign_in' | 'second_factor',
	now = new Date()
) {
	if ('used' in outcome && user) {
		await auditBy(
			db,
			user,
			{
				action: 'auth.passkey_used',
				recordType: 'user',
				recordId: user.id,
				detail: { passkeyId: outcome.used, step }
			},
			now
		);
		return;
	}
	await db.transaction((tx) =>
		recordAudit(
			tx,
			{
				actorId: user?.id ?? null,
				actorRole: user?.role ?? null,
				action: 'auth.passkey_refused',
				recordType: user ? 'user' : undefined,
				recordId: user?.id,
				detail: { step, reason: 'refused' in outcome ? outcome.refused : 'unknown' }
			},
			now
		)
	);
}
