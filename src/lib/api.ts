import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '$lib/server/trpc/root';
import { device } from '$lib/client/device/device-session.svelte';
import { ERRORS, isErrorCode, type ErrorCode, type FieldErrors } from '$lib/errors';

/**
 * The browser's tRPC client (practitioner pages). One request per call: the outbox batches by
 * itself. Any answer from the server tells the outbox the server is back (docs/decisions/016).
 */
export const api = createTRPCClient<AppRouter>({
	links: [
		httpLink({
			url: '/api/trpc',
			fetch: async (input, init) => {
				const response = await fetch(input, init);
				if (response.status < 500) device.watch.answered();
				return response;
			}
		})
	]
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
