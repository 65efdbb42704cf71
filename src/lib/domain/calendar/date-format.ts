// Date rules live in iso-date.ts; this module adds how dates are shown to people.
import { isIsoDate, type IsoDate } from './iso-date';

// The formatters are made on first use, not when a page loads this module: each costs tens of
// milliseconds on a slow phone (time zone data), and most pages show no date on first paint.
let displayDate: Intl.DateTimeFormat | undefined;
let displayDateTime: Intl.DateTimeFormat | undefined;

/** '2026-03-27' → '27 March 2026' (GOV.UK date style). */
export function formatIsoDate(value: IsoDate): string {
	if (!isIsoDate(value)) return value;
	displayDate ??= new Intl.DateTimeFormat('en-GB', {
		timeZone: 'UTC',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	});
	return displayDate.format(new Date(`${value}T00:00:00Z`));
}

/** An instant as England sees it: '27 March 2026, 3:05 pm'. */
export function formatDateTime(value: Date | number): string {
	displayDateTime ??= new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
		hourCycle: 'h12'
	});
	return displayDateTime.format(value);
}
