import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { cases, notifications, users, type CaseRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { recordViewBy } from '$lib/server/services/audit-views';
import { changeCase, findCaseInScope, type CaseTarget } from './case-change';
import {
	caseTimeline,
	latestRecommendation,
	previousIndependentChairs,
	triageClosure
} from './case-events';
import { shortReportTimeline } from '$lib/server/services/agency/report-receipts';
import { listFilesSecured, listShortReportRequests } from '$lib/server/services/agency/requests';
import { countActionItems, listActionItems } from './action-plan';
import { findUnitMember } from '$lib/server/services/users/directory';
import { otherChildrenFlags } from '$lib/server/services/triage/other-children';
import { caseNotificationFacts } from '$lib/server/services/triage/lead-authority';
import { caseDuplicates } from '$lib/server/services/triage/duplicates';
import { proceedingsHoldingCasePublication } from '$lib/server/services/review/review-work';
import { problem } from '$lib/server/infra/problem';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import type { CaseState } from '$lib/domain/case/case-states';
import {
	CASE_DATE_PHRASES,
	mergeCaseDates,
	missingScrNotices,
	type CaseDates
} from '$lib/domain/case/case-dates';
import { computeClocks, nextDueClock, type ComputedClock } from '$lib/domain/case/clocks';
import type { CaseFacts } from '$lib/domain/case/case-transitions';
import {
	presetClocks,
	presetStateLabel,
	procedurePreset,
	type AnyCaseState
} from '$lib/domain/procedure-presets/presets';
import { presetMovesFrom } from '$lib/domain/procedure-presets/moves-from';
import { CHAIR_DECISION_STATES } from '$lib/domain/case/case-access';
import { checkSeparateDate, type SeparateDateInput } from '$lib/domain/case/separate-dates';
import {
	IMR_LETTER_DATE_REFUSAL,
	imrSignOffFacts,
	isImrLetterDate
} from '$lib/domain/imr/imr-status';
import { caseHasImrRequests, caseImrSignOffDates } from '$lib/server/services/imrs/imrs';
import type { NotificationForm } from '$lib/domain/notification/notification-form';

// Reading cases, and the changes that are not state transitions (owner, separately recorded
// dates). Transitions are in case-transitions.ts, requests in case-requests.ts, the action plan
// in action-plan.ts. Every read of case content is audited in the same write transaction.

export interface Person {
	id: string;
	name: string;
}

function ownerOf(row: { ownerId: string | null; ownerName: string | null }): Person | null {
	return row.ownerId && row.ownerName ? { id: row.ownerId, name: row.ownerName } : null;
}

/** Facts kept outside the case row that decide whether some moves are open. */
export async function caseFacts(tx: Tx, row: CaseRow): Promise<CaseFacts> {
	const items = await countActionItems(tx, row.id);
	const facts: CaseFacts = {
		openActionPlanItems: items.open,
		actionPlanItems: items.all,
		missingScrNotices: missingScrNotices(row.dates).length,
		classification: row.classification,
		previousIndependentChairs: await previousIndependentChairs(tx, row.id),
		publicationHeldBy: await proceedingsHoldingCasePublication(tx, row.id),
		...imrSignOffFacts(await caseImrSignOffDates(tx, row.id))
	};
	if (row.evaluationGrade) facts.evaluationGrade = row.evaluationGrade;
	return facts;
}

export interface CaseListFilters {
	state?: CaseState;
	mine?: boolean;
	awaitingChair?: boolean;
	/** At most this many, the most recently changed. */
	limit?: number;
}

export interface CaseListRow {
	id: string;
	reference: string;
	state: AnyCaseState;
	stateLabel: string;
	owner: Person | null;
	nextClock: ComputedClock | null;
	updatedAt: number;
}

/**
 * The cases `user` may see, the next clock due first (cases with no running clock last, most
 * recently changed first). `awaitingChair` keeps those awaiting or holding the Chair's decision.
 */
export async function listCases(
	db: Db,
	user: SessionUser,
	filters: CaseListFilters,
	now = new Date()
): Promise<CaseListRow[]> {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const conditions: SQL[] = [];
		if (filters.awaitingChair) {
			conditions.push(inArray(cases.state, [...CHAIR_DECISION_STATES]));
		}
		if (filters.state) conditions.push(eq(cases.state, filters.state));
		if (filters.mine) conditions.push(eq(cases.ownerId, user.id));
		const rows = await tx
			.select({
				id: cases.id,
				reference: cases.reference,
				state: cases.state,
				procedure: cases.procedure,
				dates: cases.dates,
				ownerId: cases.ownerId,
				ownerName: users.name,
				updatedAt: cases.updatedAt
			})
			.from(cases)
			.leftJoin(users, eq(cases.ownerId, users.id))
			.where(and(...conditions))
			.orderBy(desc(cases.updatedAt), desc(cases.id))
			.limit(filters.limit ?? -1);
		const list = rows.map((row): CaseListRow => ({
			id: row.id,
			reference: row.reference,
			state: row.state,
			stateLabel: presetStateLabel(row.procedure, row.state),
			owner: ownerOf(row),
			nextClock:
				nextDueClock(computeClocks(row.dates, today, { preset: presetClocks(row.procedure) })) ??
				null,
			updatedAt: row.updatedAt.getTime()
		}));
		// Stable sort: among equal due dates (or none), the most recently changed stay first.
		list.sort((a, b) => {
			if (a.nextClock && b.nextClock) return a.nextClock.dueOn.localeCompare(b.nextClock.dueOn);
			return a.nextClock ? -1 : b.nextClock ? 1 : 0;
		});
		await recordAuditBy(tx, user, now, {
			action: 'case.list_viewed',
			recordType: 'case',
			detail: { ids: list.map((c) => c.id), filters: { ...filters } }
		});
		return list;
	});
}

