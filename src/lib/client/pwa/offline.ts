// Shared by the service worker (src/sw.ts) and the pages (src/routes/+error.svelte).

/** Where the service worker keeps the prerendered app shell (src/routes/shell). */
export const SHELL_URL = '/shell';

/**
 * The `code` of the error the service worker answers a page's data request with when the server
 * cannot be reached. SvelteKit's client turns that answer into `page.error`.
 */
export const OFFLINE_CODE = 'OFFLINE';

export const OFFLINE_MESSAGE =
	'You are offline. This page needs a connection: your drafts and unsent forms are kept on this device.';

/** The JSON body SvelteKit's client reads from a failed `__data.json` request. */
export function offlineDataResponse(): Response {
	return new Response(JSON.stringify({ message: OFFLINE_MESSAGE, code: OFFLINE_CODE }), {
		status: 503,
		statusText: 'Service Unavailable',
		headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }
	});
}
