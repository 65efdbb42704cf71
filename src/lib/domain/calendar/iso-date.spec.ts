import { describe, expect, it } from 'vitest';
import {
	addCalendarDays,
	addCalendarMonths,
	calendarDaysBetween,
	dayOfWeek,
	isIsoDate,
	todayIso
} from './iso-date';

describe('isIsoDate', () => {
	it('accepts real dates written YYYY-MM-DD', () => {
		expect(isIsoDate('2026-03-27')).toBe(true);
		expect(isIsoDate('2028-02-29')).toBe(true);
	});

	it('refuses impossible dates, other layouts and non-strings', () => {
		for (const value of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '26-03-27']) {
			expect(isIsoDate(value)).toBe(false);
		}
		for (const value of ['27/03/2026', '2026-3-7', '2026-03-27T00:00:00Z', '', '0026-03-27']) {
			expect(isIsoDate(value)).toBe(false);
		}
		expect(isIsoDate(20260327)).toBe(false);
		expect(isIsoDate(undefined)).toBe(false);
	});
});

describe('day arithmetic', () => {
	it('crosses month, year and leap day boundaries', () => {
		expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(calendarDaysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(calendarDaysBetween('2026-03-30', '2026-03-28')).toBe(-2);
	});

	it('knows the day of the week', () => {
		expect(dayOfWeek('2026-12-25')).toBe(5); // Friday
		expect(dayOfWeek('2026-12-26')).toBe(6);
		expect(dayOfWeek('2026-12-27')).toBe(0);
	});

	it('throws on a malformed date rather than guessing', () => {
		expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
	});
});

describe('addCalendarMonths', () => {
	it('keeps the same date next month', () => {
		expect(addCalendarMonths('2026-03-15', 1)).toBe('2026-04-15');
		expect(addCalendarMonths('2026-12-18', 1)).toBe('2027-01-18');
	});

	it('clamps to the last day of a shorter month', () => {
		expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
		expect(addCalendarMonths('2027-08-31', 6)).toBe('2028-02-29');
		expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
		expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
		expect(addCalendarMonths('2027-11-30', 3)).toBe('2028-02-29');
		expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
	});

	it('counts backwards for negative months and refuses fractions', () => {
		expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
		expect(addCalendarMonths('2026-01-15', -1)).toBe('2025-12-15');
		expect(() => addCalendarMonths('2026-01-15', 0.5)).toThrow(RangeError);
	});
});

describe('todayIso', () => {
	it('gives the date in England, not in UTC, during British Summer Time', () => {
		expect(todayIso(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
		expect(todayIso(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
	});

	it('matches UTC in winter', () => {
		expect(todayIso(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
		expect(todayIso(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
	});

	it('handles the nights the clocks change', () => {
		// Clocks go forward at 01:00 UTC on 29 Mar 2026 and back at 01:00 UTC on 25 Oct 2026.
		expect(todayIso(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
		expect(todayIso(new Date('2026-03-28T23:59:00Z'))).toBe('2026-03-28');
		expect(todayIso(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
		expect(todayIso(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
	});
});
