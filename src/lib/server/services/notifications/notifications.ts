import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { notifications } from '$lib/server/db/schema';
import {
	recordAudit,
	recordAuditEvents,
	type AuditInput,
	recordAuditBy
} from '$lib/server/services/audit';
import { nextReference, nextReferences } from '$lib/server/services/references';
import { contentHash } from '$lib/server/infra/content-hash';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { NotificationForm } from '$lib/domain/notification/notification-form';
import { pruneIrrelevant } from '$lib/domain/notification/notification-form';
import type { SessionUser } from '$lib/server/auth/session';
import { receiptSigningKey, signReceiptWith, type ReceiptFacts } from './receipts';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { Tx } from '$lib/server/db/transaction';
import { inGroupCommit, type GroupStore } from '$lib/server/db/group-commit';
import {
	storeNotificationChildren,
	triageColumnsFor
} from '$lib/server/services/triage/triage-columns';
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
	/** The notification the Unit returned for correction that this one corrects. */
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

/** An upload ready to store: pruned to what is kept, and the hash of that content. */
interface PreparedUpload extends NotificationUpload {
	stored: NotificationForm;
	hash: string;
}

/** One request's uploads, stored in a group with other requests' (db/group-commit.ts). */
interface Submission {
	user: SessionUser;
	uploads: readonly PreparedUpload[];
	now: Date;
}

function prepareUpload(upload: NotificationUpload): PreparedUpload {
	const stored = pruneIrrelevant(upload.form);
	return { ...upload, stored, hash: contentHash(stored) };
}

interface StoredFacts {
	reference: string;
	receivedAt: Date;
	contentHash: string;
	submittedBy: string;
}

/** The answer to an upload whose id is already stored: the first receipt again, or a conflict. */
function againstStored(
	user: SessionUser,
	upload: PreparedUpload,
	existing: StoredFacts
): StoreOutcome {
	if (existing.submittedBy !== user.id || existing.contentHash !== upload.hash) {
		return { outcome: 'conflict' };
	}
	// The first receipt's facts, so a retry gets a receipt identical to the one it missed.
	return {
		outcome: 'duplicate',
		facts: {
			id: upload.id,
			reference: existing.reference,
			receivedAt: existing.receivedAt.getTime(),
			contentHash: existing.contentHash
		}
	};
}

function notificationRow(user: SessionUser, upload: PreparedUpload, reference: string, now: Date) {
	const { id, stored, hash } = upload;
	return {
		id,
		reference,
		submittedBy: user.id,
		notifierAgencyId: user.agencyId,
		receivedAt: now,
		contentHash: hash,
		form: stored,
		incidentType: stored.incidentType,
		otherChildrenAtRisk: stored.otherChildrenAtRisk,
		correctsId: upload.correctsId ?? null,
		...triageColumnsFor(stored, now)
	};
}

function submittedEvent(user: SessionUser, upload: PreparedUpload, reference: string): AuditInput {
	const { id, hash, correctsId } = upload;
	return {
		actorId: user.id,
		actorRole: user.role,
		action: 'notification.submitted',
		recordType: 'notification',
		recordId: id,
		detail: correctsId
			? { reference, contentHash: hash, correctsId }
			: { reference, contentHash: hash }
	};
}

const storedFactsColumns = {
	id: notifications.id,
	reference: notifications.reference,
	receivedAt: notifications.receivedAt,
	contentHash: notifications.contentHash,
	submittedBy: notifications.submittedBy
};

/**
 * Stores one notification inside the caller's write transaction, idempotent on the client's
 * id: the same id and content again gives back the first receipt's facts; the same id with
 * other content (or from another account) is a conflict. The record, its reference and its
 * audit event commit together.
 */
async function storeNotification(
	tx: Tx,
	user: SessionUser,
	upload: PreparedUpload,
	now: Date
): Promise<StoreOutcome> {
	const { id } = upload;
	const [existing] = await tx
		.select(storedFactsColumns)
		.from(notifications)
		.where(eq(notifications.id, id));
	if (existing) return againstStored(user, upload, existing);
	const refusal = await correctionRefusal(tx, user, upload);
	if (refusal) return { outcome: 'invalid', fieldErrors: refusal };
	const correctsId = upload.correctsId ?? null;
	const reference = await nextReference(tx, 'notification', yearReceived(now));
	await tx.insert(notifications).values(notificationRow(user, upload, reference, now));
	await storeNotificationChildren(tx, [upload]);
	await recordAudit(tx, submittedEvent(user, upload, reference), now);
	if (correctsId) {
		// The first stays as it was (still 'returned'); it only learns which version replaced it.
		await tx
			.update(notifications)
			.set({ supersededById: id })
			.where(eq(notifications.id, correctsId));
		await recordAuditBy(tx, user, now, {
			action: 'notification.superseded',
			recordType: 'notification',
			recordId: correctsId,
			detail: { supersededById: id }
		});
	}
	return {
		outcome: 'created',
		facts: { id, reference, receivedAt: now.getTime(), contentHash: upload.hash }
	};
}

function yearReceived(now: Date): number {
	return Number(todayIso(now).slice(0, 4));
}

// Rows per multi-row INSERT: well under SQLite's limit on bound parameters (about 20 a row).
const ROWS_PER_INSERT = 100;
// Ids per `IN (…)` lookup, for the same reason.
const IDS_PER_LOOKUP = 500;

