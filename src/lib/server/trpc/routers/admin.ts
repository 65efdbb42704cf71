import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { problem } from '$lib/server/infra/problem';
import { auditBy } from '$lib/server/services/audit';
import { invalidateUserSessions } from '../../auth/session';
import {
	createUser,
	findUserById,
	listAgencies,
	listUsers
} from '$lib/server/services/users/users';
import { setAccountDisabled } from '$lib/server/services/users/account-status';
import { issuePasswordReset } from '$lib/server/services/users/password-resets';
import { resetSecondFactor } from '$lib/server/services/users/second-factor';
import { newAccountSchema, RESET_PASSWORD_PATH } from '$lib/domain/account';

const admin = rolesProcedure('admin');
const userIdInput = z.object({ userId: z.uuid('Select an account') });

export const adminRouter = router({
	users: admin.input(z.object({}).optional()).query(({ ctx }) => listUsers(ctx.db)),

	agencies: admin.input(z.object({}).optional()).query(({ ctx }) => listAgencies(ctx.db)),

	createUser: admin.input(newAccountSchema).mutation(async ({ ctx, input }) => {
		// The person chooses their own password at first sign-in: the one typed here is known to
		// the administrator and has travelled to the person by some other route.
		const created = await createUser(
			ctx.db,
			{ ...input, mustChangePassword: true },
			{
				actorId: ctx.user.id,
				actorRole: ctx.user.role
			}
		);
		if (!created)
			throw problem('EMAIL_TAKEN', { email: 'An account with this email address already exists' });
		return created;
	}),

	/** Signs a user out on every device (lost phone, someone leaving). */
	revokeSessions: admin.input(userIdInput).mutation(async ({ ctx, input }) => {
		if (!(await findUserById(ctx.db, input.userId))) throw problem('NOT_FOUND');
		const revoked = await invalidateUserSessions(ctx.db, input.userId);
		await auditBy(ctx.db, ctx.user, {
			action: 'auth.sessions_revoked',
			recordType: 'user',
			recordId: input.userId,
			detail: { revoked }
		});
		return { revoked };
	}),

	/** Locks an account out (someone leaving): its sessions end and its devices wipe their data. */
	disableUser: admin
		.input(userIdInput)
		.mutation(({ ctx, input }) => setAccountDisabled(ctx.db, ctx.user, input.userId, true)),

	enableUser: admin
		.input(userIdInput)
		.mutation(({ ctx, input }) => setAccountDisabled(ctx.db, ctx.user, input.userId, false)),

	/**
	 * Resets a user's second factor (a lost phone): they enrol again at their next sign-in, and
	 * every session of theirs ends now (decision 022).
	 */
	resetSecondFactor: admin.input(userIdInput).mutation(({ ctx, input }) => {
		// Resetting one's own would sign the last administrator out into an enrolment anyone
		// with their password could complete.
		if (input.userId === ctx.user.id) throw problem('CANNOT_CHANGE_OWN_ACCOUNT');
		return resetSecondFactor(ctx.db, ctx.user, input.userId);
	}),

	/**
	 * A one-time link for the person to set a new password. Returned once: only its hash is kept,
	 * and it is never logged. The page shows it to the administrator to pass on.
	 */
	issuePasswordReset: admin.input(userIdInput).mutation(async ({ ctx, input }) => {
		const { token, expiresAt } = await issuePasswordReset(ctx.db, ctx.user, input.userId);
		return { path: `${RESET_PASSWORD_PATH}/${token}`, expiresAt: expiresAt.getTime() };
	})
});
