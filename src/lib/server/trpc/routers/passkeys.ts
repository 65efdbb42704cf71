import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { publicProcedure, router, signedInProcedure } from '../trpc';
import { problem } from '$lib/server/infra/problem';
import { relyingParty } from '$lib/server/infra/relying-party';
import {
	auditPasskeyUse,
	listPasskeys,
	passkeyCount,
	passkeyOwner,
	passkeyRegistrationOptions,
	passkeySecondFactorOptions,
	passkeySignInOptions,
	registerPasskey,
	removePasskey,
	verifyPasskeyAnswer
} from '$lib/server/services/users/passkeys';
import { releaseOnSuccess, reserveSignInAttempt, throttleKeys } from '../../auth/sign-in-throttle';
import { completeSignIn, pendingSignIn, signInRefusal, takeCodeSlot } from './auth';
import {
	passkeyAssertionSchema,
	passkeyIdSchema,
	passkeyRegistrationSchema
} from '$lib/domain/passkeys';

// Passkeys (docs/decisions/023): added and removed on one's own account, used as the second
// factor after a password, or to sign in with no password at all. Every attempt to use one counts
// against the sign-in limits before it is checked, as a password does (decision 018).

const none = z.object({}).optional();

export const passkeysRouter = router({
	/** One's own passkeys, for the account page. */
	list: signedInProcedure.input(none).query(({ ctx }) => listPasskeys(ctx.db, ctx.user.id)),

	/** Starts adding a passkey: a single-use challenge for this person. */
	registrationOptions: signedInProcedure
		.input(none)
		.mutation(({ ctx }) =>
			passkeyRegistrationOptions(
				ctx.db,
				{ id: ctx.user.id, email: ctx.user.email, name: ctx.user.name },
				relyingParty()
			)
		),

	register: signedInProcedure.input(passkeyRegistrationSchema).mutation(({ ctx, input }) =>
		registerPasskey(
			ctx.db,
			ctx.user,
			input.name,
			// Bounded by the schema; SimpleWebAuthn checks the rest.
			input.response as RegistrationResponseJSON,
			relyingParty()
		)
	),

	remove: signedInProcedure.input(passkeyIdSchema).mutation(async ({ ctx, input }) => {
		await removePasskey(ctx.db, ctx.user, input.passkeyId);
		return { removed: true };
	}),

	/** "Sign in with a passkey": a challenge any of this site's passkeys may answer. */
	signInOptions: publicProcedure
		.input(none)
		.mutation(({ ctx }) => passkeySignInOptions(ctx.db, relyingParty())),

	/** Signs in with a passkey alone: it is both factors, so no code step follows. */
	signIn: publicProcedure.input(passkeyAssertionSchema).mutation(async ({ ctx, input }) => {
		const response = input.response as AuthenticationResponseJSON;
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
	pendingCount: publicProcedure.input(none).query(async ({ ctx }) => {
		const pending = await pendingSignIn(ctx);
		return { count: pending.enrolmentSecret ? 0 : await passkeyCount(ctx.db, pending.user.id) };
	}),

	/** The second-factor step with a passkey: a challenge for the pending person's own. */
	secondFactorOptions: publicProcedure.input(none).mutation(async ({ ctx }) => {
		const pending = await pendingSignIn(ctx);
		if (pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
		return passkeySecondFactorOptions(ctx.db, pending.user.id, relyingParty());
	}),

	secondFactor: publicProcedure.input(passkeyAssertionSchema).mutation(async ({ ctx, input }) => {
		const pending = await pendingSignIn(ctx);
		if (pending.enrolmentSecret) throw problem('SECOND_FACTOR_TIMED_OUT');
		const keys = await takeCodeSlot(ctx, pending);
		const result = await verifyPasskeyAnswer(ctx.db, {
			purpose: 'second_factor',
			response: input.response as AuthenticationResponseJSON,
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
	})
});