/** The notifications linked to a case, oldest first. */
async function linkedNotifications(tx: Tx, caseId: string) {
	const rows = await tx
		.select({
			id: notifications.id,
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			firstChildName: notifications.firstChildName
		})
		.from(notifications)
		.where(eq(notifications.caseId, caseId))
		.orderBy(notifications.receivedAt, notifications.id);
	return rows.map((row) => ({
		...row,
		receivedAt: row.receivedAt.getTime(),
		firstChildName: row.firstChildName ?? ''
	}));
}

/** Everything the case page shows, as of `now`. Audited as a view of case content. */
export async function getCase(db: Db, user: SessionUser, id: string, now = new Date()) {
	const today = todayIso(now);
	// Read in one transaction (one consistent picture), then the view's audit event by group
	// commit, durable before the page is returned (docs/decisions/034).
	const view = await db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, id);
		const { state } = row;
		const owner = row.ownerId ? await findPerson(tx, row.ownerId) : null;
		// The case's own preset: its labels, clocks and moves (docs/decisions/033).
		const { procedure } = row;
		const clocks = computeClocks(row.dates, today, { preset: presetClocks(procedure) });
		const facts = await caseFacts(tx, row);
		const linked = await linkedNotifications(tx, row.id);
		return {
			id: row.id,
			reference: row.reference,
			state,
			stateLabel: presetStateLabel(procedure, state),
			procedure,
			procedureName: procedurePreset(procedure).name,
			version: row.version,
			classification: row.classification,
			owner,
			filesHeld: row.filesHeld,
			filesSecured: await listFilesSecured(tx, row.id),
			openedAt: row.openedAt.getTime(),
			updatedAt: row.updatedAt.getTime(),
			dates: row.dates,
			clocks,
			nextClock: nextDueClock(clocks) ?? null,
			facts,
			transitions: presetMovesFrom(procedure, state, user.role, facts, row.dates),
			notifications: linked,
			/** Notifications and cases outside this one about the same child or incident date. */
			possibleDuplicates: await caseDuplicates(
				tx,
				row.id,
				linked.map((n) => n.id)
			),
			/** §13.1: each notification in the case that answered yes or not known, and its action. */
			otherChildren: await otherChildrenFlags(tx, row.id),
			/** §13.3–13.5: each notification's lead authority, and CDOP informed for a death. */
			leadAndCdop: await caseNotificationFacts(tx, row.id, row.classification),
			requests: await listShortReportRequests(tx, row.id, today),
			actionItems: await listActionItems(tx, row.id, today),
			// The agencies' answers join the case's own events, in time order (decision 029).
			timeline: [
				...(await caseTimeline(tx, row.id)),
				...(await shortReportTimeline(tx, row.id))
			].sort((x, y) => x.at - y.at),
			closedAtTriage: state === 'closed' ? await triageClosure(tx, row.id) : null,
			recommendation: await latestRecommendation(tx, row.id)
		};
	});
	await recordViewBy(db, user, now, {
		action: 'case.viewed',
		recordType: 'case',
		recordId: view.id,
		detail: { state: view.state, version: view.version }
	});
	return view;
}

