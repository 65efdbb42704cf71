import { z } from 'zod';
import { ROLES } from './roles';
import { PASSWORD_MIN_LENGTH, PASSWORD_PAGE } from './password-policy';

export { PASSWORD_MIN_LENGTH, PASSWORD_PAGE };

/** A password as the policy allows it (the same rule for new accounts, changes and resets). */
const password = (tooShort: string) =>
	z
		.string({ error: tooShort })
		.min(PASSWORD_MIN_LENGTH, tooShort)
		.max(1000, 'Password must be 1000 characters or fewer');

export const newAccountSchema = z
	.object({
		name: z
			.string()
			.trim()
			.min(1, 'Enter the person’s full name')
			.max(200, 'Name must be 200 characters or fewer'),
		email: z
			.string()
			.trim()
			.min(1, 'Enter an email address')
			.pipe(z.email('Enter an email address in the correct format, like name@example.org')),
		role: z.enum(ROLES, { error: 'Select a role' }),
		agencyId: z.uuid('Select an agency').nullish(),
		password: password(`Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
	})
	.superRefine((v, ctx) => {
		// Agency users see their own agency's requests: without an agency they could see nothing.
		if (v.role === 'agency' && !v.agencyId)
			ctx.addIssue({
				code: 'custom',
				path: ['agencyId'],
				message: 'Select the agency this person works for'
			});
	});
export type NewAccount = z.input<typeof newAccountSchema>;

const newPassword = password(
	`Your new password must be at least ${PASSWORD_MIN_LENGTH} characters`
);
const confirmation = z
	.string({ error: 'Enter your new password again' })
	.min(1, 'Enter your new password again')
	.max(1000, 'Password must be 1000 characters or fewer');

function passwordsMatch(v: { newPassword: string; confirmPassword: string }, ctx: z.RefinementCtx) {
	if (v.confirmPassword && v.newPassword !== v.confirmPassword)
		ctx.addIssue({
			code: 'custom',
			path: ['confirmPassword'],
			message: 'The passwords do not match. Enter your new password again'
		});
}

/** A signed-in person changing their own password: they prove it is them by the current one. */
export const passwordChangeSchema = z
	.object({
		currentPassword: z
			.string({ error: 'Enter your current password' })
			.min(1, 'Enter your current password')
			.max(1000, 'Password must be 1000 characters or fewer'),
		newPassword,
		confirmPassword: confirmation
	})
	.superRefine((v, ctx) => {
		passwordsMatch(v, ctx);
		if (v.currentPassword && v.newPassword === v.currentPassword)
			ctx.addIssue({
				code: 'custom',
				path: ['newPassword'],
				message: 'Choose a new password that is different from your current one'
			});
	});
export type PasswordChange = z.input<typeof passwordChangeSchema>;

/**
 * The random part of a password-reset link: 32 random bytes in lower-case base32, nothing else, so
 * the link carries no personal data.
 */
export const resetTokenSchema = z.string().regex(/^[a-z2-7]{52}$/, 'This link is not complete');

/** Someone setting a new password through a reset link an administrator gave them. */
export const passwordResetSchema = z
	.object({ token: resetTokenSchema, newPassword, confirmPassword: confirmation })
	.superRefine(passwordsMatch);
export type PasswordReset = z.input<typeof passwordResetSchema>;

/** Where a reset link leads: the path, then the token (and nothing about the person). */
export const RESET_PASSWORD_PATH = '/reset-password';

/** Hours a password-reset link works for. */
export const RESET_LINK_LIFETIME_HOURS = 24;
