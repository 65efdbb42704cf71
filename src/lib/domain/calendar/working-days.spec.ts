import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBankHoliday } from './bank-holidays';
import { dayOfWeek, fromEpochDay, toEpochDay } from './iso-date';
import {
	addWorkingDays,
	isWorkingDay,
	workingDayOnOrAfter,
	workingDaysBetween
} from './working-days';

describe('isWorkingDay', () => {
	it('is false at weekends and on bank holidays', () => {
		expect(isWorkingDay('2026-03-06')).toBe(true); // Friday
		expect(isWorkingDay('2026-03-07')).toBe(false);
		expect(isWorkingDay('2026-03-08')).toBe(false);
		expect(isWorkingDay('2026-04-03')).toBe(false); // Good Friday
		expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day substitute
	});
});

describe('addWorkingDays', () => {
	it('does not count the anchor day: 5 working days after a Friday is the next Friday', () => {
		expect(addWorkingDays('2026-03-06', 5)).toBe('2026-03-13');
		expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
	});

	it('starts counting on the Monday when anchored at a weekend', () => {
		expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
		expect(addWorkingDays('2026-03-07', 5)).toBe('2026-03-13');
	});

	it('treats 0 as the same working day, or the next one', () => {
		expect(addWorkingDays('2026-03-06', 0)).toBe('2026-03-06');
		expect(addWorkingDays('2026-03-07', 0)).toBe('2026-03-09');
		expect(addWorkingDays('2026-12-25', 0)).toBe('2026-12-29');
		expect(workingDayOnOrAfter('2026-04-03')).toBe('2026-04-07');
	});

	it('skips Christmas, the Boxing Day substitute and New Year 2026/27', () => {
		// 23, 24, 29, 30, 31 Dec: 25 Dec (Fri) and 28 Dec (Mon, substitute) are bank holidays.
		expect(addWorkingDays('2026-12-22', 5)).toBe('2026-12-31');
		expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
		// 4 Jan 2027 is the first working day of the year: 1 Jan is a Friday.
		expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
		expect(addWorkingDays('2026-12-18', 10)).toBe('2027-01-06');
	});

	it('skips both substitute days at Christmas 2027', () => {
		expect(addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
	});

	it('skips Good Friday and Easter Monday 2026', () => {
		expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
		expect(addWorkingDays('2026-04-02', 5)).toBe('2026-04-13');
	});

	it('skips the August bank holiday 2026', () => {
		expect(addWorkingDays('2026-08-28', 1)).toBe('2026-09-01');
		expect(addWorkingDays('2026-08-24', 5)).toBe('2026-09-01');
	});

	it('refuses negative or fractional counts', () => {
		expect(() => addWorkingDays('2026-03-06', -1)).toThrow(RangeError);
		expect(() => addWorkingDays('2026-03-06', 1.5)).toThrow(RangeError);
	});
});

describe('workingDaysBetween', () => {
	it('counts days after `from` up to and including `to`', () => {
		expect(workingDaysBetween('2026-03-06', '2026-03-06')).toBe(0);
		expect(workingDaysBetween('2026-03-06', '2026-03-07')).toBe(0);
		expect(workingDaysBetween('2026-03-06', '2026-03-09')).toBe(1);
		expect(workingDaysBetween('2026-12-24', '2027-01-04')).toBe(4);
	});

	it('is negative when `to` is earlier', () => {
		expect(workingDaysBetween('2027-01-04', '2026-12-24')).toBe(-4);
		expect(workingDaysBetween('2026-03-09', '2026-03-06')).toBe(-1);
	});
});

describe('working day properties', () => {
	const dates = fc
		.integer({ min: toEpochDay('2000-01-01'), max: toEpochDay('2099-12-31') })
		.map(fromEpochDay);
	const counts = fc.integer({ min: 1, max: 60 });

	it('never lands on a weekend or a bank holiday', () => {
		fc.assert(
			fc.property(dates, fc.integer({ min: 0, max: 60 }), (anchor, n) => {
				const due = addWorkingDays(anchor, n);
				expect([0, 6]).not.toContain(dayOfWeek(due));
				expect(isBankHoliday(due)).toBe(false);
				expect(due > anchor || (n === 0 && due === anchor)).toBe(true);
			})
		);
	});

	it('never gives an earlier date for more days', () => {
		fc.assert(
			fc.property(dates, counts, counts, (anchor, a, b) => {
				const [fewer, more] = a <= b ? [a, b] : [b, a];
				expect(addWorkingDays(anchor, fewer) <= addWorkingDays(anchor, more)).toBe(true);
			})
		);
	});

	it('counts back exactly the days it added', () => {
		fc.assert(
			fc.property(dates, counts, (anchor, n) => {
				expect(workingDaysBetween(anchor, addWorkingDays(anchor, n))).toBe(n);
			})
		);
	});

	it('is antisymmetric', () => {
		fc.assert(
			fc.property(dates, fc.integer({ min: -90, max: 90 }), (from, offset) => {
				const to = fromEpochDay(toEpochDay(from) + offset);
				const forwards = workingDaysBetween(from, to);
				const backwards = workingDaysBetween(to, from);
				expect(forwards + backwards).toBe(0);
				expect(Object.is(backwards, -0)).toBe(false);
			})
		);
	});

	it('counts as a day-by-day walk would, across years and bank holidays', () => {
		fc.assert(
			fc.property(dates, fc.integer({ min: 0, max: 800 }), (from, offset) => {
				const to = fromEpochDay(toEpochDay(from) + offset);
				let walked = 0;
				for (let day = toEpochDay(from) + 1; day <= toEpochDay(to); day++) {
					if (isWorkingDay(fromEpochDay(day))) walked += 1;
				}
				expect(workingDaysBetween(from, to)).toBe(walked);
			})
		);
	});
});
