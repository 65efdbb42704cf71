import { TRPCError } from '@trpc/server';
import { ERRORS, type ErrorCode, type FieldErrors } from '$lib/errors';

/** A coded error from the catalogue. The formatter sends `code` and `fieldErrors` to the client. */
export class Problem extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly fieldErrors?: FieldErrors
	) {
		super(ERRORS[code].message);
		this.name = 'Problem';
	}
}

/** Throw from a procedure or service: becomes a tRPC error with the catalogue's status. */
export function problem(code: ErrorCode, fieldErrors?: FieldErrors): TRPCError {
	return new TRPCError({
		code: ERRORS[code].status,
		message: ERRORS[code].message,
		cause: new Problem(code, fieldErrors)
	});
}
