import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { agencies, cases, notifications, users, type NotificationRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { findUnitMember } from '$lib/server/services/users/directory';
import { findDuplicates } from './duplicates';
import { notificationFacts } from './lead-authority';
import { requireOtherChildrenAction } from './other-children';
import { problem } from '$lib/server/infra/problem';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { presetStateLabel } from '$lib/domain/procedure-presets/presets';
import type { NotificationForm } from '$lib/domain/notification/notification-form';
import { notificationTriageClock } from '$lib/domain/triage/triage-deadline';
import { actionStillNeeded, pinRank } from '$lib/domain/triage/other-children';

// Triage of one notification (docs/procedure.md, Triage): what the Unit sees of it, and the small
// decisions short of opening a case (case-opening.ts): who triages it, the action taken for other
// children at risk, and sending it back to the practitioner for correction.

const assignees = alias(users, 'assignees');
const actionTakers = alias(users, 'action_takers');

/** The notification and its triage facts; scope is the caller's (the Unit sees every one). */
async function loadNotification(tx: Tx, id: string) {
	const [row] = await tx
		.select({
			notification: notifications,
			agencyName: agencies.name,
			assigneeName: assignees.name,
			actionByName: actionTakers.name,
			caseReference: cases.reference,
			caseState: cases.state,
			caseProcedure: cases.procedure,
			caseClassification: cases.classification
		})
		.from(notifications)
		.leftJoin(agencies, eq(notifications.notifierAgencyId, agencies.id))
		.leftJoin(assignees, eq(notifications.assigneeId, assignees.id))
		.leftJoin(actionTakers, eq(notifications.otherChildrenActionBy, actionTakers.id))
		.leftJoin(cases, eq(notifications.caseId, cases.id))
		.where(eq(notifications.id, id));
	return row;
}

async function loadOrNotFound(tx: Tx, id: string): Promise<NotificationRow> {
	const [row] = await tx.select().from(notifications).where(eq(notifications.id, id));
	if (!row) throw problem('NOT_FOUND');
	return row;
}

/** Received and not yet put in a case or returned. */
function isUntriaged(row: Pick<NotificationRow, 'status' | 'caseId'>): boolean {
	return row.status === 'received' && row.caseId === null;
}

/** The notification, if no one has triaged it yet: else NOT_FOUND or ALREADY_TRIAGED. */
export async function untriagedNotification(tx: Tx, id: string): Promise<NotificationRow> {
	const row = await loadOrNotFound(tx, id);
	if (!isUntriaged(row)) throw problem('ALREADY_TRIAGED');
	return row;
}

/** The whole notification as triage sees it, with potential duplicates. Audited as a view. */
export async function triageNotification(db: Db, user: SessionUser, id: string, now = new Date()) {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const found = await loadNotification(tx, id);
		if (!found) throw problem('NOT_FOUND');
		const n = found.notification;
		const { caseState } = found;
		const [facts] = await notificationFacts(tx, [n], found.caseClassification);
		const view = {
			id: n.id,
			reference: n.reference,
			receivedAt: n.receivedAt.getTime(),
			contentHash: n.contentHash,
			form: n.form as NotificationForm,
			agencyName: found.agencyName,
			incidentType: n.incidentType,
			status: n.status,
			assignee:
				n.assigneeId && found.assigneeName ? { id: n.assigneeId, name: found.assigneeName } : null,
			otherChildrenAtRisk: n.otherChildrenAtRisk,
			otherChildrenAction: n.otherChildrenAction,
			otherChildrenActionAt: n.otherChildrenActionAt?.getTime() ?? null,
			otherChildrenActionByName: found.actionByName,
			otherChildrenChapter6Referral: n.otherChildrenChapter6Referral,
			/** Yes or not known, and no action recorded yet: nothing else until it is (§13.1). */
			otherChildrenActionNeeded: actionStillNeeded(n),
			pinRank: n.pinRank,
			pinned: n.pinRank > 0,
			untriaged: isUntriaged(n),
			...notificationTriageClock(n, today),
			caseId: n.caseId,
			case:
				n.caseId && found.caseReference && caseState
					? {
							id: n.caseId,
							reference: found.caseReference,
							state: caseState,
							stateLabel: presetStateLabel(found.caseProcedure ?? 'lscb_2006', caseState)
						}
					: null,
			correctsId: n.correctsId,
			supersededById: n.supersededById,
			returnMessage: n.returnMessage,
			returnedAt: n.returnedAt?.getTime() ?? null,
			/** §13.3–13.4: where the child lives, any responsible authority, the lead LSCB. */
			leadAuthority: facts?.leadAuthority ?? null,
			/** §13.5: a death CDOP must be told of, and whether it has been. */
			cdopNeeded: facts?.cdopNeeded ?? false,
			cdopInformed: facts?.cdopInformed ?? null,
			duplicates: await findDuplicates(tx, n.id)
		};
		await recordAuditBy(tx, user, now, {
			action: 'notification.viewed',
			recordType: 'notification',
			recordId: n.id,
			detail: {
				duplicates: view.duplicates.notifications.map((d) => d.id),
				cases: view.duplicates.cases.map((c) => c.id)
			}
		});
		return view;
	});
}

