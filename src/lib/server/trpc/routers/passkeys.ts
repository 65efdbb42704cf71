import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';
import { relyingParty } from '$lib/server/infra/relying-party';
import {
	listPasskeys,
	passkeyRegistrationOptions,
	registerPasskey,
	removePasskey
} from '$lib/server/services/users/passkeys';
import { passkeyIdSchema, passkeyRegistrationSchema } from '$lib/domain/passkeys';

// One's own passkeys (docs/decisions/023): listed, added and removed from the account page. Using
// one to sign in is the auth router's (auth.passkeySignIn, auth.passkeySecondFactor).

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
		// Bounded by the schema; SimpleWebAuthn checks the rest.
		registerPasskey(ctx.db, ctx.user, input.name, input.response, relyingParty())
	),

	remove: signedInProcedure.input(passkeyIdSchema).mutation(async ({ ctx, input }) => {
		await removePasskey(ctx.db, ctx.user, input.passkeyId);
		return { removed: true };
	})
});
