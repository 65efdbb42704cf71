// Date rules live in calendar/iso-date.ts; this module adds how dates are shown to people.
export { isIsoDate, todayIso, type IsoDate } from './calendar/iso-date';
import { isIsoDate, type IsoDate } from './calendar/iso-date';

const displayDate = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'UTC',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});

/** '2026-03-27' → '27 March 2026' (GOV.UK date style). */
export function formatIsoDate(value: IsoDate): string {
	if (!isIsoDate(value)) return value;
	return displayDate.format(new Date(`${value}T00:00:00Z`));
}

const displayDateTime = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	hourCycle: 'h12'
});

/** An instant as England sees it: '27 March 2026, 3:05 pm'. */
export function formatDateTime(value: Date | number): string {
	return displayDateTime.format(value);
}
