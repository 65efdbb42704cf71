import { describe, expect, it } from 'vitest';
import { othersFromLines } from './attendee-lines';

describe('othersFromLines', () => {
	it('reads one attendee a line, the organisation after the first comma, blank lines skipped', () => {
		expect(
			othersFromLines('Sam Subgroup, LSCB\n\n  Dee Nurse  \r\nAl Adviser, Legal, North')
		).toEqual([
			{ name: 'Sam Subgroup', organisation: 'LSCB' },
			{ name: 'Dee Nurse' },
			{ name: 'Al Adviser', organisation: 'Legal, North' }
		]);
	});
	it('gives nothing for an empty box', () => {
		expect(othersFromLines('  \n ')).toEqual([]);
	});
});
