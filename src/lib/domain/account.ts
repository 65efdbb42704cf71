import { z } from 'zod';
import { ROLES } from './roles';
import { PASSWORD_MIN_LENGTH } from './password-policy';

export { PASSWORD_MIN_LENGTH };

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
		password: z
			.string()
			.min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
			.max(1000, 'Password must be 1000 characters or fewer')
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
