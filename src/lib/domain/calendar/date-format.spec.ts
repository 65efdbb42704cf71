import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime, formatIsoDate } from './date-format';
import { isIsoDate, todayIso } from './iso-date';

afterEach(() => {
	vi.useRealTimers();
});

describe('isIsoDate', () => {
	it.each(['2026-03-27', '2026-01-01', '2026-12-31', '1900-01-01', '2099-06-30', '2026-04-30'])(
		'accepts the real date %s',
		(value) => {
			expect(isIsoDate(value)).toBe(true);
		}
	);

	it('accepts 29 February only in leap years', () => {
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2000-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2025-02-29')).toBe(false);
		expect(isIsoDate('2100-02-29')).toBe(false);
		expect(isIsoDate('1900-02-29')).toBe(false);
	});

	it.each(['2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32'])(
		'refuses the impossible date %s',
		(value) => {
			expect(isIsoDate(value)).toBe(false);
		}
	);

	it.each([
		'',
		'2026-3-27',
		'2026-03-7',
		'26-03-27',
		'27/03/2026',
		'2026/03/27',
		'20260327',
		' 2026-03-27',
		'2026-03-27 ',
		'2026-03-27T00:00:00Z',
		'+02026-03-27',
		'abcd-ef-gh',
		'27 March 2026'
	])('refuses the badly formatted %j', (value) => {
		expect(isIsoDate(value)).toBe(false);
	});

	it('refuses years before 1900', () => {
		expect(isIsoDate('1899-12-31')).toBe(false);
		expect(isIsoDate('0050-01-01')).toBe(false);
		expect(isIsoDate('0000-01-01')).toBe(false);
	});
});

describe('todayIso', () => {
	it('is the London date in summer time, a day ahead of UTC just before midnight', () => {
		expect(todayIso(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
		expect(todayIso(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
		expect(todayIso(new Date('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
	});

	it('is the UTC date in winter (GMT)', () => {
		expect(todayIso(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
		expect(todayIso(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
	});

	it('follows the clock changes', () => {
		// Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
		expect(todayIso(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
		expect(todayIso(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
		expect(todayIso(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
		expect(todayIso(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
	});

	it('agrees with a fresh lookup at every minute around the clock changes and a new year', () => {
		// todayIso keeps one answer per UTC hour; this walks instants in calling order, so a cached
		// answer that outlived its hour would show as a wrong date at the next midnight or change.
		const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
		for (const start of ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z', '2026-12-31T20:00:00Z']) {
			for (let minute = 0; minute < 36 * 60; minute += 1) {
				const now = new Date(Date.parse(start) + minute * 60_000);
				expect(todayIso(now)).toBe(london.format(now));
			}
		}
	});

	it('returns a valid ISO date', () => {
		expect(isIsoDate(todayIso(new Date('2026-02-28T12:00:00Z')))).toBe(true);
		expect(todayIso(new Date('2026-02-28T12:00:00Z'))).toBe('2026-02-28');
	});

	it('defaults to now', () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-06-30T23:30:00Z'));
		expect(todayIso()).toBe('2026-07-01');
		vi.setSystemTime(new Date('2026-12-31T23:30:00Z'));
		expect(todayIso()).toBe('2026-12-31');
	});
});

describe('formatIsoDate', () => {
	it('writes the date in GOV.UK style', () => {
		expect(formatIsoDate('2026-03-27')).toBe('27 March 2026');
		expect(formatIsoDate('2026-01-05')).toBe('5 January 2026');
		expect(formatIsoDate('2024-02-29')).toBe('29 February 2024');
		expect(formatIsoDate('2026-12-31')).toBe('31 December 2026');
	});

	it('does not shift the day, whatever the time zone', () => {
		// A summer date would read as the previous day if midnight were taken in London.
		expect(formatIsoDate('2026-07-01')).toBe('1 July 2026');
		expect(formatIsoDate('2026-03-29')).toBe('29 March 2026');
	});

	it('returns anything that is not a real date unchanged', () => {
		expect(formatIsoDate('2026-02-30')).toBe('2026-02-30');
		expect(formatIsoDate('')).toBe('');
		expect(formatIsoDate('not a date')).toBe('not a date');
	});
});

describe('formatDateTime', () => {
	// ICU versions differ in how they join the date and the time (', ' or ' at ').
	const joined = (date: string, time: string) => new RegExp(`^${date}(?:,| at) ${time}$`);

	it('shows a winter instant in GMT with a 12-hour clock', () => {
		expect(formatDateTime(new Date('2026-03-27T15:05:00Z'))).toMatch(
			joined('27 March 2026', '3:05 pm')
		);
		expect(formatDateTime(new Date('2026-12-31T09:00:00Z'))).toMatch(
			joined('31 December 2026', '9:00 am')
		);
	});

	it('shows a summer instant in BST', () => {
		expect(formatDateTime(new Date('2026-07-01T12:00:00Z'))).toMatch(
			joined('1 July 2026', '1:00 pm')
		);
	});

	it('moves to the London date across midnight, showing the hour after midnight as 12', () => {
		expect(formatDateTime(new Date('2026-06-30T23:30:00Z'))).toMatch(
			joined('1 July 2026', '12:30 am')
		);
	});

	it('shows the hour after noon as 12, not 0', () => {
		expect(formatDateTime(new Date('2026-07-01T11:15:00Z'))).toMatch(
			joined('1 July 2026', '12:15 pm')
		);
		expect(formatDateTime(new Date('2026-01-15T12:00:00Z'))).toMatch(
			joined('15 January 2026', '12:00 pm')
		);
	});

	it('accepts a millisecond timestamp', () => {
		const instant = new Date('2026-03-27T15:05:00Z');
		expect(formatDateTime(instant.getTime())).toBe(formatDateTime(instant));
		expect(formatDateTime(instant.getTime())).toMatch(joined('27 March 2026', '3:05 pm'));
	});
});
