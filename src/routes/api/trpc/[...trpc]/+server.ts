import type { RequestHandler } from './$types';
import { answerTrpcRequest } from '$lib/server/trpc/http';
import { createContext } from '$lib/server/trpc/context';
import { ERRORS } from '$lib/errors';

const handler: RequestHandler = async (event) => {
	// SvelteKit's CSRF check covers form posts only; JSON mutations get the same origin rule here.
	const origin = event.request.headers.get('origin');
	if (event.request.method !== 'GET' && origin !== null && origin !== event.url.origin) {
		return new Response(JSON.stringify({ error: { message: ERRORS.CROSS_SITE_REQUEST.message } }), {
			status: 403,
			headers: { 'content-type': 'application/json' }
		});
	}
	return answerTrpcRequest(event.request, () => createContext(event));
};

export const GET = handler;
export const POST = handler;
