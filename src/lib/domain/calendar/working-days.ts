import { bankHolidaysIn, isBankHoliday } from './bank-holidays';
import { addCalendarDays, dayOfWeek, toEpochDay, yearOf, type IsoDate } from './iso-date';

/** Monday to Friday, except England and Wales bank holidays (docs/procedure.md). */
export function isWorkingDay(date: IsoDate): boolean {
	const weekday = dayOfWeek(date);
	return weekday !== 0 && weekday !== 6 && !isBankHoliday(date);
}

/** `date` itself if it is a working day, otherwise the next one. */
export function workingDayOnOrAfter(date: IsoDate): IsoDate {
	let day = date;
	while (!isWorkingDay(day)) day = addCalendarDays(day, 1);
	return day;
}

// The walk in addWorkingDays costs a few microseconds a day, the count in workingDaysBetween a
// loop over the years' holidays; the reports dashboard asks both for every clock of 20,000 cases,
// nearly all on a few hundred distinct days. The answer depends only on the
// arguments and the bank holiday calendar, fixed for the life of the process (bank-holidays.ts),
// so it is remembered (bounded: an entry forgotten is only walked again).
const MEMO_LIMIT = 20_000;
const addedWorkingDays = new Map<string, IsoDate>();
const workingDaysCounted = new Map<string, number>();

/**
 * The date `n` working days after `anchor`. The anchor day is never counted (docs/procedure.md),
 * so 5 working days after a Friday is the next Friday, and 10 after a Saturday ends on the second
 * Friday.
 *
 * `n = 0` means "the same working day" (§13.6: Ofsted is told immediately after the SCR decision):
 * the anchor if it is a working day, otherwise the next working day. Negative `n` is refused:
 * no deadline in the procedure counts backwards.
 */
export function addWorkingDays(anchor: IsoDate, n: number): IsoDate {
	if (!Number.isInteger(n) || n < 0) {
		throw new RangeError(`Expected a whole number of working days, 0 or more, got ${n}`);
	}
	const key = `${anchor}+${n}`;
	const known = addedWorkingDays.get(key);
	if (known !== undefined) return known;
	let day = anchor;
	if (n === 0) day = workingDayOnOrAfter(anchor);
	let counted = 0;
	while (counted < n) {
		day = addCalendarDays(day, 1);
		if (isWorkingDay(day)) counted += 1;
	}
	if (addedWorkingDays.size >= MEMO_LIMIT) addedWorkingDays.clear();
	addedWorkingDays.set(key, day);
	return day;
}

/**
 * Working days after `from`, up to and including `to`: 1 from a Friday to the next Monday. When
 * `to` is earlier the count is negative, `-workingDaysBetween(to, from)`, so that the days left to a
 * deadline read as negative once it has passed.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
	if (to < from) {
		const count = workingDaysBetween(to, from);
		return count === 0 ? 0 : -count; // never -0, which would print as '-0 days'
	}
	const key = `${from}..${to}`;
	const known = workingDaysCounted.get(key);
	if (known !== undefined) return known;
	// Counted, not walked: the queue shows this for every row, and a day-by-day walk over a
	// notification overdue for a year cost milliseconds per row (docs/decisions/012-performance.md).
	const first = toEpochDay(from) + 1;
	const last = toEpochDay(to);
	if (last < first) return 0;
	let count = weekdaysBetween(first, last);
	// bankHolidaysIn lists only holidays falling on weekdays, so each is one working day fewer.
	for (let year = yearOf(from); year <= yearOf(to); year++) {
		for (const day of holidayEpochDays(year)) {
			if (day >= first && day <= last) count -= 1;
		}
	}
	if (workingDaysCounted.size >= MEMO_LIMIT) workingDaysCounted.clear();
	workingDaysCounted.set(key, count);
	return count;
}

// A year's weekday bank holidays as epoch days, parsed once: every row of the queue and of the
// cases list counts working days, and parsing the same dates again was a visible share of a
// page's time (docs/decisions/034). The calendar is fixed data, so the copy never goes stale.
const holidayDaysByYear = new Map<number, readonly number[]>();

function holidayEpochDays(year: number): readonly number[] {
	let days = holidayDaysByYear.get(year);
	if (!days) {
		days = [...bankHolidaysIn(year)].map(toEpochDay);
		holidayDaysByYear.set(year, days);
	}
	return days;
}

/** Monday to Friday from epoch day `first` to `last`, both included. */
function weekdaysBetween(first: number, last: number): number {
	const days = last - first + 1;
	const fullWeeks = Math.floor(days / 7);
	let count = fullWeeks * 5;
	for (let day = first + fullWeeks * 7; day <= last; day++) {
		// Epoch day 0, 1 January 1970, was a Thursday (getUTCDay 4).
		const weekday = (((day + 4) % 7) + 7) % 7;
		if (weekday !== 0 && weekday !== 6) count += 1;
	}
	return count;
}
