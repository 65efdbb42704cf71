import { and, asc, eq, gte, inArray, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import {
	mailJobs,
	messagePreferences,
	messages,
	users,
	type MailJobRow
} from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/services/audit';
import type { Mailer } from '$lib/server/infra/mailer';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { digestEmail, singleEmail } from '$lib/domain/reminders/email';
import { DIGEST_HOUR_UTC } from '$lib/domain/reminders/preferences';

// The email outbox (docs/decisions/024-reminders.md): digests queued once a day per person, jobs
// claimed by one worker at a time with a lease, sent, then marked sent.

/** How long a claimed job is a worker's alone; after that (the worker died) another claims it. */
export const MAIL_LEASE_MS = 5 * 60 * 1000;
/** Jobs claimed per run. */
const CLAIM_BATCH = 50;
/** After this many failed attempts a job is left as failed (and audited). */
export const MAX_MAIL_ATTEMPTS = 8;
/** Unread messages older than this are never put in a digest (a preference switched back on). */
const DIGEST_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Once the day's digest hour has come, queues a digest for each person who wants one and has
 * unread messages not yet emailed, and gives those messages to it. The job's key is the person and
 * the day, so a second worker (or a second run) queues no second digest that day.
 */
export async function queueDigests(db: Db, now: Date): Promise<number> {
	if (now.getUTCHours() < DIGEST_HOUR_UTC) return 0;
	const day = todayIso(now);
	return db.transaction(async (tx) => {
		const optedOut = tx
			.select({ userId: messagePreferences.userId })
			.from(messagePreferences)
			.where(inArray(messagePreferences.email, ['immediate', 'urgent_only']));
		const waiting = await tx
			.selectDistinct({ recipientId: messages.recipientId })
			.from(messages)
			.innerJoin(users, eq(messages.recipientId, users.id))
			.where(
				and(
					isNull(messages.mailJobId),
					isNull(messages.readAt),
					eq(messages.urgent, false),
					lte(messages.createdAt, now),
					gte(messages.createdAt, new Date(now.getTime() - DIGEST_LOOKBACK_MS)),
					isNull(users.disabledAt),
					notInArray(messages.recipientId, optedOut)
				)
			);
		let queued = 0;
		for (const { recipientId } of waiting) {
			const jobId = crypto.randomUUID();
			const inserted = await tx
				.insert(mailJobs)
				.values({
					id: jobId,
					key: `digest:${recipientId}:${day}`,
					recipientId,
					kind: 'digest',
					availableAt: now,
					createdAt: now
				})
				.onConflictDoNothing()
				.returning({ id: mailJobs.id });
			// Today's digest is queued already: what came since waits for tomorrow's.
			if (inserted.length === 0) continue;
			await tx
				.update(messages)
				.set({ mailJobId: jobId })
				.where(
					and(
						eq(messages.recipientId, recipientId),
						isNull(messages.mailJobId),
						isNull(messages.readAt),
						eq(messages.urgent, false),
						lte(messages.createdAt, now)
					)
				);
			queued += 1;
		}
		return queued;
	});
}

/**
 * Claims up to CLAIM_BATCH due jobs for `workerId` in one statement: pending, available, and not
 * under another worker's lease. SQLite runs the UPDATE in one write transaction, so two workers on
 * one database never claim the same job.
 */
export async function claimMailJobs(db: Db, workerId: string, now: Date): Promise<MailJobRow[]> {
	return db.transaction(async (tx) => {
		const due = tx
			.select({ id: mailJobs.id })
			.from(mailJobs)
			.where(
				and(
					eq(mailJobs.status, 'pending'),
					lte(mailJobs.availableAt, now),
					or(isNull(mailJobs.leaseUntil), lte(mailJobs.leaseUntil, now))
				)
			)
			.orderBy(asc(mailJobs.availableAt))
			.limit(CLAIM_BATCH);
		return tx
			.update(mailJobs)
			.set({
				claimedBy: workerId,
				leaseUntil: new Date(now.getTime() + MAIL_LEASE_MS),
				attempts: sql`${mailJobs.attempts} + 1`
			})
			.where(inArray(mailJobs.id, due))
			.returning();
	});
}

async function emailFor(db: Db, job: MailJobRow, origin: string) {
	const [recipient] = await db
		.select({ email: users.email, disabledAt: users.disabledAt })
		.from(users)
		.where(eq(users.id, job.recipientId));
	const items = await db
		.select({ kind: messages.kind, link: messages.link })
		.from(messages)
		.where(eq(messages.mailJobId, job.id))
		.orderBy(asc(messages.createdAt));
	const [first] = items;
	if (!recipient || recipient.disabledAt || !first) return null;
	const content = job.kind === 'digest' ? digestEmail(items, origin) : singleEmail(first, origin);
	return { to: recipient.email, ...content, messageId: `<${job.id}@safeguard-tracker>` };
}

function failureKind(error: unknown): string {
	if (error && typeof error === 'object') {
		const code = 'responseCode' in error ? error.responseCode : 'code' in error ? error.code : null;
		if (typeof code === 'string' || typeof code === 'number') return String(code).slice(0, 40);
	}
	return 'error';
}

/**
 * Sends each claimed job, then marks it sent (only while it is still this worker's claim). A
 * failure frees the job to be tried again later, backing off, until MAX_MAIL_ATTEMPTS.
 * Answers how many were sent.
 */
export async function deliverMailJobs(
	db: Db,
	jobs: readonly MailJobRow[],
	workerId: string,
	mailer: Mailer,
	origin: string,
	clock: () => Date
): Promise<number> {
	let sent = 0;
	for (const job of jobs) {
		const email = await emailFor(db, job, origin);
		const mine = and(eq(mailJobs.id, job.id), eq(mailJobs.claimedBy, workerId));
		if (!email) {
			// A disabled recipient, or a digest whose messages were all read: nothing to send.
			await db
				.update(mailJobs)
				.set({ status: 'sent', claimedBy: null, lastError: 'nothing' })
				.where(mine);
			continue;
		}
		try {
			await mailer.send(email);
		} catch (error) {
			const now = clock();
			const failed = job.attempts >= MAX_MAIL_ATTEMPTS;
			await db.transaction(async (tx) => {
				await tx
					.update(mailJobs)
					.set({
						status: failed ? 'failed' : 'pending',
						claimedBy: null,
						leaseUntil: null,
						lastError: failureKind(error),
						// 1, 2, 4… minutes, at most an hour.
						availableAt: new Date(now.getTime() + Math.min(60, 2 ** (job.attempts - 1)) * 60_000)
					})
					.where(mine);
				if (failed) {
					await recordAudit(
						tx,
						{
							actorId: null,
							actorRole: null,
							action: 'mail.failed',
							recordType: 'mail_job',
							recordId: job.id,
							detail: { kind: job.kind, recipientId: job.recipientId, error: failureKind(error) }
						},
						now
					);
				}
			});
			continue;
		}
		const now = clock();
		await db.transaction(async (tx) => {
			await tx
				.update(mailJobs)
				.set({ status: 'sent', sentAt: now, claimedBy: null, leaseUntil: null })
				.where(mine);
			await recordAudit(
				tx,
				{
					actorId: null,
					actorRole: null,
					action: 'mail.sent',
					recordType: 'mail_job',
					recordId: job.id,
					detail: { kind: job.kind, recipientId: job.recipientId, via: mailer.kind }
				},
				now
			);
		});
		sent += 1;
	}
	return sent;
}
