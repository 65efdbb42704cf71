import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { getReviewWork, recordReviewEntry } from '$lib/server/services/review/review-work';
import { reviewEntryInput } from '$lib/domain/review/review-entry';

// The review as work beside the review (§13.6–§13.19): the Unit records it, the Chair reads it
// (read-only), agencies and practitioners never see it (the role check answers FORBIDDEN_ROLE,
// and a case out of scope NOT_FOUND).
const caseId = z.uuid('Enter a valid case identifier');
const target = z.object({
	id: caseId,
	version: z.number({ error: 'Reload the case and try again' }).int().min(1)
});

export const reviewRouter = router({
	get: rolesProcedure('unit', 'chair')
		.input(z.object({ id: caseId }))
		.query(({ ctx, input }) => getReviewWork(ctx.db, ctx.user, input.id)),

	record: rolesProcedure('unit')
		.input(z.intersection(target, reviewEntryInput))
		.mutation(({ ctx, input }) => recordReviewEntry(ctx.db, ctx.user, input))
});
