import { describe, expect, it } from 'vitest';
import {
	casesListKey,
	decodeCasesListCursor,
	encodeCasesListCursor,
	NO_RUNNING_CLOCK,
	type CasesListPosition
} from './cases-list';

const position: CasesListPosition = {
	sort: 'deadline',
	nextDueOn: '2026-12-14',
	updatedAt: 1_796_000_000_000,
	id: '019a6b2e-7a3c-7def-8abc-0123456789ab'
};

describe('the cases list key', () => {
	it('is the due date of the running clock due first', () => {
		// T1: received Monday 30 November 2026, findings to the Chair within 10 working days (§13.5, clock-preset.ts).
		const key = casesListKey({ receivedOn: '2026-11-30' }, '2026-11-30');
		expect(key.nextDueOn).toBe('2026-12-14');
		expect(key.validUntil).toBe(NO_RUNNING_CLOCK);
	});

	it('has no running clock after the case closes, and sorts such cases last', () => {
		const key = casesListKey({ receivedOn: '2026-11-02', closedOn: '2026-11-20' }, '2026-11-30');
		expect(key.nextDueOn).toBe(NO_RUNNING_CLOCK);
		expect(NO_RUNNING_CLOCK > '2999-12-31').toBe(true);
	});

	it('holds until the earliest date recorded ahead arrives', () => {
		const dates = { receivedOn: '2026-11-30', meetingOn: '2026-12-10', closedOn: '2027-01-05' };
		expect(casesListKey(dates, '2026-11-30').validUntil).toBe('2026-12-10');
		expect(casesListKey(dates, '2026-12-10').validUntil).toBe('2027-01-05');
	});
});

describe('cases list cursors', () => {
	it('round-trip as a URL-safe opaque string, with no running clock too', () => {
		for (const p of [
			position,
			{ ...position, sort: 'updated' as const, nextDueOn: NO_RUNNING_CLOCK }
		]) {
			const cursor = encodeCasesListCursor(p);
			expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
			expect(decodeCasesListCursor(cursor)).toEqual(p);
		}
	});

	it('refuse anything that is not one of ours', () => {
		expect(decodeCasesListCursor('')).toBeNull();
		expect(decodeCasesListCursor('not a cursor!')).toBeNull();
		expect(decodeCasesListCursor(btoa(JSON.stringify({ s: 'sideways' })))).toBeNull();
		expect(
			decodeCasesListCursor(encodeCasesListCursor({ ...position, nextDueOn: '2026-02-30' }))
		).toBeNull();
	});
});
