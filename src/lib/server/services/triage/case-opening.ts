import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { cases, notifications, type NotificationRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { appendCaseEvent } from '$lib/server/services/cases/case-events';
import { storeClockFigures } from '$lib/server/services/cases/clock-figures';
import { findUnitMember } from '$lib/server/services/users/directory';
import { nextReference } from '$lib/server/services/references';
import { casesListColumns } from '$lib/server/services/cases/cases-list';
import { problem } from '$lib/server/infra/problem';
import { untriagedNotification } from './triage';
import { requireOtherChildrenAction } from './other-children';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { CASE_CLASSIFICATION_LABELS, type CaseClassification } from '$lib/domain/case/case-choices';
import { procedurePreset } from '$lib/domain/procedure-presets/presets';
import { configuredProcedure } from '$lib/server/services/procedure-presets/configured';
import { linkedNotificationStatus } from '$lib/domain/case/case-access';
import { receiptDate } from '$lib/domain/triage/triage-deadline';

// The two ways triage puts a notification into a case: a new case, or one that already exists
// about the same child or incident.

async function auditLink(
	tx: Tx,
	user: SessionUser,
	row: NotificationRow,
	link: { caseId: string; status: string },
	now: Date
) {
	await recordAuditBy(tx, user, now, {
		action: 'notification.linked',
		recordType: 'notification',
		recordId: row.id,
		detail: {
			caseId: link.caseId,
			before: { status: row.status },
			after: { status: link.status }
		}
	});
}

export interface OpenCaseInput {
	notificationId: string;
	classification: CaseClassification;
	ownerId?: string;
}

/**
 * Opens a case in its preset's first state (`triage`, or WT2023's `incident_recorded`) from an
 * untriaged notification: reference SCR-YYYY-NNNN, T0 the notification's receipt date, owner the
 * caller unless another Unit member is named. Refused with OTHER_CHILDREN_FIRST until the action for other children is recorded (§13.1).
 */
export async function openCase(db: Db, user: SessionUser, input: OpenCaseInput, now = new Date()) {
	return db.transaction(async (tx) => {
		const row = await untriagedNotification(tx, input.notificationId);
		requireOtherChildrenAction(row, 'open_case');
		const owner = await findUnitMember(tx, input.ownerId ?? user.id);
		if (!owner)
			throw problem('INVALID_INPUT', { ownerId: 'Choose someone in the Safeguarding Unit' });
		const caseId = crypto.randomUUID();
		const reference = await nextReference(tx, 'case', Number(todayIso(now).slice(0, 4)));
		// The deployment's preset for new cases; the case keeps it from now on (decision 033).
		const procedure = configuredProcedure();
		const preset = procedurePreset(procedure);
		const state = preset.initialState;
		const dates = preset.openingDates(receiptDate(row.receivedAt));
		await tx.insert(cases).values({
			id: caseId,
			reference,
			state,
			procedure,
			ownerId: owner.id,
			version: 1,
			openedAt: now,
			updatedAt: now,
			classification: input.classification,
			dates,
			...casesListColumns(dates, now, procedure),
			filesHeld: false
		});
		await storeClockFigures(tx, caseId);
		const status = linkedNotificationStatus(state);
		await tx.update(notifications).set({ caseId, status }).where(eq(notifications.id, row.id));
		await appendCaseEvent(tx, {
			caseId,
			version: 1,
			at: now,
			actorId: user.id,
			kind: 'opened',
			summary: `opened this case from notification ${row.reference}`,
			toState: state,
			detail: {
				notificationId: row.id,
				classification: input.classification,
				classificationLabel: CASE_CLASSIFICATION_LABELS[input.classification],
				ownerId: owner.id
			}
		});
		await recordAuditBy(tx, user, now, {
			action: 'case.opened',
			recordType: 'case',
			recordId: caseId,
			detail: {
				reference,
				notificationId: row.id,
				classification: input.classification,
				ownerId: owner.id,
				procedure,
				version: 1
			}
		});
		await auditLink(tx, user, row, { caseId, status }, now);
		return { caseId, reference };
	});
}

/**
 * Puts an untriaged notification into an existing case (one that is not closed). The case gets a
 * new version and a timeline event; the notification takes the status the case gives it.
 * Refused with OTHER_CHILDREN_FIRST until the action for other children is recorded (§13.1).
 */
export async function linkToCase(
	db: Db,
	user: SessionUser,
	input: { notificationId: string; caseId: string },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await untriagedNotification(tx, input.notificationId);
		requireOtherChildrenAction(row, 'link_to_case');
		const [target] = await tx.select().from(cases).where(eq(cases.id, input.caseId));
		if (!target) throw problem('NOT_FOUND');
		const { state } = target;
		if (state === 'closed') throw problem('CASE_CLOSED');
		const version = target.version + 1;
		const status = linkedNotificationStatus(state);
		await tx
			.update(notifications)
			.set({ caseId: target.id, status })
			.where(eq(notifications.id, row.id));
		await tx.update(cases).set({ version, updatedAt: now }).where(eq(cases.id, target.id));
		await appendCaseEvent(tx, {
			caseId: target.id,
			version,
			at: now,
			actorId: user.id,
			kind: 'notification_linked',
			summary: `added notification ${row.reference} to this case`,
			detail: { notificationId: row.id }
		});
		await recordAuditBy(tx, user, now, {
			action: 'case.notification_linked',
			recordType: 'case',
			recordId: target.id,
			detail: { notificationId: row.id, version }
		});
		await auditLink(tx, user, row, { caseId: target.id, status }, now);
		return { caseId: target.id, reference: target.reference, version };
	});
}
