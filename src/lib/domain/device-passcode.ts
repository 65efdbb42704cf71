/**
 * The device passcode (docs/decisions/017-device-passcode.md): it wraps the key that encrypts the
 * forms kept on a practitioner's device. Someone with a copy of the device's files can try
 * passcodes as fast as PBKDF2 lets them, with no limit on tries, so a passcode must be long enough
 * not to be guessed: at least 8 characters, not one character repeated nor a run of digits.
 */
export const PASSCODE_MIN_LENGTH = 8;
/** Wrong passcodes in a row that remove the device's data for that user. */
export const MAX_PASSCODE_TRIES = 5;

const DIGIT_RUNS = '0123456789012345678909876543210987654321';

/** Why a new passcode cannot be used, in GOV.UK error message style; null if it can. */
export function newPasscodeProblem(passcode: string): string | null {
	if (passcode.length === 0) return 'Enter a passcode';
	if ([...passcode].length < PASSCODE_MIN_LENGTH)
		return `Passcode must be ${PASSCODE_MIN_LENGTH} characters or more`;
	if (/^(.)\1+$/su.test(passcode) || DIGIT_RUNS.includes(passcode))
		return 'Passcode must not be one character repeated or a run of digits';
	return null;
}

export function confirmPasscodeProblem(passcode: string, again: string): string | null {
	if (again.length === 0) return 'Enter the passcode again';
	return again === passcode ? null : 'The passcodes do not match: enter the same passcode twice';
}

/** The message after a wrong passcode, saying how many tries are left. */
export function wrongPasscodeMessage(failures: number): string {
	const left = MAX_PASSCODE_TRIES - failures;
	return left === 1
		? 'The passcode is not right. If the next one is wrong, the data on this device will be removed'
		: `The passcode is not right. You can try ${left} more times before the data on this device is removed`;
}

/** What was removed with a wipe, for the screen that says so. */
export function unsentSentence(unsent: number, drafts: number): string {
	const forms = `${unsent} form${unsent === 1 ? '' : 's'} waiting to send`;
	const kept = `${drafts} draft${drafts === 1 ? '' : 's'}`;
	if (unsent === 0 && drafts === 0) return 'Nothing was waiting to be sent from this device.';
	return `It held ${forms} and ${kept}, which had not reached the Safeguarding Unit: they cannot be recovered.`;
}
