import { describe, expect, it } from 'vitest';
import {
	confirmPasscodeProblem,
	MAX_PASSCODE_TRIES,
	newPasscodeProblem,
	unsentSentence,
	wrongPasscodeMessage
} from './device-passcode';

describe('a new device passcode', () => {
	it('must be 8 characters or more, not one character repeated nor a run of digits', () => {
		expect(newPasscodeProblem('')).toBe('Enter a passcode');
		expect(newPasscodeProblem('short')).toBe('Passcode must be 8 characters or more');
		expect(newPasscodeProblem('aaaaaaaaaa')).toMatch(/one character repeated/);
		expect(newPasscodeProblem('12345678')).toMatch(/run of digits/);
		expect(newPasscodeProblem('98765432')).toMatch(/run of digits/);
		expect(newPasscodeProblem('four words to remember')).toBeNull();
		expect(newPasscodeProblem('20485173')).toBeNull();
	});

	it('must be entered twice the same', () => {
		expect(confirmPasscodeProblem('four words', '')).toBe('Enter the passcode again');
		expect(confirmPasscodeProblem('four words', 'four wordz')).toMatch(/do not match/);
		expect(confirmPasscodeProblem('four words', 'four words')).toBeNull();
	});
});

describe('the words after a wrong passcode or a wipe', () => {
	it('say how many tries are left', () => {
		expect(wrongPasscodeMessage(1)).toMatch(`try ${MAX_PASSCODE_TRIES - 1} more times`);
		expect(wrongPasscodeMessage(MAX_PASSCODE_TRIES - 1)).toMatch(/If the next one is wrong/);
	});

	it('say what had not been sent', () => {
		expect(unsentSentence(0, 0)).toBe('Nothing was waiting to be sent from this device.');
		expect(unsentSentence(1, 2)).toMatch(/^It held 1 form waiting to send and 2 drafts/);
	});
});
