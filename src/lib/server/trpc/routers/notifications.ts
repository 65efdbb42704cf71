import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { problem } from '../../problem';
import { audit } from '../../audit';
import {
	findNotification,
	listOwnNotifications,
	queuePage,
	submitNotification
} from '../../notifications';
import { notificationSubmissionSchema } from '$lib/domain/notification/submission';

const byId = z.object({ id: z.uuid('Enter a valid notification identifier') });

export const notificationsRouter = router({
	/** Idempotent on the client's id: a retry returns the same receipt. */
	submit: rolesProcedure('practitioner')
		.input(notificationSubmissionSchema)
		.mutation(async ({ ctx, input }) => {
			const result = await submitNotification(ctx.db, ctx.user, input.id, input.form);
			if (result.outcome === 'conflict') throw problem('SUBMISSION_CONFLICT');
			return { ...result.receipt, duplicate: result.outcome === 'duplicate' };
		}),

	mine: rolesProcedure('practitioner')
		.input(z.object({}).optional())
		.query(({ ctx }) => listOwnNotifications(ctx.db, ctx.user.id)),

	/** The practitioner's own notification. Someone else's is NOT_FOUND, never FORBIDDEN. */
	mineById: rolesProcedure('practitioner')
		.input(byId)
		.query(async ({ ctx, input }) => {
			const found = await findNotification(ctx.db, input.id);
			if (!found || found.submittedBy !== ctx.user.id) throw problem('NOT_FOUND');
			await audit(ctx.db, {
				actorId: ctx.user.id,
				actorRole: ctx.user.role,
				action: 'notification.viewed',
				recordType: 'notification',
				recordId: found.id
			});
			const { submittedBy: _s, agencyName: _a, ...own } = found;
			return own;
		}),

	queue: rolesProcedure('unit')
		.input(
			z.object({
				limit: z.number().int().min(1).max(100).default(25),
				cursor: z.object({ receivedAt: z.number().int().nonnegative(), id: z.uuid() }).nullish()
			})
		)
		.query(async ({ ctx, input }) => {
			const page = await queuePage(ctx.db, input.limit, input.cursor ?? null);
			// The queue shows children's names, so each page view is audited with what it showed.
			await audit(ctx.db, {
				actorId: ctx.user.id,
				actorRole: ctx.user.role,
				action: 'notification.queue_viewed',
				recordType: 'notification',
				detail: { ids: page.items.map((i) => i.id) }
			});
			return page;
		}),

	byId: rolesProcedure('unit')
		.input(byId)
		.query(async ({ ctx, input }) => {
			const found = await findNotification(ctx.db, input.id);
			if (!found) throw problem('NOT_FOUND');
			await audit(ctx.db, {
				actorId: ctx.user.id,
				actorRole: ctx.user.role,
				action: 'notification.viewed',
				recordType: 'notification',
				recordId: found.id
			});
			return found;
		})
});
