import { describe, expect, it } from 'vitest';
import { childIdentity, childNameKey, duplicateReasons, mergeReasons } from './duplicate-match';

describe('childNameKey', () => {
	it('ignores case, surrounding and repeated spaces', () => {
		expect(childNameKey('  Jamie   EXAMPLE ')).toBe('jamie example');
		expect(childNameKey('Zoë Brontë')).toBe(childNameKey('ZOË BRONTË'));
	});

	it('gives no key for placeholders, which must never match', () => {
		expect(childNameKey('Not known')).toBeNull();
		expect(childNameKey('  UNKNOWN ')).toBeNull();
		expect(childNameKey('')).toBeNull();
	});
});

describe('duplicateReasons', () => {
	const jamie = childIdentity({ name: 'Jamie Example', dateOfBirth: '2021-04-02' });
	const sam = childIdentity({ name: 'Sam Example', dateOfBirth: '2019-01-01' });

	it('matches the same child by name and date of birth, among any of the children', () => {
		const target = { children: [jamie], incidentDate: null };
		const candidate = {
			children: [sam, childIdentity({ name: 'jamie example ', dateOfBirth: '2021-04-02' })],
			incidentDate: null
		};
		expect(duplicateReasons(target, candidate)).toEqual(['name_dob']);
	});

	it('needs both name and date of birth', () => {
		const target = { children: [jamie], incidentDate: null };
		const otherBirthday = childIdentity({ name: 'Jamie Example', dateOfBirth: '2021-04-03' });
		const noBirthday = childIdentity({ name: 'Jamie Example', dateOfBirth: '' });
		expect(duplicateReasons(target, { children: [otherBirthday], incidentDate: null })).toEqual([]);
		expect(
			duplicateReasons(
				{ children: [noBirthday], incidentDate: null },
				{ children: [noBirthday], incidentDate: null }
			)
		).toEqual([]);
	});

	it('matches the same incident date, and gives both reasons in a fixed order', () => {
		const target = { children: [jamie], incidentDate: '2026-11-19' };
		expect(duplicateReasons(target, { children: [sam], incidentDate: '2026-11-19' })).toEqual([
			'incident_date'
		]);
		expect(duplicateReasons(target, { children: [jamie], incidentDate: '2026-11-19' })).toEqual([
			'name_dob',
			'incident_date'
		]);
		expect(
			duplicateReasons({ children: [], incidentDate: null }, { children: [], incidentDate: null })
		).toEqual([]);
	});

	it('merges reasons without repeats', () => {
		expect(mergeReasons(['incident_date'], ['name_dob', 'incident_date'])).toEqual([
			'name_dob',
			'incident_date'
		]);
	});
});
