import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { fieldErrorsFrom } from '$lib/domain/field-errors';
import { problem } from '$lib/server/infra/problem';
import { auditBy } from '$lib/server/services/audit';
import {
	findOwnNotification,
	listOwnNotifications,
	submitNotification,
	submitNotifications,
	type NotificationUpload
} from '$lib/server/services/notifications/notifications';
import { notificationSubmissionSchema } from '$lib/domain/notification/submission';
import {
	notificationBatchSchema,
	type BatchItemResult,
	type BatchResult
} from '$lib/domain/notification/batch';
import { ERRORS } from '$lib/errors';

const byId = z.object({ id: z.uuid('Enter a valid notification identifier') });

const CORRECTS_ID_MESSAGE = 'The notification being corrected is not valid. Start again from it.';

/** A submission, optionally correcting a notification the Unit returned to the practitioner. */
const submissionSchema = notificationSubmissionSchema.extend({
	correctsId: z.uuid(CORRECTS_ID_MESSAGE).optional()
});

export const notificationsRouter = router({
	/** Idempotent on the client's id: a retry returns the same signed receipt. */
	submit: rolesProcedure('practitioner')
		.input(submissionSchema)
		.mutation(async ({ ctx, input }) => {
			const result = await submitNotification(
				ctx.db,
				ctx.user,
				input.id,
				input.form,
				new Date(),
				input.correctsId
			);
			if (result.outcome === 'conflict') throw problem('SUBMISSION_CONFLICT');
			if (result.outcome === 'invalid') throw problem('INVALID_INPUT', result.fieldErrors);
			return { ...result.receipt, duplicate: result.outcome === 'duplicate' };
		}),

	/**
	 * The device outbox's upload: up to MAX_BATCH forms, one answer each, in the order sent.
	 * Each form is validated on its own, so one bad form is reported (with the form's field
	 * paths) while the others are stored. Only a malformed batch as a whole is INVALID_INPUT.
	 */
	submitBatch: rolesProcedure('practitioner')
		.input(notificationBatchSchema)
		.mutation(async ({ ctx, input }): Promise<BatchResult> => {
			const checked = input.items.map((item) => ({
				id: item.id,
				parsed: submissionSchema.safeParse(item)
			}));
			const uploads: NotificationUpload[] = [];
			for (const { parsed } of checked) if (parsed.success) uploads.push(parsed.data);
			const stored = await submitNotifications(ctx.db, ctx.user, uploads);
			let next = 0;
			const results = checked.map(({ id, parsed }): BatchItemResult => {
				if (!parsed.success) {
					return {
						id,
						status: 'invalid',
						message: ERRORS.INVALID_INPUT.message,
						fieldErrors: fieldErrorsFrom(parsed.error, { under: 'form' })
					};
				}
				const result = stored[next++];
				if (!result)
					throw new Error('submitNotifications answered fewer uploads than it was given');
				if (result.outcome === 'conflict') {
					return { id, status: 'conflict', message: ERRORS.SUBMISSION_CONFLICT.message };
				}
				if (result.outcome === 'invalid') {
					return {
						id,
						status: 'invalid',
						message: ERRORS.INVALID_INPUT.message,
						fieldErrors: result.fieldErrors
					};
				}
				return {
					id,
					status: 'accepted',
					duplicate: result.outcome === 'duplicate',
					receipt: result.receipt
				};
			});
			return { results };
		}),

	mine: rolesProcedure('practitioner')
		.input(z.object({}).optional())
		.query(({ ctx }) => listOwnNotifications(ctx.db, ctx.user.id)),

	/** The practitioner's own notification. Someone else's is NOT_FOUND, never FORBIDDEN. */
	mineById: rolesProcedure('practitioner')
		.input(byId)
		.query(async ({ ctx, input }) => {
			const found = await findOwnNotification(ctx.db, ctx.user.id, input.id);
			if (!found) throw problem('NOT_FOUND');
			await auditBy(ctx.db, ctx.user, {
				action: 'notification.viewed',
				recordType: 'notification',
				recordId: found.id
			});
			return found;
		})
});
