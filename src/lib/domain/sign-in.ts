import { z } from 'zod';

export const signInSchema = z.object({
	email: z
		.string({ error: 'Enter your email address' })
		.trim()
		.min(1, 'Enter your email address')
		.max(320, 'Email address must be 320 characters or fewer'),
	password: z
		.string({ error: 'Enter your password' })
		.min(1, 'Enter your password')
		.max(1000, 'Password must be 1000 characters or fewer')
});
export type SignInInput = z.input<typeof signInSchema>;
