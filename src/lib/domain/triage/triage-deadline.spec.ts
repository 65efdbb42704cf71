import { describe, expect, it } from 'vitest';
import { receiptDate, triageClock, triageDueOn, TRIAGE_WORKING_DAYS } from './triage-deadline';

describe('the triage deadline', () => {
	it('is T1: 10 working days after the receipt date, the receipt day not counted', () => {
		expect(TRIAGE_WORKING_DAYS).toBe(10);
		// Monday 2 November 2026 → Monday 16 November.
		expect(triageDueOn('2026-11-02')).toBe('2026-11-16');
		// Across Christmas and New Year: 25, 28 December (Boxing Day substitute) and 1 January.
		expect(triageDueOn('2026-12-21')).toBe('2027-01-07');
	});

	it('counts the receipt date in England, not in UTC', () => {
		// 23:30 UTC on 31 May is 00:30 on 1 June in British Summer Time.
		expect(receiptDate(Date.UTC(2026, 4, 31, 23, 30))).toBe('2026-06-01');
		expect(receiptDate(new Date(Date.UTC(2026, 0, 15, 23, 30)))).toBe('2026-01-15');
	});

	it('is on track, then due soon, then overdue', () => {
		const dueOn = triageDueOn('2026-11-02');
		expect(triageClock('2026-11-02', dueOn, '2026-11-02')).toEqual({
			dueOn: '2026-11-16',
			daysLeft: 10,
			clockStatus: 'on_track'
		});
		expect(triageClock('2026-11-02', dueOn, '2026-11-12')).toMatchObject({
			daysLeft: 2,
			clockStatus: 'due_soon'
		});
		expect(triageClock('2026-11-02', dueOn, '2026-11-16')).toMatchObject({
			daysLeft: 0,
			clockStatus: 'due_soon'
		});
		expect(triageClock('2026-11-02', dueOn, '2026-11-17')).toMatchObject({
			daysLeft: -1,
			clockStatus: 'overdue'
		});
	});
});