/** Gives the notification to a Safeguarding Unit member to triage. */
export async function assignNotification(
	db: Db,
	user: SessionUser,
	input: { notificationId: string; assigneeId: string },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await loadOrNotFound(tx, input.notificationId);
		const assignee = await findUnitMember(tx, input.assigneeId);
		if (!assignee) {
			throw problem('INVALID_INPUT', { assigneeId: 'Choose someone in the Safeguarding Unit' });
		}
		await tx
			.update(notifications)
			.set({ assigneeId: assignee.id })
			.where(eq(notifications.id, row.id));
		await recordAuditBy(tx, user, now, {
			action: 'notification.assigned',
			recordType: 'notification',
			recordId: row.id,
			detail: { before: row.assigneeId, after: assignee.id }
		});
		return { assignee };
	});
}

/**
 * Records what the Unit did about other children who may be at risk (§13.1): what was done, by
 * the caller, now, and whether a Chapter 6 referral was made. The notification then leaves the
 * top of the queue, and may be put into a case, sent back or closed. Recording again keeps the
 * earlier words in the audit trail.
 */
export async function recordOtherChildrenAction(
	db: Db,
	user: SessionUser,
	input: { notificationId: string; action: string; chapter6Referral: boolean },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await loadOrNotFound(tx, input.notificationId);
		await tx
			.update(notifications)
			.set({
				otherChildrenAction: input.action,
				otherChildrenActionAt: now,
				otherChildrenActionBy: user.id,
				otherChildrenChapter6Referral: input.chapter6Referral,
				pinRank: pinRank(row.otherChildrenAtRisk, true)
			})
			.where(eq(notifications.id, row.id));
		await recordAuditBy(tx, user, now, {
			action: 'notification.other_children_action_recorded',
			recordType: 'notification',
			recordId: row.id,
			detail: {
				before: {
					action: row.otherChildrenAction,
					chapter6Referral: row.otherChildrenChapter6Referral
				},
				after: { action: input.action, chapter6Referral: input.chapter6Referral },
				otherChildrenAtRisk: row.otherChildrenAtRisk
			}
		});
		return { otherChildrenActionAt: now.getTime() };
	});
}

/**
 * Sends an untriaged notification back to the practitioner with a message, for correction. They
 * see it in "My notifications" and send a corrected version linked to this one, which stays as
 * it is. Refused with OTHER_CHILDREN_FIRST while other children may be at risk, or nobody
 * knows, and no action is recorded: the flag must not leave the queue unanswered (§13.1).
 */
export async function returnToPractitioner(
	db: Db,
	user: SessionUser,
	input: { notificationId: string; message: string },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await untriagedNotification(tx, input.notificationId);
		requireOtherChildrenAction(row, 'send_back');
		await tx
			.update(notifications)
			.set({ status: 'returned', returnMessage: input.message, returnedAt: now })
			.where(eq(notifications.id, row.id));
		await recordAuditBy(tx, user, now, {
			action: 'notification.returned',
			recordType: 'notification',
			recordId: row.id,
			detail: { before: { status: row.status }, after: { status: 'returned' } }
		});
		return { status: 'returned' as const };
	});
}
