import { TRPCError } from '@trpc/server';
import { $ZodError } from 'zod/v4/core';
import { Problem } from '$lib/server/infra/problem';
import { fieldErrorsFrom } from '$lib/domain/field-errors';
import type { FieldErrors } from '$lib/errors';

/**
 * Runs a procedure for a form action. Bad input and refusals come back as field messages for the
 * page's error summary ('_form' when no single field is at fault); anything else is a real error
 * and is thrown on.
 */
export async function attempt<T>(
	call: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors }> {
	try {
		return { ok: true, value: await call() };
	} catch (error) {
		const cause = error instanceof TRPCError ? error.cause : undefined;
		if (cause instanceof $ZodError) return { ok: false, errors: fieldErrorsFrom(cause) };
		if (cause instanceof Problem) {
			const fields = cause.fieldErrors ?? {};
			return {
				ok: false,
				errors: Object.keys(fields).length > 0 ? fields : { _form: cause.message }
			};
		}
		throw error;
	}
}
