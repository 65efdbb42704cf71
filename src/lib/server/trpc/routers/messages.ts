import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';
import {
	emailPreferenceOf,
	listMessages,
	markMessagesRead,
	setEmailPreference,
	unreadCount
} from '$lib/server/services/reminders/messages';
import { EMAIL_PREFERENCES } from '$lib/domain/reminders/preferences';

// Each person's own messages and email choice (docs/decisions/024-reminders.md): every role has
// them, and each procedure reads or changes only the caller's own rows.

/** How many messages the page shows, newest first. */
export const MESSAGES_SHOWN = 100;

const messageIdSchema = z.string().uuid('Select a message');

export const messagesRouter = router({
	list: signedInProcedure.input(z.object({}).optional()).query(async ({ ctx }) => ({
		messages: await listMessages(ctx.db, ctx.user.id, MESSAGES_SHOWN),
		unread: await unreadCount(ctx.db, ctx.user.id)
	})),

	unreadCount: signedInProcedure
		.input(z.object({}).optional())
		.query(async ({ ctx }) => ({ unread: await unreadCount(ctx.db, ctx.user.id) })),

	/** Marks the caller's own messages read: the ones named, or all. Others' ids change nothing. */
	markRead: signedInProcedure
		.input(
			z.union([
				z.object({ ids: z.array(messageIdSchema).min(1).max(MESSAGES_SHOWN) }),
				z.object({ all: z.literal(true) })
			])
		)
		.mutation(async ({ ctx, input }) => ({
			marked: await markMessagesRead(
				ctx.db,
				ctx.user,
				'all' in input ? 'all' : input.ids,
				new Date()
			)
		})),

	emailPreference: signedInProcedure
		.input(z.object({}).optional())
		.query(async ({ ctx }) => ({ email: await emailPreferenceOf(ctx.db, ctx.user.id) })),

	setEmailPreference: signedInProcedure
		.input(z.object({ email: z.enum(EMAIL_PREFERENCES, 'Choose how you want email') }))
		.mutation(async ({ ctx, input }) => {
			await setEmailPreference(ctx.db, ctx.user, input.email, new Date());
			return { email: input.email };
		})
});
