import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { listUnitMembers } from '$lib/server/services/users/directory';

export const usersRouter = router({
	/** Who a notification can be assigned to, or a case owned by. */
	unitMembers: rolesProcedure('unit')
		.input(z.object({}).optional())
		.query(({ ctx }) => listUnitMembers(ctx.db))
});
