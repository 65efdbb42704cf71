import { describe, expect, it } from 'vitest';
import { namesInstitutionalSetting } from './institutional-abuse';

describe('§13.19 Reviewing Institutional Abuse', () => {
	it("applies when the notification named one of §13.2's institutional settings", () => {
		for (const setting of ['school', 'nursery', 'childrens_home', 'young_offender_institution']) {
			expect(namesInstitutionalSetting(setting)).toBe(true);
		}
	});

	it('does not apply to none, not known, or no answer', () => {
		for (const setting of ['none', 'not_known', '', null, undefined]) {
			expect(namesInstitutionalSetting(setting)).toBe(false);
		}
	});
});
