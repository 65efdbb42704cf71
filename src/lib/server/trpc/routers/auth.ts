import { z } from 'zod';
import { unreadCount } from '$lib/server/services/reminders/messages';
import { passwordPendingProcedure, publicProcedure, router, signedInProcedure } from '../trpc';
import { problem } from '$lib/server/infra/problem';
import { audit, auditBy } from '$lib/server/services/audit';
import {
	accessWithdrawnAt,
	createSession,
	generateSessionToken,
	invalidateSession
} from '../../auth/session';
import { verifyAgainstDecoy, verifyPasswordHash } from '../../auth/password';
import {
	releaseOnSuccess,
	reserveSignInAttempt,
	signInRefusal,
	throttleKeys
} from '../../auth/sign-in-throttle';
import { PasswordChecksBusy, withPasswordCheckSlot } from '../../auth/password-checks';
import { findUserByEmail } from '$lib/server/services/users/users';
import { signInSchema } from '$lib/domain/sign-in';
import { HOME_BY_ROLE, type Role } from '$lib/domain/roles';
import { ERRORS } from '$lib/errors';
import type { Context } from '../trpc';
import {
	confirmEnrolment,
	enrolmentDetails,
	findPendingSignIn,
	startPendingSignIn,
	verifySecondFactor,
	type PendingSignIn
} from '$lib/server/services/users/second-factor';
import {
	CODE_PAGE,
	ENROL_PAGE,
	enrolmentCodeSchema,
	needsSecondFactor,
	secondFactorCodeSchema
} from '$lib/domain/second-factor';
import { PASSWORD_PAGE } from '$lib/domain/account';
import { passkeyAssertionSchema } from '$lib/domain/passkeys';
import { relyingParty } from '$lib/server/infra/relying-party';
import {
	auditPasskeyUse,
	passkeyCount,
	passkeyOwner,
	passkeySecondFactorOptions,
	passkeySignInOptions,
	verifyPasskeyAnswer
} from '$lib/server/services/users/passkeys';

/** The pending sign-in in the request's cookie, or SECOND_FACTOR_TIMED_OUT. */
async function pendingSignIn(ctx: Context): Promise<PendingSignIn> {
	const token = ctx.cookies.pending();
	const pending = token ? await findPendingSignIn(ctx.db, token) : null;
	if (!pending) throw problem('SECOND_FACTOR_TIMED_OUT');
	return pending;
}

/** A code is an attempt like a password: counted first, under the same limits. */
async function takeCodeSlot(ctx: Context, pending: PendingSignIn) {
	const keys = throttleKeys(pending.user.email, ctx.clientAddress);
	const slot = await reserveSignInAttempt(ctx.db, keys);
	if (!slot.allowed) throw signInRefusal(slot.reason, slot.retryAfterMs);
	return keys;
}

/** The session, its cookie and the audit event, once every factor the role needs is given. */
async function completeSignIn(
	ctx: Context,
	user: { id: string; role: Role; name: string; mustChangePassword: boolean },
	userAgent: string | null,
	how: { passkey?: true } = {}
) {
	const token = generateSessionToken();
	const session = await createSession(ctx.db, token, user.id, new Date(), userAgent);
	ctx.cookies.set(token, session.expiresAt);
	await audit(ctx.db, {
		actorId: user.id,
		actorRole: user.role,
		action: 'auth.sign_in',
		recordType: 'user',
		recordId: user.id,
		detail:
			needsSecondFactor(user.role) || how.passkey
				? { secondFactor: needsSecondFactor(user.role), ...how }
				: undefined
	});
	// An account an administrator created goes to choose its own password first.
	const home = user.mustChangePassword ? PASSWORD_PAGE : HOME_BY_ROLE[user.role];
	return { home, role: user.role, name: user.name, secondFactor: null };
}

