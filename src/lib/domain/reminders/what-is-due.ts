import { addCalendarDays, todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import { computeClocks } from '$lib/domain/case/clocks';
import {
	DEFAULT_PROCEDURE_PRESET,
	presetClocks,
	type ProcedurePresetId
} from '$lib/domain/procedure-presets/presets';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { dueStage, type Audience, type DueEvent, type ReminderKind } from './due-events';

/*
 * The pure "what is due" functions, one per source of events (docs/decisions/024-reminders.md).
 * Each takes the rows its source's query read and the moment of the run, and answers the events
 * due now. They may answer the same event on every run: storing a message is once-only per event,
 * recipient and day, so nothing here remembers what was sent.
 */

/** Requests to an agency (short reports, IMRs) are announced for this many days after they are made. */
export const REQUEST_SENT_WINDOW_DAYS = 7;

/** The other-children action is urgent once a notification has waited this long (§13.1). */
export const OTHER_CHILDREN_GRACE_MS = 60 * 60 * 1000;

const owner = (ownerId: string | null): Audience[] => (ownerId ? [{ userId: ownerId }] : []);

export interface OpenRequestRow {
	id: string;
	caseId: string;
	reference: string;
	agencyId: string;
	ownerId: string | null;
	requestedOn: IsoDate;
	dueOn: IsoDate;
}

/** Whether a request made on `sentOn` is still announced on `today`: for a week, no longer. */
function recentlySent(sentOn: IsoDate, today: IsoDate): boolean {
	return sentOn <= today && sentOn >= addCalendarDays(today, -REQUEST_SENT_WINDOW_DAYS);
}

/** A request sent to an agency: that agency's users, once (§13.5). */
export function requestSentEvents(rows: readonly OpenRequestRow[], now: Date): DueEvent[] {
	const today = todayIso(now);
	return rows
		.filter((row) => recentlySent(row.requestedOn, today))
		.map((row) => ({
			kind: 'request_sent',
			key: `request_sent:${row.id}`,
			day: row.requestedOn,
			urgent: false,
			audience: [{ agencyId: row.agencyId }],
			title: `Your agency is asked for a short report, due ${formatIsoDate(row.dueOn)}`,
			link: `/agency/requests/${row.id}`
		}));
}

/** Something an agency was asked for by a due date, on a case that may have an owner. */
interface AgencyDeadlineRow {
	id: string;
	caseId: string;
	reference: string;
	agencyId: string;
	ownerId: string | null;
	dueOn: IsoDate;
}

/** How one kind of agency deadline (a short report, an IMR) reads and links. */
interface AgencyDeadlineWords<Row extends AgencyDeadlineRow> {
	dueSoon: ReminderKind;
	overdue: ReminderKind;
	/** The agency's message: its own page, never the case reference (its pages do not show it). */
	agencyTitle: (when: string, due: string) => string;
	agencyLink: (row: Row) => string;
	ownerTitle: (row: Row, when: string, due: string) => string;
	ownerLink: (row: Row) => string;
}

/**
 * A deadline an agency was given, due in two working days or overdue: the agency and the case
 * owner. The agency and the Unit see different pages, so each gets a message of its own.
 */
function agencyDeadlineEvents<Row extends AgencyDeadlineRow>(
	rows: readonly Row[],
	now: Date,
	words: AgencyDeadlineWords<Row>
): DueEvent[] {
	const today = todayIso(now);
	const events: DueEvent[] = [];
	for (const row of rows) {
		const stage = dueStage(row.dueOn, today);
		if (!stage) continue;
		const when = stage === 'overdue' ? 'was due' : 'is due';
		const kind = stage === 'overdue' ? words.overdue : words.dueSoon;
		const due = formatIsoDate(row.dueOn);
		events.push({
			kind,
			key: `${kind}:${row.id}`,
			day: row.dueOn,
			urgent: false,
			audience: [{ agencyId: row.agencyId }],
			title: words.agencyTitle(when, due),
			link: words.agencyLink(row)
		});
		if (row.ownerId) {
			events.push({
				kind,
				key: `${kind}:${row.id}:owner`,
				day: row.dueOn,
				urgent: false,
				audience: owner(row.ownerId),
				title: words.ownerTitle(row, when, due),
				link: words.ownerLink(row)
			});
		}
	}
	return events;
}

/** A request due in two working days, or overdue: the agency and the case owner. */
export function requestDueEvents(rows: readonly OpenRequestRow[], now: Date): DueEvent[] {
	return agencyDeadlineEvents(rows, now, {
		dueSoon: 'request_due_soon',
		overdue: 'request_overdue',
		agencyTitle: (when, due) => `A short report your agency was asked for ${when} ${due}`,
		agencyLink: (row) => `/agency/requests/${row.id}`,
		ownerTitle: (row, when, due) => `${row.reference}: a short report ${when} ${due}`,
		ownerLink: (row) => `/cases/${row.caseId}`
	});
}

/**
 * An IMR request still waiting for its IMR (§13.6, §13.9): no version sent yet, which is what
 * `imrStatus` calls "requested" or "overdue". Once a version is sent the request is "received"
 * (or "signed off") on every page, so it is no longer reminded; a missing sign-off shows on the
 * Unit's IMR page instead.
 */
export interface WaitingImrRow extends AgencyDeadlineRow {
	agencyName: string;
	sentOn: IsoDate;
}

/** An IMR request sent to an agency: that agency's users, once, as a short report request is. */
export function imrRequestedEvents(rows: readonly WaitingImrRow[], now: Date): DueEvent[] {
	const today = todayIso(now);
	return rows
		.filter((row) => recentlySent(row.sentOn, today))
		.map((row) => ({
			kind: 'imr_requested',
			key: `imr_requested:${row.id}`,
			day: row.sentOn,
			urgent: false,
			audience: [{ agencyId: row.agencyId }],
			title: `Your agency is asked for an individual management review (IMR), due ${formatIsoDate(row.dueOn)}`,
			link: `/agency/imrs/${row.id}`
		}));
}

/** An IMR due in two working days, or overdue: the agency and the case owner. */
export function imrDueEvents(rows: readonly WaitingImrRow[], now: Date): DueEvent[] {
	return agencyDeadlineEvents(rows, now, {
		dueSoon: 'imr_due_soon',
		overdue: 'imr_overdue',
		agencyTitle: (when, due) => `The IMR your agency was asked for ${when} ${due}`,
		agencyLink: (row) => `/agency/imrs/${row.id}`,
		ownerTitle: (row, when, due) =>
			`${row.reference}: the IMR from ${row.agencyName} ${when} ${due}`,
		ownerLink: (row) => `/imrs/${row.id}`
	});
}

export interface ReturnedNotificationRow {
	id: string;
	reference: string;
	submittedBy: string;
	returnedAt: Date;
}

/** A notification returned for correction: its practitioner. */
export function returnedEvents(rows: readonly ReturnedNotificationRow[]): DueEvent[] {
	return rows.map((row) => ({
		kind: 'returned_for_correction',
		key: `returned_for_correction:${row.id}`,
		day: todayIso(row.returnedAt),
		urgent: false,
		audience: [{ userId: row.submittedBy }],
		title: `${row.reference} was returned to you for correction`,
		link: `/notifications/${row.id}`
	}));
}

export interface AwaitingChairRow {
	caseId: string;
	reference: string;
	/** When the case last moved to "Awaiting Chair's decision". */
	since: Date;
}

/** A case awaiting the Chair's decision: the Chair. */
export function awaitingChairEvents(rows: readonly AwaitingChairRow[]): DueEvent[] {
	return rows.map((row) => ({
		kind: 'awaiting_chair',
		key: `awaiting_chair:${row.caseId}`,
		day: todayIso(row.since),
		urgent: false,
		audience: [{ role: 'chair' }],
		title: `${row.reference} is awaiting your decision`,
		link: `/cases/${row.caseId}`
	}));
}

export interface OpenCaseRow {
	caseId: string;
	reference: string;
	ownerId: string | null;
	dates: CaseDates;
	/** The case's preset, whose clocks it runs (the seed's when not given). */
	procedure?: ProcedurePresetId;
}

/**
 * Any running clock of the case due in two working days or overdue: the case owner. The clocks
 * are the case page's own (computeClocks), never counted again here.
 */
export function clockEvents(rows: readonly OpenCaseRow[], now: Date): DueEvent[] {
	const today = todayIso(now);
	const events: DueEvent[] = [];
	for (const row of rows) {
		if (!row.ownerId) continue;
		const preset = presetClocks(row.procedure ?? DEFAULT_PROCEDURE_PRESET);
		for (const clock of computeClocks(row.dates, today, { preset })) {
			if (clock.status === 'met') continue;
			const stage = dueStage(clock.dueOn, today);
			if (!stage) continue;
			const kind = stage === 'overdue' ? 'clock_overdue' : 'clock_due_soon';
			const when = stage === 'overdue' ? 'was due' : 'is due';
			events.push({
				kind,
				key: `${kind}:${row.caseId}:${clock.id}`,
				day: clock.dueOn,
				urgent: false,
				audience: owner(row.ownerId),
				title: `${row.reference}: ${clock.label} (${clock.id}) ${when} ${formatIsoDate(clock.dueOn)}`,
				link: `/cases/${row.caseId}`
			});
		}
	}
	return events;
}

export interface OpenActionItemRow {
	itemId: string;
	caseId: string;
	reference: string;
	ownerId: string | null;
	dueOn: IsoDate;
}

/** An action plan item not done, due in two working days or overdue: the case owner. */
export function actionItemEvents(rows: readonly OpenActionItemRow[], now: Date): DueEvent[] {
	const today = todayIso(now);
	const events: DueEvent[] = [];
	for (const row of rows) {
		const stage = dueStage(row.dueOn, today);
		if (!stage || !row.ownerId) continue;
		const kind = stage === 'overdue' ? 'action_item_overdue' : 'action_item_due_soon';
		const when = stage === 'overdue' ? 'was due' : 'is due';
		events.push({
			kind,
			key: `${kind}:${row.itemId}`,
			day: row.dueOn,
			urgent: false,
			audience: owner(row.ownerId),
			title: `${row.reference}: an action plan item ${when} ${formatIsoDate(row.dueOn)}`,
			link: `/cases/${row.caseId}`
		});
	}
	return events;
}

export interface OtherChildrenPendingRow {
	id: string;
	reference: string;
	receivedAt: Date;
}

/**
 * A notification saying other children may be at risk, whose action the Unit has not recorded
 * an hour after it arrived: the whole Unit, urgent (§13.1).
 */
export function otherChildrenEvents(
	rows: readonly OtherChildrenPendingRow[],
	now: Date
): DueEvent[] {
	return rows
		.filter((row) => now.getTime() - row.receivedAt.getTime() >= OTHER_CHILDREN_GRACE_MS)
		.map((row) => ({
			kind: 'other_children_action',
			key: `other_children_action:${row.id}`,
			day: todayIso(row.receivedAt),
			urgent: true,
			audience: [{ role: 'unit' }],
			title: `Urgent: ${row.reference} says other children may be at risk, and no action is recorded`,
			link: `/unit/notifications/${row.id}`
		}));
}
