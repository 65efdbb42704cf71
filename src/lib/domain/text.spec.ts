import { describe, expect, it } from 'vitest';
import { capitalise, listInWords } from './text';

describe('capitalise', () => {
	it('capitalises the first letter only', () => {
		expect(capitalise('the date of the meeting')).toBe('The date of the meeting');
		expect(capitalise('')).toBe('');
	});
});

describe('listInWords', () => {
	it('joins with commas and the conjunction before the last', () => {
		expect(listInWords([])).toBe('');
		expect(listInWords(['Police'])).toBe('Police');
		expect(listInWords(['Police', 'Health'])).toBe('Police and Health');
		expect(listInWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
	});
});
