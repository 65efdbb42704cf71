import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { bankHolidaysIn } from '$lib/domain/calendar/bank-holidays';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { clockSpans, countsWorkingDays } from '$lib/domain/case/clocks';
import {
	SCR_PROCEDURE_CLOCKS,
	type ClockDefinition,
	type ClockId
} from '$lib/domain/case/clock-preset';
import type { CountedClock } from './figures';

// Each case's clocks kept for the reports dashboard (docs/decisions/030): what is stored, what it
// depends on, and how the stored rows read back as the clocks `computeClocks` gives on a day.

/** One stored row: a clock as the case's dates define it, whatever the day. */
export interface StoredClock {
	clockId: ClockId;
	startedOn: IsoDate;
	dueOn: IsoDate;
	metOn: IsoDate | null;
	closedOn: IsoDate | null;
}

/** The rows to store for a case with these dates (clockSpans: every clock its dates define). */
export function storedClocks(dates: CaseDates): StoredClock[] {
	return clockSpans(dates).map((span) => ({
		clockId: span.id,
		startedOn: span.startedOn,
		dueOn: span.dueOn,
		metOn: span.metOn ?? null,
		closedOn: dates.closedOn ?? null
	}));
}

/**
 * Bumped when what `storedClocks` stores changes meaning, so start-up refills every case.
 */
const STORED_CLOCKS_VERSION = 1;
const CALENDAR_YEARS = { first: 2000, last: 2060 };

/**
 * What the stored rows were computed by: this code's version, the clock preset, and the bank
 * holidays (due dates in working days move when a holiday is added, as for a coronation or a
 * jubilee, which arrives with an upgrade of the calendar library). Start-up compares it with the
 * stored one and refills every case when it differs.
 */
export function storedClocksFingerprintSource(
	preset: readonly ClockDefinition[] = SCR_PROCEDURE_CLOCKS
): string {
	const holidays: string[] = [];
	for (let year = CALENDAR_YEARS.first; year <= CALENDAR_YEARS.last; year++) {
		holidays.push(...[...bankHolidaysIn(year)].sort());
	}
	return JSON.stringify({ version: STORED_CLOCKS_VERSION, preset, holidays });
}

/** Stored clocks alike in what the figures tell apart, counted together (SQL groups them). */
export interface StoredClockTally {
	clockId: string;
	dueOn: IsoDate;
	/** The earliest date that meets the clock, arrived or not. */
	metOn: IsoDate | null;
	count: number;
}

const PRESET_ORDER = new Map(SCR_PROCEDURE_CLOCKS.map((definition, i) => [definition.id, i]));
const DEFINITIONS = new Map(SCR_PROCEDURE_CLOCKS.map((definition) => [definition.id, definition]));

/**
 * Stored clocks (already limited to those started by `today`, of cases not closed by then unless
 * met) read as of `today`, as `computeClocks` would: met once the meeting date has arrived,
 * overdue once past the due date, otherwise running. In preset order, so the dashboard lists T1
 * before T2 whatever the data. A clock the preset no longer has is left out.
 */
export function talliedClocks(
	tallies: readonly StoredClockTally[],
	today: IsoDate
): CountedClock[] {
	const clocks: CountedClock[] = [];
	for (const tally of tallies) {
		const definition = DEFINITIONS.get(tally.clockId as ClockId);
		if (!definition) continue;
		const metOn = tally.metOn !== null && tally.metOn <= today ? tally.metOn : undefined;
		clocks.push({
			id: definition.id,
			label: definition.label,
			section: definition.section,
			daysUnit: countsWorkingDays(definition.kind) ? 'working' : 'calendar',
			// Running clocks are neither on time nor late: clockFigures counts any such status alike.
			status: metOn !== undefined ? 'met' : today > tally.dueOn ? 'overdue' : 'on_track',
			dueOn: tally.dueOn,
			metOn,
			metLate: metOn !== undefined ? metOn > tally.dueOn : undefined,
			count: tally.count
		});
	}
	return clocks.sort((a, b) => (PRESET_ORDER.get(a.id) ?? 0) - (PRESET_ORDER.get(b.id) ?? 0));
}
