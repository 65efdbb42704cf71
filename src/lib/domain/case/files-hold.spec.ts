import { describe, expect, it } from 'vitest';
import { filesHeldAfter, NOT_AN_SCR_DECISIONS } from './files-hold';

describe('filesHeldAfter', () => {
	it('places the hold when the case is first considered for review (§13.5)', () => {
		expect(filesHeldAfter('gathering', false)).toBe(true);
		expect(filesHeldAfter('chair_decision', false)).toBe(true);
		expect(filesHeldAfter('scr_initiated', false)).toBe(true);
	});

	it('§13.5 "Where the decision is later taken not to hold a Serious Case Review … rescind the instruction": every such decision lifts it', () => {
		for (const decision of NOT_AN_SCR_DECISIONS) {
			expect(filesHeldAfter(decision, true)).toBe(false);
		}
		expect(NOT_AN_SCR_DECISIONS).toEqual([
			'imrs_only',
			'audit',
			'internal_review',
			'no_further_action'
		]);
	});

	it('keeps it on such a decision only when the Chair keeps it, and never places it then', () => {
		for (const decision of NOT_AN_SCR_DECISIONS) {
			expect(filesHeldAfter(decision, true, true)).toBe(true);
			expect(filesHeldAfter(decision, false, true)).toBe(false);
		}
	});

	it('keeps it through an SCR and a deferral, and lifts it when the case closes', () => {
		expect(filesHeldAfter('deferred', true)).toBe(true);
		for (const state of ['scoping', 'in_review', 'monitoring'] as const) {
			expect(filesHeldAfter(state, true)).toBe(true);
		}
		expect(filesHeldAfter('closed', true)).toBe(false);
	});

	it('leaves other moves as they were', () => {
		expect(filesHeldAfter('triage', false)).toBe(false);
		expect(filesHeldAfter('si_ofsted', false)).toBe(false);
		expect(filesHeldAfter('closed', false)).toBe(false);
	});
});
