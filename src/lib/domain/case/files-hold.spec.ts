import { describe, expect, it } from 'vitest';
import { filesHeldAfter } from './files-hold';

describe('filesHeldAfter', () => {
	it('places the hold when the case is first considered for review (§13.5)', () => {
		expect(filesHeldAfter('gathering', false)).toBe(true);
		expect(filesHeldAfter('chair_decision', false)).toBe(true);
		expect(filesHeldAfter('scr_initiated', false)).toBe(true);
	});

	it('lifts it only on a no further action decision', () => {
		expect(filesHeldAfter('no_further_action', true)).toBe(false);
		expect(filesHeldAfter('deferred', true)).toBe(true);
		expect(filesHeldAfter('closed', true)).toBe(true);
	});

	it('leaves other moves as they were', () => {
		expect(filesHeldAfter('triage', false)).toBe(false);
		expect(filesHeldAfter('si_ofsted', false)).toBe(false);
		expect(filesHeldAfter('closed', false)).toBe(false);
	});
});
