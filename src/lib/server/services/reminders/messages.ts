import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { mailJobs, messagePreferences, messages, users } from '$lib/server/db/schema';
import { recordAuditBy, type Actor } from '$lib/server/services/audit';
import type { Audience, DueEvent, ReminderKind } from '$lib/domain/reminders/due-events';
import {
	DEFAULT_EMAIL_PREFERENCE,
	emailsAtOnce,
	type EmailPreference
} from '$lib/domain/reminders/preferences';

// Messages in the app (docs/decisions/024-reminders.md): stored once per event, recipient and
// day, read on the messages page, counted in the header.

/** The active people an event's audience names. */
async function recipientsOf(tx: Tx, audience: readonly Audience[]): Promise<string[]> {
	const userIds: string[] = [];
	const agencyIds: string[] = [];
	const roles: ('unit' | 'chair')[] = [];
	for (const who of audience) {
		if ('userId' in who) userIds.push(who.userId);
		else if ('agencyId' in who) agencyIds.push(who.agencyId);
		else roles.push(who.role);
	}
	const matches = [
		userIds.length ? inArray(users.id, userIds) : undefined,
		agencyIds.length
			? and(eq(users.role, 'agency'), inArray(users.agencyId, agencyIds))
			: undefined,
		roles.length ? inArray(users.role, roles) : undefined
	].filter((condition) => condition !== undefined);
	if (matches.length === 0) return [];
	const rows = await tx
		.select({ id: users.id })
		.from(users)
		.where(and(isNull(users.disabledAt), or(...matches)));
	return rows.map((row) => row.id);
}

async function preferencesOf(
	tx: Tx,
	userIds: readonly string[]
): Promise<Map<string, EmailPreference>> {
	if (userIds.length === 0) return new Map();
	const rows = await tx
		.select({ userId: messagePreferences.userId, email: messagePreferences.email })
		.from(messagePreferences)
		.where(inArray(messagePreferences.userId, [...userIds]));
	return new Map(rows.map((row) => [row.userId, row.email]));
}

/**
 * Stores a message for each recipient of each event that has none yet, and queues its email when
 * it is urgent or the person asked for each at once; the rest wait for the daily digest. One write
 * transaction: a second process storing the same events finds them stored and queues nothing.
 * Answers how many messages were new.
 */
export async function storeDueEvents(
	db: Db,
	events: readonly DueEvent[],
	now: Date
): Promise<number> {
	if (events.length === 0) return 0;
	return db.transaction(async (tx) => {
		let stored = 0;
		for (const event of events) {
			const recipients = await recipientsOf(tx, event.audience);
			const preferences = await preferencesOf(tx, recipients);
			for (const recipientId of recipients) {
				const id = crypto.randomUUID();
				const inserted = await tx
					.insert(messages)
					.values({
						id,
						recipientId,
						eventKey: event.key,
						day: event.day,
						kind: event.kind,
						urgent: event.urgent,
						title: event.title,
						link: event.link,
						createdAt: now
					})
					.onConflictDoNothing()
					.returning({ id: messages.id });
				if (inserted.length === 0) continue;
				stored += 1;
				const preference = preferences.get(recipientId) ?? DEFAULT_EMAIL_PREFERENCE;
				if (!emailsAtOnce(preference, event.urgent)) continue;
				const jobId = crypto.randomUUID();
				await tx.insert(mailJobs).values({
					id: jobId,
					key: `message:${id}`,
					recipientId,
					kind: 'message',
					availableAt: now,
					createdAt: now
				});
				await tx.update(messages).set({ mailJobId: jobId }).where(eq(messages.id, id));
			}
		}
		return stored;
	});
}

export interface MessageListRow {
	id: string;
	kind: ReminderKind;
	urgent: boolean;
	title: string;
	link: string;
	createdAt: number;
	read: boolean;
}

/** The person's newest messages first. */
export async function listMessages(
	db: Db,
	userId: string,
	limit: number
): Promise<MessageListRow[]> {
	const rows = await db
		.select({
			id: messages.id,
			kind: messages.kind,
			urgent: messages.urgent,
			title: messages.title,
			link: messages.link,
			createdAt: messages.createdAt,
			readAt: messages.readAt
		})
		.from(messages)
		.where(eq(messages.recipientId, userId))
		.orderBy(desc(messages.createdAt), desc(messages.id))
		.limit(limit);
	return rows.map(({ readAt, createdAt, ...row }) => ({
		...row,
		createdAt: createdAt.getTime(),
		read: readAt !== null
	}));
}

/** How many of the person's messages are unread: the header's count. */
export async function unreadCount(db: Db, userId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(messages)
		.where(and(eq(messages.recipientId, userId), isNull(messages.readAt)));
	return row?.n ?? 0;
}

/**
 * Marks the person's own messages read (`ids`, or all of them), audited. Someone else's message
 * id matches nothing. Answers how many changed.
 */
export async function markMessagesRead(
	db: Db,
	user: Actor,
	ids: readonly string[] | 'all',
	now: Date
): Promise<number> {
	return db.transaction(async (tx) => {
		const mine = and(eq(messages.recipientId, user.id), isNull(messages.readAt));
		const changed = await tx
			.update(messages)
			.set({ readAt: now })
			.where(ids === 'all' ? mine : and(mine, inArray(messages.id, [...ids])))
			.returning({ id: messages.id });
		if (changed.length > 0) {
			await recordAuditBy(tx, user, now, {
				action: 'message.read',
				recordType: 'message',
				recordId: changed.length === 1 ? changed[0]?.id : undefined,
				detail: { count: changed.length }
			});
		}
		return changed.length;
	});
}

export async function emailPreferenceOf(db: Db, userId: string): Promise<EmailPreference> {
	const [row] = await db
		.select({ email: messagePreferences.email })
		.from(messagePreferences)
		.where(eq(messagePreferences.userId, userId));
	return row?.email ?? DEFAULT_EMAIL_PREFERENCE;
}

/** Records how the person wants email, audited with the choice before and after. */
export async function setEmailPreference(
	db: Db,
	user: Actor,
	email: EmailPreference,
	now: Date
): Promise<void> {
	await db.transaction(async (tx) => {
		const [before] = await tx
			.select({ email: messagePreferences.email })
			.from(messagePreferences)
			.where(eq(messagePreferences.userId, user.id));
		await tx
			.insert(messagePreferences)
			.values({ userId: user.id, email, updatedAt: now })
			.onConflictDoUpdate({ target: messagePreferences.userId, set: { email, updatedAt: now } });
		await recordAuditBy(tx, user, now, {
			action: 'user.email_preference_changed',
			recordType: 'user',
			recordId: user.id,
			detail: { before: before?.email ?? DEFAULT_EMAIL_PREFERENCE, after: email }
		});
	});
}
