import { sequence } from '@sveltejs/kit/hooks';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { logProblem } from '$lib/server/infra/log';
import { startServer } from '$lib/server/startup';
import {
	authenticate,
	bodyLimits,
	passwordFirst,
	securityHeaders
} from '$lib/server/kit/request-handles';

export const init: ServerInit = async () => {
	// Migrate once at start-up, never at import or while building: `vite build` imports this file.
	if (!building) await startServer();
};

export const handle = sequence(securityHeaders, authenticate, bodyLimits, passwordFirst);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logProblem('request', event.route.id ?? 'unmatched route', error);
	return { message: 'Something went wrong on our side. Try again in a few minutes.' };
};
