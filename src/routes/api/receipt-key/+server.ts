import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { receiptKey } from '$lib/server/kit/endpoint-services';

/**
 * The public key that checks receipts (docs/decisions/006): anyone holding a receipt can verify it
 * against this. It is the same for everyone and holds no personal data, so it needs no session
 * and may be cached (hooks.server.ts lets this path through its no-store rule).
 */
export const GET: RequestHandler = async ({ url }) => {
	// `?keyId=` names an older key, retired by a rotation, that receipts signed before it carry.
	const key = await receiptKey(url.searchParams.get('keyId') ?? undefined);
	if (!key)
		return json(
			{ error: { code: 'NOT_FOUND', message: 'No receipt key has that id.' } },
			{ status: 404 }
		);
	return json(key, {
		headers: {
			'Cache-Control': 'public, max-age=3600',
			ETag: `"${key.keyId}"`,
			// Verifiers on other sites may fetch it from a browser; no credentials are involved.
			'Access-Control-Allow-Origin': '*'
		}
	});
};