export const authRouter = router({
	signIn: publicProcedure.input(signInSchema).mutation(async ({ ctx, input }) => {
		// The attempt is counted before the password is checked, so parallel or repeated calls
		// can never verify more guesses than the limits allow (docs/decisions/018).
		const keys = throttleKeys(input.email, ctx.clientAddress);
		const slot = await reserveSignInAttempt(ctx.db, keys);
		if (!slot.allowed) throw signInRefusal(slot.reason, slot.retryAfterMs);
		const user = await findUserByEmail(ctx.db, input.email);
		const valid = await withPasswordCheckSlot(() =>
			user
				? verifyPasswordHash(user.passwordHash, input.password)
				: verifyAgainstDecoy(input.password).then(() => false)
		).catch((error: unknown) => {
			if (error instanceof PasswordChecksBusy) throw problem('SIGN_IN_BUSY');
			throw error;
		});
		if (!user || !valid || user.disabledAt !== null) {
			// The failed attempt is audited against the account if one exists, never with the
			// typed email address (it may be a mistyped personal address).
			await audit(ctx.db, {
				actorId: user?.id ?? null,
				actorRole: user?.role ?? null,
				action: 'auth.sign_in_failed',
				detail: { reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'password' }
			});
			// Only someone who knows the password learns that the account is disabled.
			throw problem(user && valid ? 'ACCOUNT_DISABLED' : 'INVALID_CREDENTIALS');
		}
		// The Unit, the Chair and administrators give a second factor next. The password step
		// makes no session, only a pending sign-in the code step alone reads, and keeps the
		// attempt counted: wrong codes then count against the same limits (decision 022).
		if (needsSecondFactor(user.role)) {
			const pendingToken = generateSessionToken();
			const pending = await startPendingSignIn(
				ctx.db,
				user.id,
				pendingToken,
				new Date(),
				ctx.userAgent ?? null
			);
			ctx.cookies.setPending(pendingToken, pending.expiresAt);
			return {
				home: pending.next === 'enrol' ? ENROL_PAGE : CODE_PAGE,
				role: user.role,
				name: user.name,
				secondFactor: pending.next
			};
		}
		await releaseOnSuccess(ctx.db, keys);
		return completeSignIn(ctx, user, ctx.userAgent ?? null);
	}),

	/** The code step: a TOTP code or a recovery code, for the pending sign-in in the cookie. */
	secondFactor: publicProcedure.input(secondFactorCodeSchema).mutation(async ({ ctx, input }) => {
		const pending = await pendingSignIn(ctx);
		if (pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
		const keys = await takeCodeSlot(ctx, pending);
		if (!(await verifySecondFactor(ctx.db, pending, input.code))) {
			throw problem('SECOND_FACTOR_REFUSED', { code: ERRORS.SECOND_FACTOR_REFUSED.message });
		}
		await releaseOnSuccess(ctx.db, keys);
		ctx.cookies.clearPending();
		return completeSignIn(ctx, pending.user, pending.userAgent);
	}),

	/** The enrolment page: the new secret as a QR code and as text, for the pending sign-in. */
	enrolment: publicProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
		const pending = await pendingSignIn(ctx);
		if (!pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
		return enrolmentDetails(pending.enrolmentSecret, pending.user.email);
	}),

	/** Confirms enrolment with one code; answers the ten recovery codes, shown this once. */
	confirmEnrolment: publicProcedure.input(enrolmentCodeSchema).mutation(async ({ ctx, input }) => {
		const pending = await pendingSignIn(ctx);
		if (!pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
		const keys = await takeCodeSlot(ctx, pending);
		const recoveryCodes = await confirmEnrolment(ctx.db, pending, input.code);
		if (!recoveryCodes) {
			throw problem('SECOND_FACTOR_REFUSED', { code: ERRORS.SECOND_FACTOR_REFUSED.message });
		}
		await releaseOnSuccess(ctx.db, keys);
		ctx.cookies.clearPending();
		return { ...(await completeSignIn(ctx, pending.user, pending.userAgent)), recoveryCodes };
	}),

	// Passkeys (decision 023): every use counts against the sign-in limits before it is checked.
	/** "Sign in with a passkey": a challenge any of this site's passkeys may answer. */
	passkeySignInOptions: publicProcedure
		.input(z.object({}).optional())
		.mutation(({ ctx }) => passkeySignInOptions(ctx.db, relyingParty())),

	/** Signs in with a passkey alone: it is both factors, so no code step follows. */
	passkeySignIn: publicProcedure.input(passkeyAssertionSchema).mutation(async ({ ctx, input }) => {
		const response = input.response;
		// Counted before anything is checked, under the owner's account when the credential is
		// known, else under the credential itself (so unknown ones still use up the address's).
		const owner = await passkeyOwner(ctx.db, response.id);
		const keys = throttleKeys(owner?.email ?? `passkey:${response.id}`, ctx.clientAddress);
		const slot = await reserveSignInAttempt(ctx.db, keys);
		if (!slot.allowed) throw signInRefusal(slot.reason, slot.retryAfterMs);
		const result = await verifyPasskeyAnswer(ctx.db, {
			purpose: 'sign_in',
			response,
			rp: relyingParty()
		});
		if (!result.ok || !owner || result.userId !== owner.id) {
			await auditPasskeyUse(
				ctx.db,
				owner,
				{ refused: result.ok ? 'signature' : result.reason },
				'sign_in'
			);
			throw problem('PASSKEY_REFUSED');
		}
		if (owner.disabledAt !== null) {
			await auditPasskeyUse(ctx.db, owner, { refused: 'disabled' }, 'sign_in');
			throw problem('ACCOUNT_DISABLED');
		}
		await auditPasskeyUse(ctx.db, owner, { used: result.passkeyId }, 'sign_in');
		await releaseOnSuccess(ctx.db, keys);
		return completeSignIn(ctx, owner, ctx.userAgent ?? null, { passkey: true });
	}),

	/** How many passkeys the pending person has: the code step offers them only if any. */
	passkeyCount: publicProcedure.input(z.object({}).optional()).query(async ({ ctx }) => {
		const pending = await pendingSignIn(ctx);
		return { count: pending.enrolmentSecret ? 0 : await passkeyCount(ctx.db, pending.user.id) };
	}),

	/** The second-factor step with a passkey: a challenge for the pending person's own. */
	passkeySecondFactorOptions: publicProcedure
		.input(z.object({}).optional())
		.mutation(async ({ ctx }) => {
			const pending = await pendingSignIn(ctx);
			if (pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
			return passkeySecondFactorOptions(ctx.db, pending.user.id, relyingParty());
		}),

	passkeySecondFactor: publicProcedure
		.input(passkeyAssertionSchema)
		.mutation(async ({ ctx, input }) => {
			const pending = await pendingSignIn(ctx);
			if (pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
			const keys = await takeCodeSlot(ctx, pending);
			const result = await verifyPasskeyAnswer(ctx.db, {
				purpose: 'second_factor',
				response: input.response,
				rp: relyingParty(),
				pending: { userId: pending.user.id, id: pending.id }
			});
			if (!result.ok) {
				await auditPasskeyUse(ctx.db, pending.user, { refused: result.reason }, 'second_factor');
				throw problem('PASSKEY_REFUSED');
			}
			await auditPasskeyUse(ctx.db, pending.user, { used: result.passkeyId }, 'second_factor');
			await releaseOnSuccess(ctx.db, keys);
			ctx.cookies.clearPending();
			return completeSignIn(ctx, pending.user, pending.userAgent);
		}),

	signOut: passwordPendingProcedure.input(z.object({}).optional()).mutation(async ({ ctx }) => {
		await invalidateSession(ctx.db, ctx.session.id);
		ctx.cookies.clear();
		await auditBy(ctx.db, ctx.user, {
			action: 'auth.sign_out',
			recordType: 'user',
			recordId: ctx.user.id
		});
		return { signedOut: true };
	}),

	me: signedInProcedure.input(z.object({}).optional()).query(async ({ ctx }) => ({
		id: ctx.user.id,
		name: ctx.user.name,
		role: ctx.user.role,
		agencyId: ctx.user.agencyId,
		sessionExpiresAt: ctx.session.expiresAt.getTime(),
		// A device whose key is older than this was signed out everywhere: it wipes itself even
		// when its withdrawn session's cookie is long gone (docs/decisions/017).
		accessWithdrawnAt: await accessWithdrawnAt(ctx.db, ctx.user.id),
		// The header's count on the practitioner's pages, which the device renders (decision 024).
		unreadMessages: await unreadCount(ctx.db, ctx.user.id)
	}))
});
