import { randomBytes, randomUUID } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { decodeBase32, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { createTOTPKeyURI } from '@oslojs/otp';
import { renderSVG } from 'uqr';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { fileUrlOf, type Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	passkeys,
	pendingSignIns,
	recoveryCodes,
	secondFactors,
	users
} from '$lib/server/db/schema';
import { reseal, seal, unseal } from '$lib/server/infra/key-sealing';
import { problem } from '$lib/server/infra/problem';
import { sessionIdFromToken, revokeSessions } from '$lib/server/auth/session';
import { verifyPasswordHash } from '$lib/server/auth/password';
import { recordAudit, recordAuditBy, type Actor } from '$lib/server/services/audit';
import { receiptKeySecret } from '$lib/server/infra/sealing-secret';
import {
	RECOVERY_CODE_COUNT,
	TOTP_DIGITS,
	TOTP_PERIOD_SECONDS,
	TOTP_WINDOW_STEPS,
	isRecoveryCode,
	isTotpCode,
	normaliseCode,
	recoveryCodeKey,
	totpCodeAt,
	totpStep
} from '$lib/domain/second-factor';
import type { Role } from '$lib/domain/roles';

/*
 * The TOTP second factor and its recovery codes (docs/decisions/022). The secret is sealed with
 * the same AES-GCM sealing and RECEIPT_KEY_SECRET as the receipt signing keys (decision 018),
 * labelled with the user's id so a sealed secret copied to another account does not open.
 */

/** How long the code step waits after a right password before the person must start again. */
export const PENDING_SIGN_IN_LIFETIME_MS = 10 * 60 * 1000;
const ISSUER = 'Safeguard Tracker';

const sealLabel = (userId: string) => `totp:${userId}`;
const sealingSecret = (db: Db) => receiptKeySecret(fileUrlOf(db));

/** A new random TOTP secret, 20 bytes (RFC 4226's recommended length), in base32. */
export function newTotpSecret(): string {
	return encodeBase32UpperCaseNoPadding(randomBytes(20));
}

function secretBytes(base32: string): Uint8Array {
	return decodeBase32(base32.toUpperCase());
}

/** The step within the window around `now` whose code this is, if any, oldest first. */
function matchingStep(base32Secret: string, code: string, now: Date): number | null {
	const current = totpStep(now);
	for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
		if (totpCodeAt(base32Secret, step) === code) return step;
	}
	return null;
}

function hashRecoveryCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(recoveryCodeKey(code))));
}

/** Ten recovery codes of 80 random bits, shown in four groups of four. */
function newRecoveryCodes(): string[] {
	return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const raw = encodeBase32UpperCaseNoPadding(randomBytes(10)).toLowerCase();
		return raw.match(/.{4}/g)!.join('-');
	});
}

/** Enrols `userId` with a known secret, with no recovery codes: the demo's published secret. */
export async function enrolKnownSecret(db: Db, userId: string, secret: string, now = new Date()) {
	await db
		.insert(secondFactors)
		.values({
			userId,
			secretSealed: seal(sealingSecret(db), secret, sealLabel(userId)),
			lastUsedStep: null,
			enrolledAt: now
		})
		.onConflictDoNothing();
}

export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ userId: secondFactors.userId })
		.from(secondFactors)
		.where(eq(secondFactors.userId, userId));
	return row !== undefined;
}

/**
 * After a right password for a role that needs a second factor: a pending sign-in, which is not
 * a session. Its token goes in a cookie of its own that only the code step reads. An account with
 * no factor yet gets a new secret to enrol, sealed in the pending row until it is confirmed.
 */
export async function startPendingSignIn(
	db: Db,
	userId: string,
	token: string,
	now = new Date(),
	userAgent: string | null = null
): Promise<{ next: 'code' | 'enrol'; expiresAt: Date }> {
	const enrolled = await hasSecondFactor(db, userId);
	const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_LIFETIME_MS);
	await db.transaction(async (tx) => {
		// Stale pending sign-ins of anyone are removed as new ones come.
		await tx.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now));
		await tx.insert(pendingSignIns).values({
			id: sessionIdFromToken(token),
			userId,
			createdAt: now,
			expiresAt,
			enrolmentSecretSealed: enrolled
				? null
				: seal(sealingSecret(db), newTotpSecret(), sealLabel(userId)),
			userAgent: userAgent?.slice(0, 512) || null
		});
	});
	return { next: enrolled ? 'code' : 'enrol', expiresAt };
}

