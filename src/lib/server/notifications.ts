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
import { receiptSigningKey, signReceiptWith, type ReceiptFacts } from './receipts';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { Tx } from './db/transaction';
import { inGroupCommit } from './db/group-commit';
import { storeNotificationChildren, triageColumnsFor } from './triage-columns';
import type { FieldErrors } from '$lib/errors';

// Times leave the server as epoch milliseconds: JSON has no dates, and callers in tests and
// over HTTP then see the same shape.
export type SubmitResult =
	| { outcome: 'created' | 'duplicate'; receipt: SignedReceipt }
	| { outcome: 'conflict' }
	| { outcome: 'invalid'; fieldErrors: FieldErrors };

/** A form that passed its schema, with the id the device gave it. */
export interface NotificationUpload {
	id: string;
	form: NotificationForm;
	/** The returned notification this one corrects (DESIGN §3a: send back for correction). */
	correctsId?: string;
}

type StoreOutcome =
	| { outcome: 'created' | 'duplicate'; facts: ReceiptFacts }
	| { outcome: 'conflict' }
	| { outcome: 'invalid'; fieldErrors: FieldErrors };

const CANNOT_CORRECT =
	'Only a notification of yours that was returned to you for correction can be corrected. Send this as a new notification instead.';
const ALREADY_CORRECTED =
	'That notification has already been corrected. Send this as a new notification instead.';

/**
 * Why `upload` may not correct the notification it names, if it may not: the first must be the
 * caller's own, returned for correction, and not already corrected by another notification.
 */
async function correctionRefusal(
	tx: Tx,
	user: SessionUser,
	upload: NotificationUpload
): Promise<FieldErrors | null> {
	const { correctsId } = upload;
	if (correctsId === undefined) return null;
	if (correctsId === upload.id) return { correctsId: CANNOT_CORRECT };
	const [first] = await tx
		.select({
			submittedBy: notifications.submittedBy,
			status: notifications.status,
			supersededById: notifications.supersededById
		})
		.from(notifications)
		.where(eq(notifications.id, correctsId));
	if (!first || first.submittedBy !== user.id || first.status !== 'returned') {
		return { correctsId: CANNOT_CORRECT };
	}
	if (first.supersededById !== null && first.supersededById !== upload.id) {
		return { correctsId: ALREADY_CORRECTED };
	}
	return null;
}

/**
 * Stores one notification inside the caller's write transaction, idempotent on the client's
 * id: the same id and content again gives back the first receipt's facts; the same id with
 * other content (or from another account) is a conflict. The record, its reference and its
 * audit event commit together.
 */
async function storeNotification(
	tx: Tx,
	user: SessionUser,
	upload: NotificationUpload,
	now: Date
): Promise<StoreOutcome> {
	const { id } = upload;
	const stored = pruneIrrelevant(upload.form);
	const hash = contentHash(stored);
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
			return { outcome: 'conflict' };
		}
		// The first receipt's facts, so a retry gets a receipt identical to the one it missed.
		const { submittedBy: _s, receivedAt, ...rest } = existing;
		return { outcome: 'duplicate', facts: { ...rest, receivedAt: receivedAt.getTime() } };
	}
	const refusal = await correctionRefusal(tx, user, upload);
	if (refusal) return { outcome: 'invalid', fieldErrors: refusal };
	const correctsId = upload.correctsId ?? null;
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
		otherChildrenAtRisk: stored.otherChildrenAtRisk,
		correctsId,
		...triageColumnsFor(stored, now)
	});
	await storeNotificationChildren(tx, id, stored);
	await recordAudit(
		tx,
		{
			actorId: user.id,
			actorRole: user.role,
			action: 'notification.submitted',
			recordType: 'notification',
			recordId: id,
			detail: correctsId
				? { reference, contentHash: hash, correctsId }
				: { reference, contentHash: hash }
		},
		now
	);
	if (correctsId) {
		// The first stays as it was (still 'returned'); it only learns which version replaced it.
		await tx
			.update(notifications)
			.set({ supersededById: id })
			.where(eq(notifications.id, correctsId));
		await recordAudit(
			tx,
			{
				actorId: user.id,
				actorRole: user.role,
				action: 'notification.superseded',
				recordType: 'notification',
				recordId: correctsId,
				detail: { supersededById: id }
			},
			now
		);
	}
	return {
		outcome: 'created',
		facts: { id, reference, receivedAt: now.getTime(), contentHash: hash }
	};
}

/**
 * Stores uploads in order in ONE write transaction and answers each with a signed receipt or a
 * conflict, in the same order. One transaction per batch rather than per form: each commit is a
 * synchronous fsync (synchronous=FULL), so this is what makes a full outbox cheap to ingest.
 * Concurrent requests share a commit too (db/group-commit.ts), each in its own savepoint.
 * A failure anywhere rolls the whole batch back and nothing is acknowledged, so the device
 * simply sends it again.
 */
export async function submitNotifications(
	db: Db,
	user: SessionUser,
	uploads: readonly NotificationUpload[],
	now = new Date()
): Promise<SubmitResult[]> {
	if (uploads.length === 0) return [];
	// Loaded before the transaction: the key may need its own write on first use.
	const key = await receiptSigningKey(db);
	// Shares its COMMIT with submissions from other requests arriving meanwhile (group commit).
	const outcomes = await inGroupCommit(db, async (tx) => {
		const out: StoreOutcome[] = [];
		for (const upload of uploads) out.push(await storeNotification(tx, user, upload, now));
		return out;
	});
	// Signed only once committed: a receipt is never issued for something not stored.
	return outcomes.map((o) =>
		o.outcome === 'conflict' || o.outcome === 'invalid'
			? o
			: { outcome: o.outcome, receipt: signReceiptWith(key, o.facts) }
	);
}

/** Stores one notification (see submitNotifications) and answers with its signed receipt. */
export async function submitNotification(
	db: Db,
	user: SessionUser,
	id: string,
	form: NotificationForm,
	now = new Date(),
	correctsId?: string
): Promise<SubmitResult> {
	const upload: NotificationUpload = correctsId ? { id, form, correctsId } : { id, form };
	const [result] = await submitNotifications(db, user, [upload], now);
	if (!result) throw new Error('submitNotifications returned no result');
	return result;
}

/**
 * The practitioner's own notifications, newest first: reference, when, plain status, and for a
 * returned one the Unit's message and the version that corrected it.
 */
export async function listOwnNotifications(db: Db, userId: string) {
	const rows = await db
		.select({
			id: notifications.id,
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			incidentType: notifications.incidentType,
			status: notifications.status,
			returnMessage: notifications.returnMessage,
			correctsId: notifications.correctsId,
			supersededById: notifications.supersededById
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
			agencyName: agencies.name,
			returnMessage: notifications.returnMessage,
			correctsId: notifications.correctsId,
			supersededById: notifications.supersededById
		})
		.from(notifications)
		.leftJoin(agencies, eq(notifications.notifierAgencyId, agencies.id))
		.where(eq(notifications.id, id));
	return row
		? { ...row, receivedAt: row.receivedAt.getTime(), form: row.form as NotificationForm }
		: undefined;
}
