/** A calendar date as 'YYYY-MM-DD'. Deadlines and form dates are days, not instants. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
	const m = ISO_DATE.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return (
		y >= 1900 &&
		date.getUTCFullYear() === y &&
		date.getUTCMonth() === mo - 1 &&
		date.getUTCDate() === d
	);
}

const londonDate = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar date in England at a given instant: statutory days are counted there. */
export function londonToday(now: Date = new Date()): IsoDate {
	return londonDate.format(now);
}

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