/**
 * The whole of each notification in the case, oldest first, as the practitioner sent it: what
 * the Chair's decision rests on with the short reports (§13.5 "A decision to undertake a SCR will
 * depend on the information from the notification and the information from the reports"). Each
 * one read is an audit event.
 */
export async function caseNotificationForms(
	db: Db,
	user: SessionUser,
	id: string,
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, id);
		const rows = await tx
			.select({
				id: notifications.id,
				reference: notifications.reference,
				receivedAt: notifications.receivedAt,
				form: notifications.form
			})
			.from(notifications)
			.where(eq(notifications.caseId, row.id))
			.orderBy(notifications.receivedAt, notifications.id);
		for (const n of rows) {
			await recordAuditBy(tx, user, now, {
				action: 'notification.viewed',
				recordType: 'notification',
				recordId: n.id,
				detail: { caseId: row.id }
			});
		}
		return rows.map((n) => ({
			id: n.id,
			reference: n.reference,
			receivedAt: n.receivedAt.getTime(),
			form: n.form as NotificationForm
		}));
	});
}

async function findPerson(tx: Tx, id: string): Promise<Person | null> {
	const [person] = await tx
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(eq(users.id, id));
	return person ?? null;
}

export interface OwnerInput extends CaseTarget {
	ownerId: string;
}

/** Makes a Safeguarding Unit member the owner of the case. */
export async function assignCaseOwner(
	db: Db,
	user: SessionUser,
	input: OwnerInput,
	now = new Date()
) {
	return changeCase(db, user, input, now, async (tx, row) => {
		const owner = await findUnitMember(tx, input.ownerId);
		if (!owner) {
			throw problem('INVALID_INPUT', { ownerId: 'Choose someone in the Safeguarding Unit' });
		}
		return {
			set: { ownerId: owner.id },
			event: {
				kind: 'owner_assigned',
				summary: `made ${owner.name} the owner of this case`,
				detail: { before: row.ownerId, after: owner.id }
			},
			audit: { action: 'case.owner_assigned', detail: { before: row.ownerId, after: owner.id } },
			extra: {}
		};
	});
}

export type CaseDateInput = CaseTarget & SeparateDateInput;

function dateSummary(name: SeparateDateInput['name'], date: IsoDate): string {
	if (name === 'reviewTimetableExtendedTo') {
		return `extended the review timetable to ${formatIsoDate(date)}`;
	}
	return `recorded ${CASE_DATE_PHRASES[name]} as ${formatIsoDate(date)}`;
}

/**
 * Records a date no transition records (a report or plan sent to Ofsted, a timetable extended).
 * A date recorded again keeps the earlier value in the timeline and the audit trail.
 */
export async function recordCaseDate(
	db: Db,
	user: SessionUser,
	input: CaseDateInput,
	now = new Date()
) {
	const today = todayIso(now);
	return changeCase(db, user, input, now, async (tx, row) => {
		// Once IMR request letters are sent from the case, they meet T8 (§13.6); a date typed
		// before then, on a case that has none, still stands (docs/decisions/026).
		if (isImrLetterDate(input.name) && (await caseHasImrRequests(tx, row.id))) {
			throw problem('INVALID_INPUT', { name: IMR_LETTER_DATE_REFUSAL });
		}
		const check = checkSeparateDate(input, row.dates, today);
		if (!check.ok) throw problem('INVALID_INPUT', check.fieldErrors);
		const dates: CaseDates = mergeCaseDates(row.dates, check.recorded);
		const before = row.dates[input.name] ?? null;
		const detail = { name: input.name, before, after: input.date, reason: check.reason ?? null };
		return {
			set: { dates },
			event: { kind: 'date_recorded', summary: dateSummary(input.name, input.date), detail },
			audit: { action: 'case.date_recorded', detail },
			extra: {}
		};
	});
}
