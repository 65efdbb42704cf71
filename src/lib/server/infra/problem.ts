import { TRPCError } from '@trpc/server';
import { ERRORS, type ErrorCode, type FieldErrors } from '$lib/errors';

/**
 * A coded error from the catalogue. The formatter sends `code` and `fieldErrors` to the client.
 * `message` replaces the catalogue's words where the case is more specific (a version conflict
 * naming what changed); it follows the same rules: what went wrong, what to do, no child's data.
 */
export class Problem extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly fieldErrors?: FieldErrors,
		message?: string
	) {
		super(message ?? ERRORS[code].message);
		this.name = 'Problem';
	}
}

/** Throw from a procedure or service: becomes a tRPC error with the catalogue's status. */
export function problem(code: ErrorCode, fieldErrors?: FieldErrors, message?: string): TRPCError {
	return new TRPCError({
		code: ERRORS[code].status,
		message: message ?? ERRORS[code].message,
		cause: new Problem(code, fieldErrors, message)
	});
}
