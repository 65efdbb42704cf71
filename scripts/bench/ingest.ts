import autocannon from 'autocannon';
import { uuidv7 } from 'uuidv7';
import { validNotificationForm } from '../../tests/support/factories';

export interface LoadResult {
	clients: number;
	requests: number;
	ok: number;
	errors: number;
	perSecond: number;
	p50: number;
	p99: number;
}

/**
 * Request bodies as the device sends them to notifications.submit: a realistic form of about
 * 2 KB, each with its own UUIDv7 client id. Generated before the run, one per request.
 */
export function submissionBodies(count: number): string[] {
	const bodies: string[] = [];
	for (let i = 0; i < count; i++) {
		const form = validNotificationForm({
			location: `Harrogate, ward ${i % 40}`,
			outline: `Benchmark notification ${i}. ${'Admitted to hospital with injuries not consistent with the account given. '.repeat(10)}`
		});
		bodies.push(JSON.stringify({ id: uuidv7(), form }));
	}
	return bodies;
}

/**
 * Posts `count` bodies to `url` from `clients` concurrent connections (autocannon), each request
 * taking the next pre-generated body. Everything but a 2xx counts as an error.
 */
export async function load(
	url: string,
	clients: number,
	bodies: readonly string[],
	headers: Record<string, string>
): Promise<LoadResult> {
	let next = 0;
	const result = await autocannon({
		url,
		connections: clients,
		amount: bodies.length,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] })
			}
		]
	});
	const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
	const ok = result['2xx'];
	return {
		clients,
		requests: bodies.length,
		ok,
		errors: bodies.length - ok,
		perSecond: ok / seconds,
		p50: result.latency.p50,
		p99: result.latency.p99
	};
}
