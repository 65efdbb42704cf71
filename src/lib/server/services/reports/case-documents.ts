import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { notifications } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { auditBy } from '$lib/server/services/audit';
import { getCase } from '$lib/server/services/cases/cases';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { CASE_CLASSIFICATION_LABELS } from '$lib/domain/case/case-choices';
import { ACTION_ITEM_STATUS_LABELS } from '$lib/domain/case/action-plan';
import { UNIT_REQUEST_STATUS_LABELS } from '$lib/domain/agency/request-status';
import {
	INCIDENT_TYPE_SHORT_LABELS,
	SERIOUS_INCIDENT_CATEGORIES
} from '$lib/domain/notification/notification-options';
import { leadLscb } from '$lib/domain/triage/lead-authority';
import {
	caseDocument,
	documentHeadings,
	type CaseDocument,
	type CaseDocumentKind
} from '$lib/domain/reports/case-document';

// The case summary and the §13.20 report as documents. Reading the case goes through getCase, so
// the view is audited as every read of a case is; the document is audited as an export with what
// it held (its sections, whether children's names were in it, and why).

export interface DocumentRequest {
	kind: CaseDocumentKind;
	childNames: boolean;
	reason?: string;
	/** 'pdf' for the file, 'print' for the printable page. */
	format: 'pdf' | 'print';
}

export async function caseDocumentFor(
	db: Db,
	user: SessionUser,
	caseId: string,
	request: DocumentRequest,
	now = new Date()
): Promise<CaseDocument> {
	const view = await getCase(db, user, caseId, now);
	const rows = await db
		.select({
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			incidentType: notifications.incidentType,
			category: notifications.seriousIncidentCategory,
			leadAuthority: notifications.leadAuthority,
			firstChildName: notifications.firstChildName
		})
		.from(notifications)
		.where(and(eq(notifications.caseId, caseId), isNull(notifications.supersededById)))
		.orderBy(notifications.receivedAt);
	const document = caseDocument({
		kind: request.kind,
		today: todayIso(now),
		childNames: request.childNames,
		case: {
			reference: view.reference,
			state: view.state,
			stateLabel: view.stateLabel,
			classificationLabel: view.classification
				? CASE_CLASSIFICATION_LABELS[view.classification]
				: null,
			openedOn: todayIso(new Date(view.openedAt)),
			ownerName: view.owner?.name ?? null,
			filesHeld: view.filesHeld,
			dates: view.dates
		},
		notifications: rows.map((row) => ({
			reference: row.reference,
			receivedOn: todayIso(row.receivedAt),
			typeLabel: INCIDENT_TYPE_SHORT_LABELS[row.incidentType],
			categoryLabel: row.category ? SERIOUS_INCIDENT_CATEGORIES[row.category] : null,
			lead: row.leadAuthority ? leadLscb(row.leadAuthority) : null,
			childName: row.firstChildName ?? ''
		})),
		clocks: view.clocks,
		requests: view.requests.map((r) => ({
			agencyName: r.agencyName,
			requestedOn: r.requestedOn,
			dueOn: r.dueOn,
			statusLabel: UNIT_REQUEST_STATUS_LABELS[r.status],
			submittedOn: r.submittedOn
		})),
		actionItems: view.actionItems.map((i) => ({
			action: i.action,
			agencyName: i.ownerAgencyName,
			dueOn: i.dueOn,
			statusLabel: ACTION_ITEM_STATUS_LABELS[i.status],
			overdue: i.overdue
		})),
		timeline: view.timeline.map((t) => ({
			on: todayIso(new Date(t.at)),
			actorName: t.actorName,
			summary: t.summary
		}))
	});
	await auditBy(
		db,
		user,
		{
			action: 'report.exported',
			recordType: 'case',
			recordId: caseId,
			detail: {
				document: request.kind,
				format: request.format,
				reference: view.reference,
				sections: documentHeadings(document),
				childNames: request.childNames,
				reason: request.childNames ? request.reason : undefined
			}
		},
		now
	);
	return document;
}