export interface PendingSignIn {
	id: string;
	userAgent: string | null;
	user: { id: string; email: string; name: string; role: Role; mustChangePassword: boolean };
	/** The secret to enrol, if the account has no factor yet. */
	enrolmentSecret: string | null;
}

/** The pending sign-in of this token, if it exists, has not expired and its account is enabled. */
export async function findPendingSignIn(
	db: Db,
	token: string,
	now = new Date()
): Promise<PendingSignIn | null> {
	const [row] = await db
		.select({
			id: pendingSignIns.id,
			expiresAt: pendingSignIns.expiresAt,
			sealed: pendingSignIns.enrolmentSecretSealed,
			userAgent: pendingSignIns.userAgent,
			user: {
				id: users.id,
				email: users.email,
				name: users.name,
				role: users.role,
				mustChangePassword: users.mustChangePassword,
				disabledAt: users.disabledAt
			}
		})
		.from(pendingSignIns)
		.innerJoin(users, eq(users.id, pendingSignIns.userId))
		.where(eq(pendingSignIns.id, sessionIdFromToken(token)));
	if (!row || row.expiresAt.getTime() <= now.getTime() || row.user.disabledAt !== null) return null;
	const { disabledAt: _disabled, ...user } = row.user;
	return {
		id: row.id,
		userAgent: row.userAgent,
		user,
		enrolmentSecret: row.sealed ? unseal(sealingSecret(db), row.sealed, sealLabel(user.id)) : null
	};
}

/** What the enrolment page shows: the secret as a QR code (SVG) and as text to type. */
export function enrolmentDetails(secret: string, email: string) {
	const uri = createTOTPKeyURI(
		ISSUER,
		email,
		secretBytes(secret),
		TOTP_PERIOD_SECONDS,
		TOTP_DIGITS
	);
	return {
		qrSvg: renderSVG(uri, { border: 2 }),
		// In groups of four, as authenticator apps show and people type them.
		secretText: secret.match(/.{1,4}/g)!.join(' ')
	};
}

/**
 * Confirms an enrolment with one code of the new secret: the factor is stored (its step spent),
 * ten recovery codes are made and stored hashed, and the pending sign-in is used up, in one
 * write. Answers the recovery codes, which are never shown again; or null for a wrong code.
 */
export async function confirmEnrolment(
	db: Db,
	pending: PendingSignIn,
	code: string,
	now = new Date()
): Promise<string[] | null> {
	const secret = pending.enrolmentSecret;
	if (!secret) return null;
	const step = matchingStep(secret, code, now);
	if (step === null) {
		await auditRefusal(db, pending.user, 'enrolment', now);
		return null;
	}
	const codes = newRecoveryCodes();
	const done = await db.transaction(async (tx) => {
		const used = await tx
			.delete(pendingSignIns)
			.where(eq(pendingSignIns.id, pending.id))
			.returning({ id: pendingSignIns.id });
		// Two confirmations of the same pending sign-in: only the first enrols.
		if (used.length === 0) return false;
		await tx
			.insert(secondFactors)
			.values({
				userId: pending.user.id,
				secretSealed: seal(sealingSecret(db), secret, sealLabel(pending.user.id)),
				lastUsedStep: step,
				enrolledAt: now
			})
			.onConflictDoUpdate({
				target: secondFactors.userId,
				set: {
					secretSealed: seal(sealingSecret(db), secret, sealLabel(pending.user.id)),
					lastUsedStep: step,
					enrolledAt: now
				}
			});
		await replaceRecoveryCodes(tx, pending.user.id, codes);
		await recordAudit(
			tx,
			{
				actorId: pending.user.id,
				actorRole: pending.user.role,
				action: 'auth.second_factor_enrolled',
				recordType: 'user',
				recordId: pending.user.id,
				detail: { recoveryCodes: codes.length }
			},
			now
		);
		return true;
	});
	return done ? codes : null;
}

