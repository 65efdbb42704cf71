import Holidays from 'date-holidays';
import { dayOfWeek, yearOf, type IsoDate } from './iso-date';

// England and Wales share one bank holiday calendar; date-holidays calls it GB / ENG. Its 'public'
// holidays are the bank holidays, including substitute days (28 Dec 2026) and one-off days (the
// 2023 Coronation); its 'observance' days (Mother's Day, Easter Sunday) are not days off.
let source: Holidays | undefined;
const byYear = new Map<number, ReadonlySet<IsoDate>>();

function holidaySource(): Holidays {
	source ??= new Holidays('GB', 'ENG');
	return source;
}

/**
 * England and Wales bank holidays in `year`, as gov.uk lists them. date-holidays also reports the
 * Saturday or Sunday on which Christmas, Boxing Day or New Year fall; those are left out because
 * the day off is the substitute weekday, which it reports separately.
 */
export function bankHolidaysIn(year: number): ReadonlySet<IsoDate> {
	let days = byYear.get(year);
	if (!days) {
		days = new Set(
			holidaySource()
				.getHolidays(year)
				.filter((holiday) => holiday.type === 'public')
				// `date` is 'YYYY-MM-DD hh:mm:ss' in the calendar's own zone, whatever the server's zone.
				.map((holiday) => holiday.date.slice(0, 10))
				.filter((date) => dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6)
		);
		byYear.set(year, days);
	}
	return days;
}

export function isBankHoliday(date: IsoDate): boolean {
	return bankHolidaysIn(yearOf(date)).has(date);
}
