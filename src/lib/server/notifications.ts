import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Db } from './db';
import { agencies, notifications } from './db/schema';
import { recordAudit } from './audit';
import { nextReference } from './references';
import { contentHash } from '$lib/domain/content-hash';
import { todayIso } from '$lib/domain/dates';
import type { NotificationForm } from '$lib/domain/notification/notification-form';
import { pruneIrrelevant } from '$lib/domain/notification/notification-form';
import type { SessionUser } from './auth/session';

// Times leave the server as epoch milliseconds: JSON has no dates, and callers in tests and
// over HTTP then see the same shape.
export interface SubmissionReceipt {
	id: string;
	reference: string;
	receivedAt: number;
	contentHash: string;
}

export type SubmitResult =
	{ outcome: 'created' | 'duplicate'; receipt: SubmissionReceipt } | { outcome: 'conflict' };

/**
 * Stores a notification, idempotent on the client's id: the same id and content again returns
 * the first receipt; the same id with other content (or from another account) is a conflict.
 * The record, its reference and its audit event commit in one write transaction.
 */
export async function submitNotification(
	db: Db,
	user: SessionUser,
	id: string,
	form: NotificationForm,
	now = new Date()
): Promise<SubmitResult> {
	const stored = pruneIrrelevant(form);
	const hash = contentHash(stored);
	return db.transaction(async (tx) => {
		const [existing] = await tx
			.select({
				id: notifications.id,
				reference: notifications.reference,
				receivedAt: notifications.receivedAt,
				contentHash: notifications.contentHash,
				submittedBy: notifications.submittedBy
			})
			.from(notifications)
			.where(eq(notifications.id, id));
		if (existing) {
			if (existing.submittedBy !== user.id || existing.contentHash !== hash) {
				return { outcome: 'conflict' as const };
			}
			const { submittedBy: _s, receivedAt, ...rest } = existing;
			return {
				outcome: 'duplicate' as const,
				receipt: { ...rest, receivedAt: receivedAt.getTime() }
			};
		}
		const year = Number(todayIso(now).slice(0, 4));
		const reference = await nextReference(tx, 'notification', year);
		await tx.insert(notifications).values({
			id,
			reference,
			submittedBy: user.id,
			notifierAgencyId: user.agencyId,
			receivedAt: now,
			contentHash: hash,
			form: stored,
			incidentType: stored.incidentType,
			otherChildrenAtRisk: stored.otherChildrenAtRisk
		});
		await recordAudit(
			tx,
			{
				actorId: user.id,
				actorRole: user.role,
				action: 'notification.submitted',
				recordType: 'notification',
				recordId: id,
				detail: { reference, contentHash: hash }
			},
			now
		);
		return {
			outcome: 'created' as const,
			receipt: { id, reference, receivedAt: now.getTime(), contentHash: hash }
		};
	});
}

/** The practitioner's own notifications, newest first: reference, when, and plain status. */
export async function listOwnNotifications(db: Db, userId: string) {
	const rows = await db
		.select({
			id: notifications.id,
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			incidentType: notifications.incidentType,
			status: notifications.status
		})
		.from(notifications)
		.where(eq(notifications.submittedBy, userId))
		.orderBy(desc(notifications.receivedAt), desc(notifications.id))
		.limit(200);
	return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.getTime() }));
}

export interface QueueCursor {
	receivedAt: number;
	id: string;
}

export interface QueueItem {
	id: string;
	reference: string;
	receivedAt: number;
	incidentType: string;
	otherChildrenAtRisk: string;
	status: string;
	agencyName: string | null;
	firstChildName: string;
	childCount: number;
}

/** One page of the Unit's queue, newest first, continuing after `cursor` (keyset pagination). */
export async function queuePage(
	db: Db,
	limit: number,
	cursor: QueueCursor | null
): Promise<{ items: QueueItem[]; next: QueueCursor | null }> {
	const after = cursor
		? or(
				lt(notifications.receivedAt, new Date(cursor.receivedAt)),
				and(
					eq(notifications.receivedAt, new Date(cursor.receivedAt)),
					lt(notifications.id, cursor.id)
				)
			)
		: undefined;
	const rows = await db
		.select({
			id: notifications.id,
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			incidentType: notifications.incidentType,
			otherChildrenAtRisk: notifications.otherChildrenAtRisk,
			status: notifications.status,
			agencyName: agencies.name,
			form: notifications.form
		})
		.from(notifications)
		.leftJoin(agencies, eq(notifications.notifierAgencyId, agencies.id))
		.where(after)
		.orderBy(desc(notifications.receivedAt), desc(notifications.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		items: page.map(({ form, receivedAt, ...row }) => {
			const children = (form as NotificationForm).children;
			return {
				...row,
				receivedAt: receivedAt.getTime(),
				firstChildName: children[0]?.name ?? '',
				childCount: children.length
			};
		}),
		next:
			rows.length > limit && last ? { receivedAt: last.receivedAt.getTime(), id: last.id } : null
	};
}

/** The whole notification, or undefined. Scope (who may see it) is the caller's to check. */
export async function findNotification(db: Db, id: string) {
	const [row] = await db
		.select({
			id: notifications.id,
			reference: notifications.reference,
			submittedBy: notifications.submittedBy,
			receivedAt: notifications.receivedAt,
			contentHash: notifications.contentHash,
			status: notifications.status,
			form: notifications.form,
			agencyName: agencies.name
		})
		.from(notifications)
		.leftJoin(agencies, eq(notifications.notifierAgencyId, agencies.id))
		.where(eq(notifications.id, id));
	return row
		? { ...row, receivedAt: row.receivedAt.getTime(), form: row.form as NotificationForm }
		: undefined;
}
