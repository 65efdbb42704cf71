import { describe, expect, it } from 'vitest';
import { formatReference, parseReference, referenceScope } from './reference';

describe('formatReference', () => {
	it('pads the sequence to four digits with the kind prefix and year', () => {
		expect(formatReference('case', 2026, 7)).toBe('SCR-2026-0007');
		expect(formatReference('notification', 2027, 42)).toBe('NTF-2027-0042');
	});

	it('grows past 9999 instead of wrapping', () => {
		expect(formatReference('notification', 2026, 12345)).toBe('NTF-2026-12345');
	});

	it('refuses sequences below one and malformed years', () => {
		expect(() => formatReference('case', 2026, 0)).toThrow(RangeError);
		expect(() => formatReference('case', 2026, 1.5)).toThrow(RangeError);
		expect(() => formatReference('case', 26, 1)).toThrow(RangeError);
	});
});

describe('parseReference', () => {
	it('round-trips what formatReference makes', () => {
		for (const [kind, year, seq] of [
			['case', 2026, 7],
			['notification', 2030, 10001]
		] as const) {
			expect(parseReference(formatReference(kind, year, seq))).toEqual({
				kind,
				year,
				sequence: seq
			});
		}
	});

	it('accepts lower case and spaces around, rejects anything else', () => {
		expect(parseReference(' scr-2026-0007 ')).toEqual({ kind: 'case', year: 2026, sequence: 7 });
		expect(parseReference('SCR-2026-07')).toBeNull();
		expect(parseReference('ABC-2026-0007')).toBeNull();
		expect(parseReference('SCR-2026-0000')).toBeNull();
	});
});

describe('referenceScope', () => {
	it('separates kinds and years so each restarts at one', () => {
		expect(referenceScope('case', 2026)).not.toBe(referenceScope('notification', 2026));
		expect(referenceScope('case', 2026)).not.toBe(referenceScope('case', 2027));
	});
});
