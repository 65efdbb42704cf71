import { addCalendarDays, type IsoDate } from '$lib/domain/calendar/iso-date';

/**
 * A period of whole days as instants: from the first day's start to the start of the day after
 * the last. Days are counted in UTC, so a notification received between midnight and 1 a.m. in
 * British Summer Time counts in the day before (docs/decisions/025): the price of counting months
 * in SQL over 100,000 rows.
 */
export function periodInstants(period: { from: IsoDate; to: IsoDate }) {
	return {
		start: new Date(`${period.from}T00:00:00.000Z`),
		end: new Date(`${addCalendarDays(period.to, 1)}T00:00:00.000Z`)
	};
}
