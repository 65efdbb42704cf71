import { describe, expect, it } from 'vitest';
import { bankHolidaysIn, isBankHoliday } from './bank-holidays';

// England and Wales bank holidays as published on gov.uk/bank-holidays.
const GOV_UK: Record<number, string[]> = {
	2020: [
		'2020-01-01',
		'2020-04-10',
		'2020-04-13',
		'2020-05-08', // early May bank holiday moved to VE Day
		'2020-05-25',
		'2020-08-31',
		'2020-12-25',
		'2020-12-28'
	],
	2022: [
		'2022-01-03',
		'2022-04-15',
		'2022-04-18',
		'2022-05-02',
		'2022-06-02', // spring bank holiday moved for the Platinum Jubilee
		'2022-06-03',
		'2022-08-29',
		'2022-09-19', // State Funeral of Queen Elizabeth II
		'2022-12-26',
		'2022-12-27'
	],
	2023: [
		'2023-01-02',
		'2023-04-07',
		'2023-04-10',
		'2023-05-01',
		'2023-05-08', // Coronation of King Charles III
		'2023-05-29',
		'2023-08-28',
		'2023-12-25',
		'2023-12-26'
	],
	2025: [
		'2025-01-01',
		'2025-04-18',
		'2025-04-21',
		'2025-05-05',
		'2025-05-26',
		'2025-08-25',
		'2025-12-25',
		'2025-12-26'
	],
	2026: [
		'2026-01-01',
		'2026-04-03',
		'2026-04-06',
		'2026-05-04',
		'2026-05-25',
		'2026-08-31',
		'2026-12-25',
		'2026-12-28' // Boxing Day falls on a Saturday
	],
	2027: [
		'2027-01-01',
		'2027-03-26',
		'2027-03-29',
		'2027-05-03',
		'2027-05-31',
		'2027-08-30',
		'2027-12-27', // Christmas Day falls on a Saturday
		'2027-12-28' // Boxing Day falls on a Sunday
	]
};

describe('bankHolidaysIn', () => {
	for (const [year, expected] of Object.entries(GOV_UK)) {
		it(`matches gov.uk for ${year}`, () => {
			expect([...bankHolidaysIn(Number(year))].sort()).toEqual(expected);
		});
	}

	it('gives the substitute for a New Year falling on a Saturday', () => {
		expect(isBankHoliday('2028-01-03')).toBe(true);
		expect(isBankHoliday('2028-01-01')).toBe(false);
	});

	it('leaves out the weekend date a substitute day replaces', () => {
		expect(isBankHoliday('2026-12-26')).toBe(false);
		expect(isBankHoliday('2027-12-25')).toBe(false);
	});

	it('does not count observances as days off', () => {
		expect(isBankHoliday('2026-04-05')).toBe(false); // Easter Sunday
		expect(isBankHoliday('2026-03-15')).toBe(false); // Mother's Day
	});

	it('returns the same cached set for a year', () => {
		expect(bankHolidaysIn(2026)).toBe(bankHolidaysIn(2026));
	});
});