/**
 * Stores a group of submissions with a few multi-row statements instead of several statements per
 * form (docs/decisions/012-performance.md): one lookup of the ids already stored, one draw of
 * references per year, then one INSERT per 100 notifications, children and audit events. The
 * outcomes are those storeNotification would give one by one, in order: a form whose id was
 * stored before, or earlier in the same group, is a duplicate or a conflict.
 *
 * A correction reads and changes the notification it corrects, so a group holding one is stored
 * one form after another instead.
 */
async function storeSubmissions(
	tx: Tx,
	submissions: readonly Submission[]
): Promise<StoreOutcome[][]> {
	const all = submissions.flatMap((s) => s.uploads.map((upload) => ({ ...s, upload })));
	if (all.some(({ upload }) => upload.correctsId !== undefined)) {
		const out: StoreOutcome[][] = [];
		for (const s of submissions) out.push(await storeInTurn(tx, s));
		return out;
	}
	const known = new Map<string, StoredFacts>();
	const ids = [...new Set(all.map(({ upload }) => upload.id))];
	for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
		const rows = await tx
			.select(storedFactsColumns)
			.from(notifications)
			.where(inArray(notifications.id, ids.slice(i, i + IDS_PER_LOOKUP)));
		for (const row of rows) known.set(row.id, row);
	}
	// The first form with a new id is stored; any later one with that id answers against it.
	type Fresh = (typeof all)[number] & { index: number; facts: StoredFacts; year: number };
	const fresh = new Map<string, Fresh>();
	all.forEach((entry, index) => {
		const { id, hash } = entry.upload;
		if (known.has(id) || fresh.has(id)) return;
		const facts = {
			reference: '',
			receivedAt: entry.now,
			contentHash: hash,
			submittedBy: entry.user.id
		};
		fresh.set(id, { ...entry, index, facts, year: yearReceived(entry.now) });
	});
	const stored = [...fresh.values()];
	for (const year of new Set(stored.map((f) => f.year))) {
		const ofYear = stored.filter((f) => f.year === year);
		const references = await nextReferences(tx, 'notification', year, ofYear.length);
		ofYear.forEach((f, i) => (f.facts.reference = references[i] ?? ''));
	}
	for (let i = 0; i < stored.length; i += ROWS_PER_INSERT) {
		const chunk = stored.slice(i, i + ROWS_PER_INSERT);
		await tx
			.insert(notifications)
			.values(chunk.map((f) => notificationRow(f.user, f.upload, f.facts.reference, f.now)));
		await storeNotificationChildren(
			tx,
			chunk.map((f) => f.upload)
		);
	}
	await recordAuditEvents(
		tx,
		stored.map((f) => ({ input: submittedEvent(f.user, f.upload, f.facts.reference), at: f.now }))
	);
	const outcomes = all.map(({ user, upload }, index): StoreOutcome => {
		const first = fresh.get(upload.id);
		if (first?.index === index) {
			const { reference, contentHash: hash } = first.facts;
			return {
				outcome: 'created',
				facts: { id: upload.id, reference, receivedAt: first.now.getTime(), contentHash: hash }
			};
		}
		const existing = known.get(upload.id) ?? first?.facts;
		if (!existing) throw new Error('a stored notification went missing from its group');
		return againstStored(user, upload, existing);
	});
	let next = 0;
	return submissions.map((s) => outcomes.slice(next, (next += s.uploads.length)));
}

/** One submission's forms, one after another (also the group store's item-by-item fallback). */
async function storeInTurn(tx: Tx, { user, uploads, now }: Submission): Promise<StoreOutcome[]> {
	const out: StoreOutcome[] = [];
	for (const upload of uploads) out.push(await storeNotification(tx, user, upload, now));
	return out;
}

const submissionStore: GroupStore<Submission, StoreOutcome[]> = {
	storeGroup: storeSubmissions,
	storeOne: storeInTurn
};

/**
 * Stores uploads in order and answers each with a signed receipt or a conflict, in the same
 * order. Concurrent requests share one write transaction and one COMMIT (db/group-commit.ts):
 * each commit is a synchronous fsync (synchronous=FULL), so this is what makes a full outbox,
 * and many phones at once, cheap to ingest. A failure that takes the group's transaction down
 * rolls it back and nothing is acknowledged, so the device simply sends again.
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
	const outcomes = await inGroupCommit(db, submissionStore, {
		user,
		uploads: uploads.map(prepareUpload),
		now
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

/** What a practitioner sees of each of their own notifications, in their list and on its page. */
const ownColumns = {
	id: notifications.id,
	reference: notifications.reference,
	receivedAt: notifications.receivedAt,
	status: notifications.status,
	returnMessage: notifications.returnMessage,
	correctsId: notifications.correctsId,
	supersededById: notifications.supersededById
};

/**
 * The practitioner's own notifications, newest first: reference, when, plain status, and for a
 * returned one the Unit's message and the version that corrected it.
 */
export async function listOwnNotifications(db: Db, userId: string) {
	const rows = await db
		.select({ ...ownColumns, incidentType: notifications.incidentType })
		.from(notifications)
		.where(eq(notifications.submittedBy, userId))
		.orderBy(desc(notifications.receivedAt), desc(notifications.id))
		.limit(200);
	return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.getTime() }));
}

/** The whole notification if `userId` sent it, or undefined (someone else's reads as missing). */
export async function findOwnNotification(db: Db, userId: string, id: string) {
	const [row] = await db
		.select({ ...ownColumns, contentHash: notifications.contentHash, form: notifications.form })
		.from(notifications)
		.where(and(eq(notifications.id, id), eq(notifications.submittedBy, userId)));
	return row
		? { ...row, receivedAt: row.receivedAt.getTime(), form: row.form as NotificationForm }
		: undefined;
}
