import { eq, inArray } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { notifications, users, type NotificationRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { problem } from '$lib/server/infra/problem';
import {
	leadLscb,
	type LeadAuthorityFacts,
	type LeadAuthorityView,
	type RecordedLeadAuthority
} from '$lib/domain/triage/lead-authority';
import { cdopNeeded, type CdopInformed, type RecordedCdopInformed } from '$lib/domain/triage/cdop';
import type { CaseClassification } from '$lib/domain/case/case-choices';
import type { NotificationForm } from '$lib/domain/notification/notification-form';

// Facts the Unit records on a notification at triage, or later from its case while the case is
// open: the lead authority (§13.3, §13.4) and "CDOP informed" (§13.5). Each is audited with what
// it replaced; recording again corrects it.

/** The notification, if its facts may still be recorded: untriaged or in an open case. */
async function recordable(tx: Tx, id: string): Promise<NotificationRow> {
	const [row] = await tx.select().from(notifications).where(eq(notifications.id, id));
	if (!row) throw problem('NOT_FOUND');
	if (row.status === 'closed') throw problem('CASE_CLOSED');
	if (row.status === 'returned') throw problem('ALREADY_TRIAGED');
	return row;
}

/** Records where the child normally lives, any responsible authority and the partner LSCBs. */
export async function recordLeadAuthority(
	db: Db,
	user: SessionUser,
	input: { notificationId: string; facts: LeadAuthorityFacts },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await recordable(tx, input.notificationId);
		const recorded: RecordedLeadAuthority = {
			...input.facts,
			recordedBy: user.id,
			recordedAt: now.getTime()
		};
		await tx
			.update(notifications)
			.set({ leadAuthority: recorded })
			.where(eq(notifications.id, row.id));
		const lead = leadLscb(input.facts);
		await recordAuditBy(tx, user, now, {
			action: 'notification.lead_authority_recorded',
			recordType: 'notification',
			recordId: row.id,
			detail: { before: row.leadAuthority ?? null, after: { ...input.facts, lead } }
		});
		return { lead };
	});
}

/** Records the date CDOP was informed of the child's death, and by whom (§13.5). */
export async function recordCdopInformed(
	db: Db,
	user: SessionUser,
	input: { notificationId: string } & CdopInformed,
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await recordable(tx, input.notificationId);
		const recorded: RecordedCdopInformed = {
			informedOn: input.informedOn,
			informedBy: input.informedBy,
			recordedBy: user.id,
			recordedAt: now.getTime()
		};
		await tx
			.update(notifications)
			.set({ cdopInformed: recorded })
			.where(eq(notifications.id, row.id));
		await recordAuditBy(tx, user, now, {
			action: 'notification.cdop_informed_recorded',
			recordType: 'notification',
			recordId: row.id,
			detail: {
				before: row.cdopInformed ?? null,
				after: { informedOn: input.informedOn, informedBy: input.informedBy }
			}
		});
		return { informedOn: input.informedOn };
	});
}

/** "CDOP informed" as shown, or null while not recorded. */
export interface CdopView {
	informedOn: string;
	informedBy: string;
	recordedByName: string | null;
	recordedAt: number;
}

/** The names of the users who recorded these facts, by id. */
async function recorderNames(tx: Tx, ids: (string | undefined)[]): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter((id): id is string => !!id))];
	if (wanted.length === 0) return new Map();
	const rows = await tx
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, wanted));
	return new Map(rows.map((row) => [row.id, row.name]));
}

type FactsRow = Pick<NotificationRow, 'leadAuthority' | 'cdopInformed' | 'incidentType' | 'form'>;

/** The lead authority and CDOP facts of notifications, as triage and the case show them. */
export async function notificationFacts<Row extends FactsRow>(
	tx: Tx,
	rows: readonly Row[],
	classification: CaseClassification | null = null
) {
	const names = await recorderNames(
		tx,
		rows.flatMap((row) => [row.leadAuthority?.recordedBy, row.cdopInformed?.recordedBy])
	);
	return rows.map((row) => {
		const form = row.form as Partial<NotificationForm>;
		const stored = row.leadAuthority;
		const leadAuthority: LeadAuthorityView | null = stored
			? {
					childLivesIn: stored.childLivesIn,
					lookedAfter: stored.lookedAfter,
					responsibleAuthority: stored.responsibleAuthority,
					partnerLscbs: stored.partnerLscbs,
					lead: leadLscb(stored),
					recordedByName: names.get(stored.recordedBy) ?? null,
					recordedAt: stored.recordedAt
				}
			: null;
		const cdop = row.cdopInformed;
		return {
			row,
			leadAuthority,
			cdopNeeded: cdopNeeded(
				{ incidentType: row.incidentType, seriousIncidentCategory: form.seriousIncidentCategory },
				classification
			),
			cdopInformed: cdop
				? ({
						informedOn: cdop.informedOn,
						informedBy: cdop.informedBy,
						recordedByName: names.get(cdop.recordedBy) ?? null,
						recordedAt: cdop.recordedAt
					} satisfies CdopView)
				: null
		};
	});
}

/** Each notification in a case with its lead authority and CDOP facts, oldest first. */
export async function caseNotificationFacts(
	tx: Tx,
	caseId: string,
	classification: CaseClassification | null
) {
	const rows = await tx
		.select({
			id: notifications.id,
			reference: notifications.reference,
			leadAuthority: notifications.leadAuthority,
			cdopInformed: notifications.cdopInformed,
			incidentType: notifications.incidentType,
			form: notifications.form
		})
		.from(notifications)
		.where(eq(notifications.caseId, caseId))
		.orderBy(notifications.receivedAt, notifications.id);
	const facts = await notificationFacts(tx, rows, classification);
	return facts.map(({ row, leadAuthority, cdopNeeded, cdopInformed }) => ({
		notificationId: row.id,
		reference: row.reference,
		leadAuthority,
		cdopNeeded,
		cdopInformed
	}));
}

/**
 * §13.5 "All child deaths should be reported to the CDOP": a case of a child's death does not
 * close until "CDOP informed" is recorded for each notification of a death in it, so the duty is
 * shown done on the closed case, never left as a flag nobody can clear (a closed case's
 * notifications take no more facts).
 */
export async function requireCdopInformedInCase(
	tx: Tx,
	caseId: string,
	classification: CaseClassification | null
): Promise<void> {
	const waiting = (await caseNotificationFacts(tx, caseId, classification)).filter(
		(n) => n.cdopNeeded && !n.cdopInformed
	);
	if (waiting.length === 0) return;
	throw problem(
		'CDOP_FIRST',
		undefined,
		`Record when CDOP was informed of the child's death, and by whom, before closing this case (§13.5 "All child deaths should be reported to the CDOP"). Not yet recorded for ${waiting
			.map((n) => n.reference)
			.join(', ')}.`
	);
}
