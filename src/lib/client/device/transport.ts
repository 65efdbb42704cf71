import { TransportError, type OutboxTransport } from './outbox';
import type { BatchResult } from '$lib/domain/notification/batch';

/**
 * Sends a batch to the tRPC procedure over plain fetch (usable in a page and in the service
 * worker). Maps HTTP and tRPC errors onto what the outbox needs to decide.
 */
export function httpTransport(baseUrl = '', fetchImpl: typeof fetch = fetch): OutboxTransport {
	return {
		async sendBatch(items) {
			let response: Response;
			try {
				response = await fetchImpl(`${baseUrl}/api/trpc/notifications.submitBatch`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					credentials: 'same-origin',
					body: JSON.stringify({ items })
				});
			} catch {
				throw new TransportError('network', 'The server could not be reached');
			}
			let body: unknown;
			try {
				body = await response.json();
			} catch {
				throw new TransportError('server', `The server answered ${response.status}`);
			}
			if (response.ok) {
				const data = (body as { result?: { data?: BatchResult } }).result?.data;
				if (!data || !Array.isArray(data.results)) {
					throw new TransportError('server', 'The server answered in an unexpected way');
				}
				return data;
			}
			const appCode = (body as { error?: { data?: { appCode?: string } } }).error?.data?.appCode;
			if (appCode === 'SESSION_REVOKED') throw new TransportError('revoked', 'Access withdrawn');
			if (response.status === 401) throw new TransportError('expired', 'Session ended');
			throw new TransportError('server', `The server answered ${response.status}`);
		}
	};
}
