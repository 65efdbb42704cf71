import {
	addCalendarMonths,
	calendarDaysBetween,
	type IsoDate
} from '$lib/domain/calendar/iso-date';
import { addWorkingDays, workingDaysBetween } from '$lib/domain/calendar/working-days';
import type { CaseDates } from './case-dates';
import {
	DEFAULT_SHORT_REPORT_WORKING_DAYS,
	DUE_SOON_WITHIN,
	SCR_PROCEDURE_CLOCKS,
	type ClockDefinition,
	type ClockId,
	type ClockKind
} from './clock-preset';

export type ClockStatus = 'on_track' | 'due_soon' | 'overdue' | 'met';

/** Which clock, and the dates it runs between. */
interface ClockSpan {
	id: ClockId;
	label: string;
	section: string;
	kind: ClockKind;
	startedOn: IsoDate;
	dueOn: IsoDate;
}

export interface ComputedClock extends ClockSpan {
	/** True when a recorded extension replaced the counted due date (§13.10). */
	extended: boolean;
	/**
	 * Days from today to the due date, 0 on the due date itself and negative once overdue (at
	 * least -1, even over a weekend). Working days for working-day clocks, calendar days for the
	 * others (see `daysUnit`). Null once the clock is met.
	 */
	daysLeft: number | null;
	daysUnit: 'working' | 'calendar';
	status: ClockStatus;
	metOn?: IsoDate;
	metLate?: boolean;
}

export interface DeadlineInput extends ClockSpan {
	metOn?: IsoDate;
	extended?: boolean;
}

/** Working-day clocks count days left and late in working days, the others in calendar days. */
export function countsWorkingDays(kind: ClockKind): boolean {
	return kind === 'working_days' || kind === 'same_working_day';
}

/** The state of one deadline on `today`: the common ground of every clock. */
export function deadlineStatus(deadline: DeadlineInput, today: IsoDate): ComputedClock {
	const { metOn, extended = false, ...rest } = deadline;
	const daysUnit = countsWorkingDays(deadline.kind) ? 'working' : 'calendar';
	if (metOn !== undefined) {
		return {
			...rest,
			extended,
			daysLeft: null,
			daysUnit,
			status: 'met',
			metOn,
			metLate: metOn > deadline.dueOn
		};
	}
	const daysLeft =
		daysUnit === 'working'
			? workingDaysBetween(today, deadline.dueOn)
			: calendarDaysBetween(today, deadline.dueOn);
	if (today > deadline.dueOn) {
		// A Friday deadline is still missed on the Saturday, although no working day has passed.
		return { ...rest, extended, daysLeft: Math.min(daysLeft, -1), daysUnit, status: 'overdue' };
	}
	const status = daysLeft <= DUE_SOON_WITHIN[deadline.kind] ? 'due_soon' : 'on_track';
	return { ...rest, extended, daysLeft, daysUnit, status };
}

function countedDueOn(
	kind: 'working_days' | 'calendar_months' | 'same_working_day',
	startedOn: IsoDate,
	amount: number
): IsoDate {
	switch (kind) {
		case 'working_days':
			return addWorkingDays(startedOn, amount);
		case 'same_working_day':
			return addWorkingDays(startedOn, 0);
		case 'calendar_months':
			return addCalendarMonths(startedOn, amount);
	}
}

/** The earliest recorded date on or after the start that meets the clock, arrived or not. */
function metOnFor(
	definition: ClockDefinition,
	dates: CaseDates,
	startedOn: IsoDate
): IsoDate | undefined {
	const candidates = definition.metBy
		.map((name) => dates[name])
		.filter((date): date is IsoDate => date !== undefined)
		.filter((date) => (definition.metOnlyAfterStartDay ? date > startedOn : date >= startedOn))
		.sort();
	return candidates[0];
}

export interface ComputeClocksOptions {
	/** The timescales to apply; the procedure's by default. */
	preset?: readonly ClockDefinition[];
}

