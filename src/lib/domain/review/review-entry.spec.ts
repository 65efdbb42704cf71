import { describe, expect, it } from 'vitest';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import { reviewEntryInput } from './review-entry';
import { REVIEW_ENTRY_FIELDS, REVIEW_ENTRY_KINDS } from './review-kinds';

const today = todayIso();

describe('review entries', () => {
	it('a proceeding concluded needs its date, on or after it began', () => {
		const base = { kind: 'proceeding', proceeding: 'criminal', startedOn: today };
		const issues = (input: object) =>
			reviewEntryInput
				.safeParse(input)
				.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		expect(issues({ ...base, status: 'concluded' })).toEqual([
			'concludedOn: Enter the date it concluded'
		]);
		expect(
			issues({ ...base, status: 'concluded', concludedOn: addCalendarDays(today, -3) })
		).toEqual(['concludedOn: The date it concluded must be on or after the date it began']);
		expect(issues({ ...base, status: 'active', nextDateOn: '' })).toBeUndefined();
	});

	it('the family plan needs a de-briefing date, planned or held', () => {
		const plan = { kind: 'family_plan', lead: 'Police', involvement: 'Met the mother' };
		expect(reviewEntryInput.safeParse(plan).success).toBe(false);
		expect(reviewEntryInput.safeParse({ ...plan, debriefHeldOn: today }).success).toBe(true);
	});

	it('every kind has the fields its form sends', () => {
		expect(Object.keys(REVIEW_ENTRY_FIELDS).sort()).toEqual([...REVIEW_ENTRY_KINDS].sort());
	});
});
