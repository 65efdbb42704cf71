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
import { newAccountSchema } from '$lib/domain/account';

const admin = rolesProcedure('admin');

export const adminRouter = router({
	users: admin.input(z.object({}).optional()).query(({ ctx }) => listUsers(ctx.db)),

	agencies: admin.input(z.object({}).optional()).query(({ ctx }) => listAgencies(ctx.db)),

	createUser: admin.input(newAccountSchema).mutation(async ({ ctx, input }) => {
		const created = await createUser(ctx.db, input, {
			actorId: ctx.user.id,
			actorRole: ctx.user.role
		});
		if (!created)
			throw problem('EMAIL_TAKEN', { email: 'An account with this email address already exists' });
		return created;
	}),

	/** Signs a user out on every device (lost phone, someone leaving). */
	revokeSessions: admin.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
		if (!(await findUserById(ctx.db, input.userId))) throw problem('NOT_FOUND');
		const revoked = await invalidateUserSessions(ctx.db, input.userId);
		await auditBy(ctx.db, ctx.user, {
			action: 'auth.sessions_revoked',
			recordType: 'user',
			recordId: input.userId,
			detail: { revoked }
		});
		return { revoked };
	})
});