/**
 * A clock as the case's dates define it, whatever the day: when it starts and falls due, and the
 * earliest recorded date that meets it (which may still lie in the future). `computeClocks` reads
 * these as of a day; the reports dashboard stores them per case (clock_figures) and reads them as
 * of a day in SQL, by the same three rules: a clock counts once `startedOn` has arrived, is met
 * once `metOn` has arrived, and a closed case drops the clocks not met by then.
 */
export interface ClockSpanOnRecord extends ClockSpan {
	extended: boolean;
	metOn?: IsoDate;
}

/** Every clock the case's dates define, in preset order, whether or not its start has arrived. */
export function clockSpans(
	caseDates: CaseDates,
	options: ComputeClocksOptions = {}
): ClockSpanOnRecord[] {
	const preset = options.preset ?? SCR_PROCEDURE_CLOCKS;
	const spans: ClockSpanOnRecord[] = [];
	for (const definition of preset) {
		const startedOn = caseDates[definition.startsAt];
		if (startedOn === undefined) continue;

		let dueOn: IsoDate;
		let extended = false;
		if (definition.kind === 'fixed_date') {
			const fixed = caseDates[definition.dueAt];
			if (fixed === undefined) continue;
			dueOn = fixed;
		} else {
			dueOn = countedDueOn(definition.kind, startedOn, definition.amount);
			const extension = definition.extendedTo ? caseDates[definition.extendedTo] : undefined;
			if (extension !== undefined && extension > dueOn) {
				dueOn = extension;
				extended = true;
			}
		}
		const { id, label, section, kind } = definition;
		const metOn = metOnFor(definition, caseDates, startedOn);
		spans.push({ id, label, section, kind, startedOn, dueOn, extended, metOn });
	}
	return spans;
}

/**
 * Every clock the case has started, in preset order, as of `today`.
 *
 * A clock starts when its anchor date is recorded and has arrived (a meeting planned for next week
 * starts nothing yet). Once the case has a `closedOn`, clocks still running are left out: a closed
 * case owes nothing, and its met clocks remain as its record.
 */
export function computeClocks(
	caseDates: CaseDates,
	today: IsoDate,
	options: ComputeClocksOptions = {}
): ComputedClock[] {
	const closed = caseDates.closedOn !== undefined && caseDates.closedOn <= today;
	const clocks: ComputedClock[] = [];
	for (const span of clockSpans(caseDates, options)) {
		if (span.startedOn > today) continue;
		// The earliest date that meets the clock; one still in the future meets nothing yet (and
		// then neither does any later one).
		const metOn = span.metOn !== undefined && span.metOn <= today ? span.metOn : undefined;
		if (closed && metOn === undefined) continue;
		clocks.push(deadlineStatus({ ...span, metOn }, today));
	}
	return clocks;
}

/** The running (unmet) clock due first; on a tie, the one earlier in the preset. */
export function nextDueClock(clocks: readonly ComputedClock[]): ComputedClock | undefined {
	let next: ComputedClock | undefined;
	for (const clock of clocks) {
		if (clock.status === 'met') continue;
		if (!next || clock.dueOn < next.dueOn) next = clock;
	}
	return next;
}

/** The default due date of a short report request: 5 working days after the request (§13.5). */
export function shortReportDueOn(
	requestedOn: IsoDate,
	workingDays = DEFAULT_SHORT_REPORT_WORKING_DAYS
): IsoDate {
	return addWorkingDays(requestedOn, workingDays);
}

export interface ShortReportDeadline {
	requestedOn: IsoDate;
	/** The due date set on the request, which may differ from the default. */
	dueOn: IsoDate;
	/** When the agency submitted its report, or its nil return. */
	submittedOn?: IsoDate;
}

/** The clock of one short report request, counted in working days. */
export function shortReportClock(request: ShortReportDeadline, today: IsoDate): ComputedClock {
	const submittedOn =
		request.submittedOn !== undefined && request.submittedOn <= today
			? request.submittedOn
			: undefined;
	return deadlineStatus(
		{
			id: 'short_report',
			label: 'Short report due',
			section: '13.5',
			kind: 'working_days',
			startedOn: request.requestedOn,
			dueOn: request.dueOn,
			metOn: submittedOn
		},
		today
	);
}
