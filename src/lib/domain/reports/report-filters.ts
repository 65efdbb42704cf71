import { z } from 'zod';
import {
	addCalendarDays,
	addCalendarMonths,
	calendarDaysBetween,
	isIsoDate,
	type IsoDate
} from '$lib/domain/calendar/iso-date';
import { INCIDENT_TYPES, keysOf } from '$lib/domain/notification/notification-options';

/*
 * The dashboard's filters (§13.20: "analysed for trends"), as they travel in the page's address.
 * Only a period, an incident type and an agency's id: never anything about a child, so an address
 * copied into an email or a log holds no personal data.
 */

/** The longest period one view may ask for: enough for five years' trends, bounded for the server. */
export const MAX_PERIOD_DAYS = 5 * 366;
const EARLIEST = '2000-01-01';
const LATEST = '2100-12-31';

const isoDate = (what: string) =>
	z
		.string({ error: `Enter ${what}` })
		.refine(isIsoDate, `Enter ${what} as a real date`)
		.refine((date) => date >= EARLIEST && date <= LATEST, `Enter ${what} between 2000 and 2100`);

export const reportFiltersSchema = z
	.object({
		from: isoDate('the first day of the period'),
		to: isoDate('the last day of the period'),
		incidentType: z
			.enum(keysOf(INCIDENT_TYPES), { error: 'Select a type from the list' })
			.optional(),
		agencyId: z.uuid('Select an agency from the list').optional()
	})
	// Zod 4 runs these even when a date failed above, so each checks its dates are real first.
	.refine((f) => !bothDates(f) || f.from <= f.to, {
		message: 'The first day of the period must be on or before the last day',
		path: ['to']
	})
	.refine((f) => !bothDates(f) || periodDays(f.from, f.to) <= MAX_PERIOD_DAYS, {
		message: 'Choose a period of five years or less',
		path: ['from']
	});
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

function bothDates(f: { from: unknown; to: unknown }): boolean {
	return isIsoDate(f.from) && isIsoDate(f.to);
}

function periodDays(from: IsoDate, to: IsoDate): number {
	return calendarDaysBetween(from, to) + 1;
}

/** The default view: the twelve months up to and including today. */
export function defaultPeriod(today: IsoDate): { from: IsoDate; to: IsoDate } {
	return { from: addCalendarDays(addCalendarMonths(today, -12), 1), to: today };
}

/**
 * The filters a page's address asks for, with the default period filling what is missing. An
 * empty or absent value means "all"; a wrong one is left for the schema to refuse by name.
 */
export function filtersFromSearch(
	search: URLSearchParams,
	today: IsoDate
): Record<string, unknown> {
	const period = defaultPeriod(today);
	const value = (name: string) => search.get(name)?.trim() || undefined;
	return {
		from: value('from') ?? period.from,
		to: value('to') ?? period.to,
		incidentType: value('type'),
		agencyId: value('agency')
	};
}

/** The address's query for these filters, the inverse of `filtersFromSearch`. */
export function searchForFilters(filters: ReportFilters): string {
	const search = new URLSearchParams({ from: filters.from, to: filters.to });
	if (filters.incidentType) search.set('type', filters.incidentType);
	if (filters.agencyId) search.set('agency', filters.agencyId);
	return search.toString();
}

/** Every month a period touches, as YYYY-MM, in order: a month with nothing still shows as 0. */
export function monthsOf(from: IsoDate, to: IsoDate): string[] {
	const months: string[] = [];
	let year = Number(from.slice(0, 4));
	let month = Number(from.slice(5, 7));
	const last = to.slice(0, 7);
	for (;;) {
		const key = `${year}-${String(month).padStart(2, '0')}`;
		months.push(key);
		if (key >= last) return months;
		month += 1;
		if (month > 12) {
			month = 1;
			year += 1;
		}
	}
}