async function replaceRecoveryCodes(tx: Tx, userId: string, codes: string[]) {
	await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
	await tx
		.insert(recoveryCodes)
		.values(codes.map((c) => ({ id: randomUUID(), userId, codeHash: hashRecoveryCode(c) })));
}

async function auditRefusal(
	db: Db,
	user: { id: string; role: Role },
	kind: 'code' | 'recovery_code' | 'enrolment' | 'new_recovery_codes',
	now: Date
) {
	await db.transaction((tx) =>
		recordAudit(
			tx,
			{
				actorId: user.id,
				actorRole: user.role,
				action: 'auth.second_factor_refused',
				recordType: 'user',
				recordId: user.id,
				detail: { kind }
			},
			now
		)
	);
}

/**
 * Checks the code step's code: a TOTP code of a step in the window that is later than the last
 * step accepted (so each code, and any older one, works once), or an unused recovery code. Each
 * is spent by one conditional UPDATE, so two requests with the same code cannot both pass. A
 * right code uses the pending sign-in up in the same write; the caller then makes the session.
 */
export async function verifySecondFactor(
	db: Db,
	pending: PendingSignIn,
	code: string,
	now = new Date()
): Promise<boolean> {
	const userId = pending.user.id;
	const recovery = isRecoveryCode(code);
	const accepted = await db
		.transaction(async (tx) => {
			let ok = false;
			if (recovery) {
				const spent = await tx
					.update(recoveryCodes)
					.set({ usedAt: now })
					.where(
						and(
							eq(recoveryCodes.userId, userId),
							eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
							isNull(recoveryCodes.usedAt)
						)
					)
					.returning({ id: recoveryCodes.id });
				ok = spent.length === 1;
			} else {
				ok = await spendTotpCode(db, tx, userId, code, now);
			}
			if (!ok) return false;
			const used = await tx
				.delete(pendingSignIns)
				.where(eq(pendingSignIns.id, pending.id))
				.returning({ id: pendingSignIns.id });
			if (used.length === 0) {
				// The pending sign-in was used meanwhile: undo the spend by failing the whole write.
				throw new PendingAlreadyUsed();
			}
			if (recovery) {
				await recordAudit(
					tx,
					{
						actorId: userId,
						actorRole: pending.user.role,
						action: 'auth.recovery_code_used',
						recordType: 'user',
						recordId: userId
					},
					now
				);
			}
			return true;
		})
		.catch((error: unknown) => {
			if (error instanceof PendingAlreadyUsed) return false;
			throw error;
		});
	if (!accepted) await auditRefusal(db, pending.user, recovery ? 'recovery_code' : 'code', now);
	return accepted;
}

class PendingAlreadyUsed extends Error {}

/**
 * Spends a TOTP code of the account's app: a step in the window later than the last accepted,
 * by one conditional UPDATE, so a code works once even when sent twice at the same moment.
 */
async function spendTotpCode(db: Db, tx: Tx, userId: string, code: string, now: Date) {
	const [factor] = await tx
		.select({ sealed: secondFactors.secretSealed })
		.from(secondFactors)
		.where(eq(secondFactors.userId, userId));
	const step = factor
		? matchingStep(unseal(sealingSecret(db), factor.sealed, sealLabel(userId)), code, now)
		: null;
	if (step === null) return false;
	const spent = await tx
		.update(secondFactors)
		.set({ lastUsedStep: step })
		.where(
			and(
				eq(secondFactors.userId, userId),
				or(isNull(secondFactors.lastUsedStep), lt(secondFactors.lastUsedStep, step))
			)
		)
		.returning({ userId: secondFactors.userId });
	return spent.length === 1;
}

/** How many unused recovery codes a person has, if they have an app enrolled at all. */
export async function recoveryCodeStatus(
	db: Db,
	userId: string
): Promise<{ enrolled: boolean; unused: number }> {
	if (!(await hasSecondFactor(db, userId))) return { enrolled: false, unused: 0 };
	const rows = await db
		.select({ id: recoveryCodes.id })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
	return { enrolled: true, unused: rows.length };
}

