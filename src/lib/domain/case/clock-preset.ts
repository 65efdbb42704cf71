import type { CaseDateName } from './case-dates';

/**
 * The procedure's deadlines (docs/procedure.md, Clocks) as data: the seed's preset. The Working
 * Together 2023 preset is another list of the same shape (procedure-presets/wt2023-clocks.ts).
 *
 * - `working_days`: `amount` working days after the anchor, which is not counted.
 * - `calendar_months`: the same date `amount` months later, clamped to the month's last day.
 * - `same_working_day`: the anchor day, or the next working day if the anchor is not one.
 * - `fixed_date`: a date the case records (`dueAt`), such as the date a deferral ends.
 */
export type ClockKind = 'working_days' | 'calendar_months' | 'same_working_day' | 'fixed_date';

export type ClockId =
	| 'T1'
	| 'T2'
	| 'T4'
	| 'T7'
	| 'T8'
	| 'T9'
	| 'T13'
	| 'T15'
	| 'T16'
	| 'deferral'
	| 'review_work'
	| 'short_report'
	// Working Together 2023 (procedure-presets/wt2023-clocks.ts, docs/procedure-wt2023.md).
	| 'WT1'
	| 'WT2'
	| 'WT3'
	| 'WT4'
	| 'WT5'
	| 'wt_publication_deferral';

interface ClockBase {
	id: ClockId;
	label: string;
	section: string;
	/** The date that starts the clock. The clock has not started until this date is recorded. */
	startsAt: CaseDateName;
	/**
	 * Dates that meet the clock; the earliest recorded on or after the start counts. A date from
	 * before the start belongs to an earlier round (a recommendation sent before a deferral) and
	 * does not meet this one.
	 */
	metBy: readonly CaseDateName[];
	/** Only a date after the start day meets the clock, not one on it. */
	metOnlyAfterStartDay?: boolean;
}

export interface CountedClockDefinition extends ClockBase {
	kind: 'working_days' | 'calendar_months' | 'same_working_day';
	amount: number;
	/** A recorded new due date that replaces the counted one when later (§13.10). */
	extendedTo?: CaseDateName;
}

export interface FixedDateClockDefinition extends ClockBase {
	kind: 'fixed_date';
	dueAt: CaseDateName;
}

export type ClockDefinition = CountedClockDefinition | FixedDateClockDefinition;

export const SCR_PROCEDURE_CLOCKS: readonly ClockDefinition[] = [
	{
		id: 'T1',
		label: 'Findings report to the LSCB Chair',
		section: '13.5',
		kind: 'working_days',
		amount: 10,
		startsAt: 'receivedOn',
		// A Chair who decides at once on a clearly met case has had the findings.
		metBy: ['chairBriefedOn', 'chairDecidedOn']
	},
	{
		id: 'T2',
		label: 'Serious Review Panel meets to decide',
		section: '13.5',
		kind: 'calendar_months',
		amount: 1,
		startsAt: 'receivedOn',
		// The first meeting meets it, not one rescheduled after a deferral; so does an immediate
		// decision by the Chair, which makes the meeting unnecessary.
		metBy: ['firstPanelMeetingOn', 'chairDecidedOn']
	},
	{
		id: 'T4',
		label: 'Recommendation to the LSCB Chair',
		section: '13.6',
		kind: 'working_days',
		amount: 5,
		startsAt: 'meetingOn',
		metBy: ['recommendationSentOn']
	},
	{
		id: 'T7',
		label: 'Ofsted notified of the Serious Case Review',
		section: '13.6',
		kind: 'same_working_day',
		amount: 0,
		startsAt: 'scrDecidedOn',
		metBy: ['ofstedNotifiedOn']
	},
	{
		id: 'T8',
		label: 'Letters to chief executives and Executive members',
		section: '13.6',
		kind: 'working_days',
		amount: 5,
		startsAt: 'scrDecidedOn',
		metBy: ['lettersSentOn']
	},
	{
		id: 'T9',
		label: 'Serious Case Review complete',
		section: '13.10',
		kind: 'calendar_months',
		amount: 6,
		startsAt: 'ofstedNotifiedOn',
		metBy: ['sentToOfstedOn'],
		extendedTo: 'reviewTimetableExtendedTo'
	},
	{
		id: 'T13',
		label: 'New action plan to Ofsted',
		section: '13.16',
		kind: 'calendar_months',
		amount: 3,
		startsAt: 'inadequateEvaluationOn',
		metBy: ['newActionPlanSentOn']
	},
	{
		id: 'T15',
		label: 'Report to Ofsted on the serious incident',
		section: '13.20',
		kind: 'calendar_months',
		amount: 1,
		startsAt: 'ofstedReportedOn',
		metBy: ['siReportSentOn']
	},
	{
		id: 'T16',
		label: 'Internal review findings to the Sub Group',
		section: '13.20',
		kind: 'calendar_months',
		amount: 6,
		startsAt: 'internalReviewDecidedOn',
		metBy: ['internalReviewFindingsOn']
	},
	{
		id: 'deferral',
		label: 'Deferred case considered again',
		section: '13.6',
		kind: 'fixed_date',
		startsAt: 'deferredOn',
		dueAt: 'deferUntil',
		// The meeting that recommended the deferral may fall on the day of the decision itself.
		metBy: ['meetingOn'],
		metOnlyAfterStartDay: true
	},
	{
		id: 'review_work',
		label: 'Individual management reviews or audit complete',
		section: '13.6',
		kind: 'fixed_date',
		startsAt: 'chairDecidedOn',
		dueAt: 'reviewWorkDueOn',
		metBy: ['reviewWorkCompletedOn']
	}
];

/**
 * A clock's name wherever it is shown: its label and, for the procedure's numbered clocks, its
 * T-number, so the queue, the case page and the lists all say "Findings report to the LSCB Chair
 * (T1)".
 */
export function clockName(clock: { id: ClockId; label: string }): string {
	return /^(T|WT)\d/.test(clock.id) ? `${clock.label} (${clock.id})` : clock.label;
}

/** The name of one of the procedure's clocks, by id. */
export function procedureClockName(id: ClockId): string {
	const clock = SCR_PROCEDURE_CLOCKS.find((c) => c.id === id);
	return clock ? clockName(clock) : id;
}

/** The default time an agency has for a short report (§13.5); each request may set its own. */
export const DEFAULT_SHORT_REPORT_WORKING_DAYS = 5;

/**
 * How close a running clock must be to show as due soon: 2 working days for the short
 * working-day clocks (5 to 10 days long), 7 calendar days for date and month clocks (1 to 6
 * months long), so each gives a warning of roughly a working week or less in proportion.
 */
export const DUE_SOON_WITHIN: Record<ClockKind, number> = {
	working_days: 2,
	same_working_day: 2,
	calendar_months: 7,
	fixed_date: 7
};

/**
 * Where a clock or move comes from, as shown: "§13.5" for the seed's procedure, the source as
 * written for Working Together 2023 ("WT2023 ch. 5; Children Act 2004 s16C").
 */
export function sectionCitation(section: string): string {
	return /^\d/.test(section) ? `§${section}` : section;
}
