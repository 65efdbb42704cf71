import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { listAgencyDirectory } from '$lib/server/services/users/directory';

export const agenciesRouter = router({
	/** The agencies short reports can be requested from and actions owned by. */
	list: rolesProcedure('unit')
		.input(z.object({}).optional())
		.query(({ ctx }) => listAgencyDirectory(ctx.db))
});
