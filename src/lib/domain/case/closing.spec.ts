import { describe, expect, it } from 'vitest';
import { chairedBefore, hasActionPlanOrReason } from './closing';

describe('closing and re-panelling (§13.16)', () => {
	it('a close needs an action plan item or a reason for none', () => {
		expect(hasActionPlanOrReason(undefined, 0)).toBe(false);
		expect(hasActionPlanOrReason('None needed', 0)).toBe(true);
		expect(hasActionPlanOrReason(undefined, 1)).toBe(true);
	});

	it('knows an earlier chair however the name is typed', () => {
		expect(chairedBefore(' dr. ann  EXAMPLE', ['Dr Ann Example'])).toBe(true);
		expect(chairedBefore('Dr Ann Examples', ['Dr Ann Example'])).toBe(false);
	});
});
