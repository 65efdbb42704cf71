import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from './root';
import type { Context } from './trpc';
import { logProblem } from '../infra/log';

/**
 * Answers one HTTP request at /api/trpc. Batching is off: one request is one call, so a single
 * request can neither run a hundred sign-in guesses side by side nor queue hundreds of expensive
 * calls ahead of everyone else (docs/decisions/018). Our clients send one call per request
 * (`httpLink`), and the outbox batches forms inside one procedure of its own.
 */
export function answerTrpcRequest(request: Request, createContext: () => Promise<Context>) {
	return fetchRequestHandler({
		endpoint: '/api/trpc',
		req: request,
		router: appRouter,
		allowBatching: false,
		createContext,
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR')
				logProblem('trpc', path ?? 'unknown', error.cause ?? error);
		}
	});
}
