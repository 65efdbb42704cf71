import { sequence } from '@sveltejs/kit/hooks';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDatabase } from '$lib/server/db';
import { seedDemo } from '$lib/server/demo-seed';
import { logProblem } from '$lib/server/log';
import { receiptSigningKey } from '$lib/server/receipts';
import { authenticate, securityHeaders } from '$lib/server/request-handles';

// Migrate once at start-up, never at import: `vite build` imports this file (STACK pitfall 6).
export const init: ServerInit = async () => {
	if (building) return;
	const { db } = await getDatabase();
	// Load (or create) the receipt signing key now, so a bad RECEIPT_SIGNING_KEY stops the server
	// at start-up rather than failing the first practitioner's upload.
	await receiptSigningKey(db);
	// Only `npm run demo` sets this; `npm start` never creates demo accounts.
	if (process.env.SAFEGUARD_DEMO === '1') await seedDemo(db);
};

export const handle = sequence(securityHeaders, authenticate);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) logProblem('request', event.route.id ?? 'unmatched route', error);
	return { message: 'Something went wrong on our side. Try again in a few minutes.' };
};
