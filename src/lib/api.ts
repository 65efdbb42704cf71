import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '$lib/server/trpc/root';
import { ERRORS, isErrorCode, type ErrorCode, type FieldErrors } from '$lib/errors';

/** The browser's tRPC client. One request per call: the outbox (later) batches by itself. */
export const api = createTRPCClient<AppRouter>({
	links: [httpLink({ url: '/api/trpc' })]
});

export interface ApiProblem {
	code: ErrorCode | 'NETWORK';
	message: string;
	fieldErrors: FieldErrors;
}

/** Turns whatever a call threw into a code, a message for people and the fields at fault. */
export function describeApiError(error: unknown): ApiProblem {
	if (error instanceof TRPCClientError) {
		const data = (error as TRPCClientError<AppRouter>).data as
			{ appCode?: unknown; fieldErrors?: FieldErrors } | undefined;
		if (data && isErrorCode(data.appCode)) {
			return {
				code: data.appCode,
				message: error.message || ERRORS[data.appCode].message,
				fieldErrors: data.fieldErrors ?? {}
			};
		}
		if (!data) {
			return {
				code: 'NETWORK',
				message: 'The app could not reach the server. Check your connection and try again.',
				fieldErrors: {}
			};
		}
	}
	return { code: 'INTERNAL', message: ERRORS.INTERNAL.message, fieldErrors: {} };
}
