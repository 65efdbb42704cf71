import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { appRouter } from '$lib/server/trpc/root';
import { createContext } from '$lib/server/trpc/context';
import { ERRORS } from '$lib/errors';
import { logProblem } from '$lib/server/infra/log';

const handler: RequestHandler = async (event) => {
	// SvelteKit's CSRF check covers form posts only; JSON mutations get the same origin rule here.
	const origin = event.request.headers.get('origin');
	if (event.request.method !== 'GET' && origin !== null && origin !== event.url.origin) {
		return new Response(JSON.stringify({ error: { message: ERRORS.CROSS_SITE_REQUEST.message } }), {
			status: 403,
			headers: { 'content-type': 'application/json' }
		});
	}
	return fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		createContext: () => createContext(event),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR')
				logProblem('trpc', path ?? 'unknown', error.cause ?? error);
		}
	});
};

export const GET = handler;
export const POST = handler;
