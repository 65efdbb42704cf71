import { z } from 'zod';
import { passwordPendingProcedure, publicProcedure, router, signedInProcedure } from '../trpc';
import { problem } from '$lib/server/infra/problem';
import { changeOwnPassword } from '$lib/server/services/users/passwords';
import {
	isResetLinkUsable,
	resetPasswordWithLink
} from '$lib/server/services/users/password-resets';
import {
	listOwnSessions,
	ownsSession,
	signOutOwnSessions
} from '$lib/server/services/users/signed-in-sessions';
import {
	recoveryCodeStatus,
	regenerateRecoveryCodes
} from '$lib/server/services/users/second-factor';
import { passwordChangeSchema, passwordResetSchema, resetTokenSchema } from '$lib/domain/account';
import { countedProof } from '../../auth/sign-in-throttle';

// A person's own account (docs/decisions/019): their password and where they are signed in, and
// the reset link an administrator gave them.

const PROOF_MISSING = 'Enter your password, or a code from your authenticator app';

/** A session as the sessions page names it: the SHA-256 of its token, in hex. */
const sessionIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'Select a session');

export const accountRouter = router({
	/** Also how an account created by an administrator chooses its own password. */
	changePassword: passwordPendingProcedure
		.input(passwordChangeSchema)
		.mutation(({ ctx, input }) =>
			countedProof(ctx.db, ctx.user.email, ctx.clientAddress, () =>
				changeOwnPassword(ctx.db, ctx.user, ctx.session.id, input)
			)
		),

	/** Whether the person has an app enrolled, and how many recovery codes they have left. */
	recoveryCodes: signedInProcedure
		.input(z.object({}).optional())
		.query(({ ctx }) => recoveryCodeStatus(ctx.db, ctx.user.id)),

	/** New recovery codes after the password or an app code; the old ones stop working. */
	regenerateRecoveryCodes: signedInProcedure
		.input(
			z.object({
				proof: z
					.string({ error: PROOF_MISSING })
					.min(1, PROOF_MISSING)
					.max(256, 'That is not your password or a current code from your authenticator app')
			})
		)
		.mutation(async ({ ctx, input }) => ({
			recoveryCodes: await countedProof(ctx.db, ctx.user.email, ctx.clientAddress, () =>
				regenerateRecoveryCodes(ctx.db, ctx.user, input.proof)
			)
		})),

	sessions: signedInProcedure
		.input(z.object({}).optional())
		.query(({ ctx }) => listOwnSessions(ctx.db, ctx.user.id, ctx.session.id)),

	signOutSession: signedInProcedure
		.input(z.object({ sessionId: sessionIdSchema }))
		.mutation(async ({ ctx, input }) => {
			if (input.sessionId === ctx.session.id)
				throw problem('INVALID_INPUT', {
					sessionId: 'This is the session you are using: to end it, use Sign out'
				});
			// Someone else's session answers as a missing one: its existence is not revealed.
			if (!(await ownsSession(ctx.db, ctx.user.id, input.sessionId))) throw problem('NOT_FOUND');
			const ended = await signOutOwnSessions(ctx.db, ctx.user, ctx.session.id, {
				only: input.sessionId
			});
			return { ended };
		}),

	signOutOtherSessions: signedInProcedure
		.input(z.object({}).optional())
		.mutation(async ({ ctx }) => ({
			ended: await signOutOwnSessions(ctx.db, ctx.user, ctx.session.id, { allOthers: true })
		})),

	/** Whether a reset link still works, so the page can say so before asking for a password. */
	resetLinkUsable: publicProcedure
		.input(z.object({ token: resetTokenSchema }))
		.query(async ({ ctx, input }) => ({ usable: await isResetLinkUsable(ctx.db, input.token) })),

	resetPassword: publicProcedure.input(passwordResetSchema).mutation(async ({ ctx, input }) => {
		await resetPasswordWithLink(ctx.db, input.token, input.newPassword);
		return { reset: true };
	})
});
