import { z } from 'zod';
import type { SignedReceipt } from '../receipt';
import type { FieldErrors } from '$lib/errors';
import { MAX_BATCH } from './batch-size';

export { MAX_BATCH };

/**
 * A batch from the device outbox. Forms are validated one by one on the server (not here), so
 * one bad form is reported on its own and the others are still stored.
 */
export const notificationBatchSchema = z.object({
	items: z
		.array(
			z.object({
				id: z.string().max(64),
				form: z.unknown(),
				// The returned notification this one corrects. Checked per item on the server, so a
				// bad one marks only its own item as needing attention.
				correctsId: z.string().max(64).optional()
			})
		)
		.min(1, 'Send at least one notification')
		.max(MAX_BATCH, `Send at most ${MAX_BATCH} notifications at a time`)
});
export type NotificationBatch = z.input<typeof notificationBatchSchema>;

/** One answer per item, in the order sent. */
export type BatchItemResult =
	| { id: string; status: 'accepted'; duplicate: boolean; receipt: SignedReceipt }
	| { id: string; status: 'invalid'; message: string; fieldErrors: FieldErrors }
	| { id: string; status: 'conflict'; message: string };

export interface BatchResult {
	results: BatchItemResult[];
}
