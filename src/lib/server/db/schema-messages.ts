import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type {
	EmailPreference,
	MailJobKind,
	MailJobStatus
} from '$lib/domain/reminders/preferences';
import type { ReminderKind } from '$lib/domain/reminders/due-events';
import { users } from './schema';

// Messages in the app and the email outbox behind them (docs/decisions/024-reminders.md). Kept
// beside schema.ts, which re-exports them, so the feature's tables are one file.

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });
const recipientId = () =>
	text('recipient_id')
		.notNull()
		.references(() => users.id);

/**
 * One message to one person about one event. The unique index is the idempotency key: an event
 * (`event_key`, e.g. "request_overdue:<request id>"), its recipient and its day (the date the event
 * belongs to, such as the due date). However often and in however many processes the sources are
 * read, an event reaches a person once.
 */
export const messages = sqliteTable(
	'messages',
	{
		id: text('id').primaryKey(),
		recipientId: recipientId(),
		eventKey: text('event_key').notNull(),
		day: text('day').notNull(),
		kind: text('kind').$type<ReminderKind>().notNull(),
		urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
		/** What is waiting, in the app's words (a case or notification reference, never a name). */
		title: text('title').notNull(),
		/** The record's path in the app: ids only. */
		link: text('link').notNull(),
		createdAt: timestamp('created_at').notNull(),
		readAt: timestamp('read_at'),
		/** The email that carries it (alone or in a digest); null while none does. */
		mailJobId: text('mail_job_id')
	},
	(t) => [
		uniqueIndex('messages_event_recipient_day_unique').on(t.eventKey, t.recipientId, t.day),
		index('messages_recipient_idx').on(t.recipientId, t.createdAt),
		index('messages_mail_job_idx').on(t.mailJobId)
	]
);

/**
 * The email outbox: one row per email to send (one urgent or "immediate" message, or one person's
 * daily digest). `key` is unique ("message:<id>", "digest:<user>:<day>"), so no email is queued
 * twice. A worker claims due rows with one UPDATE … RETURNING, setting `claimed_by` and a lease;
 * a row whose lease ran out (its worker died) is claimed again.
 */
export const mailJobs = sqliteTable(
	'mail_jobs',
	{
		id: text('id').primaryKey(),
		key: text('key').notNull(),
		recipientId: recipientId(),
		kind: text('kind').$type<MailJobKind>().notNull(),
		status: text('status').$type<MailJobStatus>().notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		availableAt: timestamp('available_at').notNull(),
		claimedBy: text('claimed_by'),
		leaseUntil: timestamp('lease_until'),
		sentAt: timestamp('sent_at'),
		/** The kind of the last failure (an SMTP code or error code), never a message text. */
		lastError: text('last_error'),
		createdAt: timestamp('created_at').notNull()
	},
	(t) => [
		uniqueIndex('mail_jobs_key_unique').on(t.key),
		index('mail_jobs_due_idx').on(t.status, t.availableAt)
	]
);

/** How a person wants email; no row means the default (a daily digest). */
export const messagePreferences = sqliteTable('message_preferences', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id),
	email: text('email').$type<EmailPreference>().notNull(),
	updatedAt: timestamp('updated_at').notNull()
});

export type MessageRow = typeof messages.$inferSelect;
export type MailJobRow = typeof mailJobs.$inferSelect;
