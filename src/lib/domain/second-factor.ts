import { z } from 'zod';
import { decodeBase32 } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { Role } from './roles';

/*
 * The second factor (docs/decisions/022): a TOTP code (RFC 6238, 30-second steps, 6 digits)
 * from an authenticator app, or one of ten single-use recovery codes. Required for the roles
 * that see every case: the Safeguarding Unit, the Chair and administrators.
 */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['unit', 'chair', 'admin'];
export function needsSecondFactor(role: Role): boolean {
	return SECOND_FACTOR_ROLES.includes(role);
}

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code of the step before or after the server's is accepted too (clock drift, typing time). */
export const TOTP_WINDOW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

/** The time step a moment falls in. */
export function totpStep(at: Date): number {
	return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of a time step: the HOTP of the step's counter (RFC 6238), for a base32 secret. */
export function totpCodeAt(base32Secret: string, step: number): string {
	return generateHOTP(decodeBase32(base32Secret.toUpperCase()), BigInt(step), TOTP_DIGITS);
}

/** Seconds until the code of `at` gives way to the next. */
export function secondsLeftInStep(at: Date): number {
	return TOTP_PERIOD_SECONDS - (Math.floor(at.getTime() / 1000) % TOTP_PERIOD_SECONDS);
}

/** The code step's pages, after a right password. */
export const CODE_PAGE = '/sign-in/code';
export const ENROL_PAGE = '/sign-in/enrol';

const TOTP_CODE = /^\d{6}$/;
/** Recovery codes: 16 characters of base32 in four groups, typed with or without the dashes. */
const RECOVERY_CODE = /^[a-z2-7]{4}-?[a-z2-7]{4}-?[a-z2-7]{4}-?[a-z2-7]{4}$/;

/** Spaces people type (or an app shows) inside a code are not part of it. */
export function normaliseCode(code: string): string {
	return code.replace(/\s+/g, '').toLowerCase();
}
export function isTotpCode(code: string): boolean {
	return TOTP_CODE.test(code);
}
export function isRecoveryCode(code: string): boolean {
	return RECOVERY_CODE.test(code);
}
/** A recovery code as stored (hashed) and compared: no dashes. */
export function recoveryCodeKey(code: string): string {
	return code.replace(/-/g, '');
}

const ENTER_CODE = 'Enter the code from your authenticator app';

/** A code field: trimmed of spaces, then `accepts` or the message. Bounded before anything. */
function codeInput(accepts: (code: string) => boolean, message: string) {
	return z.object({
		code: z
			.string({ error: ENTER_CODE })
			.max(100, message)
			.transform(normaliseCode)
			.pipe(z.string().min(1, ENTER_CODE).refine(accepts, message))
	});
}

/** The code step: a code from the app, or a recovery code. */
export const secondFactorCodeSchema = codeInput(
	(code) => isTotpCode(code) || isRecoveryCode(code),
	'Enter the 6-digit code from your authenticator app, or a recovery code'
);

/** Enrolment is confirmed with a code from the app only. */
export const enrolmentCodeSchema = codeInput(
	isTotpCode,
	'Enter the 6-digit code from your authenticator app'
);