/**
 * A person makes new recovery codes (theirs are used up, or were seen), after proving it is them
 * with their password or a code from their app. The old codes stop working in the same write as
 * the new ones are stored. Answers the new codes, shown this once; audited.
 */
export async function regenerateRecoveryCodes(
	db: Db,
	user: Actor,
	proof: string,
	now = new Date()
): Promise<string[]> {
	const [row] = await db
		.select({ passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.id, user.id));
	if (!row || !(await hasSecondFactor(db, user.id))) throw problem('NOT_FOUND');
	const code = normaliseCode(proof);
	const byCode = isTotpCode(code);
	// The password is checked before the write begins: argon2 is slow, a write holds the database.
	const passwordRight = !byCode && (await verifyPasswordHash(row.passwordHash, proof));
	const codes = newRecoveryCodes();
	const done = await db.transaction(async (tx) => {
		const proven = byCode ? await spendTotpCode(db, tx, user.id, code, now) : passwordRight;
		if (!proven) return false;
		await replaceRecoveryCodes(tx, user.id, codes);
		await recordAuditBy(tx, user, now, {
			action: 'user.recovery_codes_replaced',
			recordType: 'user',
			recordId: user.id,
			detail: { recoveryCodes: codes.length, proof: byCode ? 'code' : 'password' }
		});
		return true;
	});
	if (!done) {
		await auditRefusal(db, user, 'new_recovery_codes', now);
		throw problem('CURRENT_PASSWORD_WRONG', {
			proof: 'That is not your password or a current code from your authenticator app'
		});
	}
	return codes;
}

/**
 * An administrator resets someone's second factor (a lost phone): the factor, recovery codes and
 * passkeys go, any pending sign-in too, and every session ends with a tombstone, so the person
 * signs in again and enrols afresh. Audited.
 */
export async function resetSecondFactor(
	db: Db,
	admin: Actor,
	userId: string,
	now = new Date()
): Promise<{ sessionsEnded: number }> {
	return db.transaction(async (tx) => {
		const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
		if (!user) throw problem('NOT_FOUND');
		const removed = await tx
			.delete(secondFactors)
			.where(eq(secondFactors.userId, userId))
			.returning({ userId: secondFactors.userId });
		await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
		await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId));
		// Passkeys are second factors too: a reset removes them (decision 023).
		const passkeysRemoved = (
			await tx.delete(passkeys).where(eq(passkeys.userId, userId)).returning({ id: passkeys.id })
		).length;
		const sessionsEnded = await revokeSessions(tx, userId, now);
		await recordAuditBy(tx, admin, now, {
			action: 'user.second_factor_reset',
			recordType: 'user',
			recordId: userId,
			detail: { hadFactor: removed.length > 0, passkeysRemoved, sessionsEnded }
		});
		return { sessionsEnded };
	});
}

/**
 * Every TOTP secret (enrolled, or waiting in a pending enrolment) sealed again from secret `from`
 * to `to`, in one write: `npm run receipt:rotate-key` runs it beside the receipt keys, so a
 * rotated RECEIPT_KEY_SECRET (RECEIPT_KEY_SECRET_PREVIOUS set) moves them too. Answers how many.
 */
export async function resealTotpSecrets(db: Db, from: string, to: string): Promise<number> {
	return db.transaction(async (tx) => {
		const factors = await tx.select().from(secondFactors);
		for (const f of factors) {
			await tx
				.update(secondFactors)
				.set({ secretSealed: reseal(from, to, f.secretSealed, sealLabel(f.userId)) })
				.where(eq(secondFactors.userId, f.userId));
		}
		const pending = await tx.select().from(pendingSignIns);
		let enrolments = 0;
		for (const p of pending) {
			if (!p.enrolmentSecretSealed) continue;
			enrolments++;
			await tx
				.update(pendingSignIns)
				.set({
					enrolmentSecretSealed: reseal(from, to, p.enrolmentSecretSealed, sealLabel(p.userId))
				})
				.where(eq(pendingSignIns.id, p.id));
		}
		return factors.length + enrolments;
	});
}
