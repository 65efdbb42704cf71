import { asc, desc } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { auditEvents, type AuditEventRow } from '$lib/server/db/schema';
import type { Role } from '$lib/domain/roles';
import { contentHash } from '$lib/server/infra/content-hash';

// Append-only audit trail. Each event stores the hash of the one before it, so removing,
// reordering or editing a stored event breaks the chain that `npm run audit:verify` checks.

export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction =
	| 'auth.sign_in'
	| 'auth.sign_in_failed'
	| 'auth.sign_out'
	| 'auth.sessions_revoked'
	| 'auth.session_signed_out'
	| 'auth.other_sessions_signed_out'
	| 'auth.second_factor_enrolled'
	| 'auth.second_factor_refused'
	| 'auth.recovery_code_used'
	| 'user.second_factor_reset'
	| 'auth.passkey_used'
	| 'auth.passkey_refused'
	| 'user.passkey_added'
	| 'user.passkey_removed'
	| 'user.recovery_codes_replaced'
	| 'user.created'
	| 'user.disabled'
	| 'user.enabled'
	| 'user.password_changed'
	| 'user.password_change_refused'
	| 'user.password_reset_link_issued'
	| 'user.password_reset'
	| 'notification.submitted'
	| 'notification.viewed'
	| 'notification.superseded'
	| 'notification.assigned'
	| 'notification.other_children_action_recorded'
	| 'notification.lead_authority_recorded'
	| 'notification.cdop_informed_recorded'
	| 'notification.returned'
	| 'notification.linked'
	| 'triage.queue_viewed'
	| 'case.opened'
	| 'case.notification_linked'
	| 'case.merged'
	| 'case.list_viewed'
	| 'case.viewed'
	| 'case.transitioned'
	| 'case.owner_assigned'
	| 'case.short_reports_requested'
	| 'case.short_report_withdrawn'
	| 'case.date_recorded'
	| 'case.action_item_added'
	| 'case.action_item_updated'
	| 'case.imrs_requested'
	| 'case.imrs_viewed'
	| 'agency.imr_requests_viewed'
	| 'imr_request.viewed'
	| 'imr.submitted'
	| 'case.review_work_viewed'
	| 'case.review_entry_recorded'
	| 'case.review_viewed'
	| 'case.meetings_viewed'
	| 'case.meeting_viewed'
	| 'review.panel_appointed'
	| 'review.panel_member_added'
	| 'review.milestone_added'
	| 'review.specialist_opinion_agreed'
	| 'review.meeting_recorded'
	| 'review.document_version_saved'
	| 'review.ofsted_dispatch_recorded'
	| 'agency.requests_viewed'
	| 'agency.files_secured_viewed'
	| 'short_report_request.viewed'
	| 'short_report.submitted'
	| 'short_report.corrected'
	| 'short_report.nil_return'
	| 'files_secured.acknowledged'
	| 'attachment.uploaded'
	| 'attachment.downloaded'
	| 'upload.created'
	| 'upload.completed'
	| 'upload.refused'
	| 'upload.cancelled'
	| 'upload.expired'
	| 'page.refused'
	| 'message.read'
	| 'user.email_preference_changed'
	| 'mail.sent'
	| 'mail.failed'
	| 'report.dashboard_viewed'
	| 'report.year_viewed'
	| 'report.exported';

export interface AuditInput {
	actorId: string | null;
	actorRole: Role | null;
	action: AuditAction;
	recordType?: string;
	recordId?: string;
	detail?: Record<string, unknown>;
}

/** An event a signed-in user caused: they are its actor. */
export type UserAuditInput = Omit<AuditInput, 'actorId' | 'actorRole'>;

/** Who caused an event: the signed-in user. */
export type Actor = { id: string; role: Role };

/** Anything that can run queries: the database or an open transaction. */
type Queryable = Pick<Db, 'select' | 'insert'>;

export function hashAuditEvent(
	event: Omit<AuditEventRow, 'seq' | 'hash'> & { seq: number }
): string {
	return contentHash({
		seq: event.seq,
		at: event.at.getTime(),
		actorId: event.actorId,
		actorRole: event.actorRole,
		action: event.action,
		recordType: event.recordType,
		recordId: event.recordId,
		detail: event.detail ?? null,
		prevHash: event.prevHash
	});
}

/**
 * Appends one event. Call inside the write transaction that makes the change, so the change and
 * its audit event are stored together or not at all, and the chain cannot fork.
 */
export async function recordAudit(tx: Queryable, input: AuditInput, now = new Date()) {
	await recordAuditEvents(tx, [{ input, at: now }]);
}

/** recordAudit for an event `user` caused at `now`. */
export async function recordAuditBy(tx: Queryable, user: Actor, now: Date, input: UserAuditInput) {
	await recordAudit(tx, { actorId: user.id, actorRole: user.role, ...input }, now);
}

// Rows per INSERT: well under SQLite's limit on bound parameters (10 columns a row).
const AUDIT_ROWS_PER_INSERT = 200;

/**
 * Appends events in order with one read of the chain's end and one INSERT per 200 events, for a
 * write that makes many changes at once (a group of submissions). Same rules as recordAudit.
 */
export async function recordAuditEvents(
	tx: Queryable,
	events: readonly { input: AuditInput; at: Date }[]
) {
	if (events.length === 0) return;
	const [last] = await tx
		.select({ seq: auditEvents.seq, hash: auditEvents.hash })
		.from(auditEvents)
		.orderBy(desc(auditEvents.seq))
		.limit(1);
	let seq = last?.seq ?? 0;
	let prevHash = last?.hash ?? GENESIS_HASH;
	const rows = events.map(({ input, at }) => {
		seq += 1;
		const row = {
			seq,
			at,
			actorId: input.actorId,
			actorRole: input.actorRole,
			action: input.action,
			recordType: input.recordType ?? null,
			recordId: input.recordId ?? null,
			detail: input.detail ?? null,
			prevHash
		};
		prevHash = hashAuditEvent(row);
		return { ...row, hash: prevHash };
	});
	for (let i = 0; i < rows.length; i += AUDIT_ROWS_PER_INSERT) {
		await tx.insert(auditEvents).values(rows.slice(i, i + AUDIT_ROWS_PER_INSERT));
	}
}

/** Appends an event in its own write transaction (for events with no other change). */
export async function audit(db: Db, input: AuditInput, now = new Date()) {
	await db.transaction((tx) => recordAudit(tx, input, now));
}

/** audit for an event `user` caused. */
export async function auditBy(db: Db, user: Actor, input: UserAuditInput, now = new Date()) {
	await db.transaction((tx) => recordAuditBy(tx, user, now, input));
}

export type ChainCheck = { ok: true; count: number } | { ok: false; seq: number; reason: string };

/** Walks the whole chain and reports the first event that is missing or altered. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
	const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
	let prevHash = GENESIS_HASH;
	let expectedSeq = 1;
	for (const row of rows) {
		if (row.seq !== expectedSeq)
			return { ok: false, seq: expectedSeq, reason: 'event missing from the chain' };
		if (row.prevHash !== prevHash)
			return { ok: false, seq: row.seq, reason: 'does not link to the event before it' };
		if (hashAuditEvent(row) !== row.hash)
			return { ok: false, seq: row.seq, reason: 'content does not match its hash' };
		prevHash = row.hash;
		expectedSeq += 1;
	}
	return { ok: true, count: rows.length };
}
