/**
 * A plain calendar date written 'YYYY-MM-DD', with no time and no time zone.
 *
 * Deadlines in the procedure are counted in whole days (§13.5, §13.6, §13.10), so dates are kept as
 * strings and all arithmetic is done on UTC midnights, where there is no daylight saving to shift a
 * date by an hour into the day before. It is a plain string alias so values read from the database
 * or a form need no cast; functions here throw a RangeError on a malformed date, which is a
 * programming error (forms validate with `isIsoDate` first).
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
// Years outside this range are typing mistakes in this domain (and Date.UTC treats 0–99 as 19xx).
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

interface DateParts {
	year: number;
	month: number;
	day: number;
}

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function readParts(value: string): DateParts | undefined {
	const match = ISO_DATE.exec(value);
	if (!match) return undefined;
	const year = Number(match[1]);
	const month = Number(match[2]);
	const day = Number(match[3]);
	if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return undefined;
	if (day < 1 || day > daysInMonth(year, month)) return undefined;
	return { year, month, day };
}

function parts(date: IsoDate): DateParts {
	const found = readParts(date);
	if (!found) throw new RangeError(`Expected a calendar date written YYYY-MM-DD, got '${date}'`);
	return found;
}

function format({ year, month, day }: DateParts): IsoDate {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date written 'YYYY-MM-DD' (so not '2026-02-30'). */
export function isIsoDate(value: unknown): value is IsoDate {
	return typeof value === 'string' && readParts(value) !== undefined;
}

export function yearOf(date: IsoDate): number {
	return parts(date).year;
}

/** Days since 1970-01-01; the unit all day arithmetic is done in. */
export function toEpochDay(date: IsoDate): number {
	const { year, month, day } = parts(date);
	return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromEpochDay(epochDay: number): IsoDate {
	return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** 0 is Sunday, 6 is Saturday, as in Date#getUTCDay. */
export function dayOfWeek(date: IsoDate): number {
	return new Date(toEpochDay(date) * DAY_MS).getUTCDay();
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
	return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to`: 1 for the next day, negative when `to` is earlier. */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
	return toEpochDay(to) - toEpochDay(from);
}

/**
 * The same date `months` later (or earlier, if negative), clamped to the last day of the month
 * (docs/procedure.md): 31 Aug + 6 months is 28 Feb, or 29 Feb in a leap year.
 */
export function addCalendarMonths(anchor: IsoDate, months: number): IsoDate {
	if (!Number.isInteger(months)) throw new RangeError(`Expected whole months, got ${months}`);
	const { year, month, day } = parts(anchor);
	const monthIndex = year * 12 + (month - 1) + months;
	const targetYear = Math.floor(monthIndex / 12);
	const targetMonth = monthIndex - targetYear * 12 + 1;
	return format({
		year: targetYear,
		month: targetMonth,
		day: Math.min(day, daysInMonth(targetYear, targetMonth))
	});
}

// Made on first use: building a formatter with a time zone loads the zone's data, tens of
// milliseconds on a slow phone, and pages that import this module mostly never call it.
let londonDate: Intl.DateTimeFormat | undefined;

// England's offset from UTC is a whole hour (GMT or BST) and changes on the hour, so every
// instant in one UTC hour has the same date there: one Intl lookup per hour, not per call.
const HOUR_MS = 3_600_000;
let cachedHour = Number.NaN;
let cachedDate = '';

/**
 * The calendar date in England at the instant `now`. A notification received at 00:30 in
 * British Summer Time is received that day, although it is still the day before in UTC.
 */
export function todayIso(now: Date = new Date()): IsoDate {
	const hour = Math.floor(now.getTime() / HOUR_MS);
	if (hour === cachedHour) return cachedDate;
	londonDate ??= new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	});
	const dateParts = londonDate.formatToParts(now);
	const part = (type: Intl.DateTimeFormatPartTypes): string =>
		dateParts.find((found) => found.type === type)?.value ?? '';
	const date = format(parts(`${part('year')}-${part('month')}-${part('day')}`));
	cachedHour = hour;
	cachedDate = date;
	return date;
}
