import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { bankHolidaysIn } from '$lib/domain/calendar/bank-holidays';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { clockSpans, countsWorkingDays } from '$lib/domain/case/clocks';
import {
	SCR_PROCEDURE_CLOCKS,
	type ClockDefinition,
	type ClockId
} from '$lib/domain/case/clock-preset';
import { PROCEDURE_PRESETS, presetClocks } from '$lib/domain/procedure-presets/presets';
import { daysLate, type CountedClock } from './figures';

// Each case's clocks kept for the reports dashboard (docs/decisions/030): what is stored, what it
// depends on, and how the stored rows read back as the clocks `computeClocks` gives on a day.

/**
 * The clocks of every procedure preset, the seed's first (docs/decisions/033): each case's are
 * stored by its own preset, and the dashboard reads a clock by its id (T1, WT1) whichever it is.
 */
const EVERY_PRESETS_CLOCKS: readonly ClockDefinition[] = PROCEDURE_PRESETS.flatMap((id) =>
	presetClocks(id)
);

/** One stored row: a clock as the case's dates define it, whatever the day. */
export interface StoredClock {
	clockId: ClockId;
	startedOn: IsoDate;
	dueOn: IsoDate;
	metOn: IsoDate | null;
	/** Days late when `metOn` is after `dueOn`, in the clock's unit (daysLate); null otherwise. */
	metDaysLate: number | null;
	closedOn: IsoDate | null;
}

/** The rows to store for a case with these dates (clockSpans: every clock its dates define). */
export function storedClocks(
	dates: CaseDates,
	preset: readonly ClockDefinition[] = SCR_PROCEDURE_CLOCKS
): StoredClock[] {
	return clockSpans(dates, { preset }).map((span) => {
		const { id, dueOn, metOn } = span;
		const daysUnit = countsWorkingDays(span.kind) ? 'working' : 'calendar';
		const late = metOn !== undefined && metOn > dueOn;
		return {
			clockId: id,
			startedOn: span.startedOn,
			dueOn,
			metOn: metOn ?? null,
			// Independent of the day looked at: the days from the due date to the day it was met.
			metDaysLate: late ? daysLate({ ...span, daysUnit, status: 'met', metOn }, metOn) : null,
			closedOn: dates.closedOn ?? null
		};
	});
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
	preset: readonly ClockDefinition[] = EVERY_PRESETS_CLOCKS
): string {
	const holidays: string[] = [];
	for (let year = CALENDAR_YEARS.first; year <= CALENDAR_YEARS.last; year++) {
		holidays.push(...[...bankHolidaysIn(year)].sort());
	}
	return JSON.stringify({ version: STORED_CLOCKS_VERSION, preset, holidays });
}

/**
 * The stored clocks due on one day, counted as of a day (SQL reads them in one pass, already
 * limited to those started by then, of cases not closed by then unless met).
 */
export interface StoredClockTally {
	clockId: string;
	dueOn: IsoDate;
	/** Met by the day looked at, on or before the due date. */
	metOnTime: number;
	/** The days late of each met after the due date (comma-separated, as SQL's group_concat). */
	metLateDays: string | null;
	/** Not met by the day looked at: overdue once past the due date, else still running. */
	notMet: number;
}

const PRESET_ORDER = new Map(EVERY_PRESETS_CLOCKS.map((definition, i) => [definition.id, i]));
const DEFINITIONS = new Map(EVERY_PRESETS_CLOCKS.map((definition) => [definition.id, definition]));

/**
 * The tallies as counted clocks for `clockFigures`, read as of `today` as `computeClocks` would:
 * a clock not met is overdue once past its due date, otherwise running. In preset order, so the
 * dashboard lists T1 before T2 whatever the data. A clock the preset no longer has is left out.
 */
export function talliedClocks(
	tallies: readonly StoredClockTally[],
	today: IsoDate
): CountedClock[] {
	const clocks: CountedClock[] = [];
	for (const tally of tallies) {
		const definition = DEFINITIONS.get(tally.clockId as ClockId);
		if (!definition) continue;
		const { id, label, section } = definition;
		const daysUnit = countsWorkingDays(definition.kind) ? 'working' : 'calendar';
		const base = { id, label, section, daysUnit, dueOn: tally.dueOn } as const;
		if (tally.metOnTime > 0) {
			clocks.push({ ...base, status: 'met', metLate: false, count: tally.metOnTime });
		}
		if (tally.metLateDays !== null) {
			const metLateDays = tally.metLateDays.split(',').map(Number);
			clocks.push({
				...base,
				status: 'met',
				metLate: true,
				metLateDays,
				count: metLateDays.length
			});
		}
		if (tally.notMet > 0) {
			// Running clocks are neither on time nor late: clockFigures counts any such status alike.
			const status = today > tally.dueOn ? 'overdue' : 'on_track';
			clocks.push({ ...base, status, count: tally.notMet });
		}
	}
	return clocks.sort((a, b) => (PRESET_ORDER.get(a.id) ?? 0) - (PRESET_ORDER.get(b.id) ?? 0));
}
