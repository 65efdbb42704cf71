import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { BODY_LIMITS, bodyLimits } from '$lib/server/kit/request-handles';
import { PERSONAS } from '../support/factories';
import type { Role } from '$lib/domain/roles';

// Issue 15: every route took 52 MB bodies, anonymous ones included. The hook judges the declared
// length before the route reads a byte, so an oversized body is refused without being buffered.

/** A request whose body records whether anything pulled from it. */
function postOf(path: string, bytes: number, headers: Record<string, string> = {}) {
	const read = { pulled: 0 };
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			read.pulled++;
			controller.enqueue(new Uint8Array(64 * 1024));
			if (read.pulled * 64 * 1024 >= bytes) controller.close();
		}
	});
	const request = new Request(`http://localhost${path}`, {
		method: 'POST',
		body,
		headers: { 'content-length': String(bytes), ...headers },
		duplex: 'half'
	} as RequestInit);
	return { request, read };
}

async function through(request: Request, path: string, role: Role | null = null) {
	const user = role ? { id: 'u', role, name: PERSONAS.pete.name } : null;
	const event = { request, url: new URL(`http://localhost${path}`), locals: { user } };
	let resolved = false;
	const response = await bodyLimits({
		event: event as unknown as RequestEvent,
		resolve: () => {
			resolved = true;
			return Promise.resolve(new Response('handled'));
		}
	});
	return { response, resolved };
}

describe('body limits per route', () => {
	it('refuses a 1 MB anonymous sign-in body with 413 without reading it', async () => {
		const { request, read } = postOf('/sign-in', 1024 * 1024);
		const { response, resolved } = await through(request, '/sign-in');
		expect(response.status).toBe(413);
		expect(resolved).toBe(false);
		// A stream starts with one pull queued; nothing read the megabyte.
		expect(read.pulled).toBeLessThanOrEqual(1);
		expect(await response.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
	});

	it('refuses the same body sent to the tRPC sign-in, and a body with no length at all', async () => {
		const big = postOf('/api/trpc/auth.signIn', BODY_LIMITS.anonymous + 1);
		expect((await through(big.request, '/api/trpc/auth.signIn')).response.status).toBe(413);
		const chunked = new Request('http://localhost/api/trpc/auth.signIn', {
			method: 'POST',
			body: 'x',
			headers: { 'transfer-encoding': 'chunked' }
		});
		chunked.headers.delete('content-length');
		const { response } = await through(chunked, '/api/trpc/auth.signIn');
		expect(response.status).toBe(411);
	});

	it('lets an ordinary sign-in through', async () => {
		const { request } = postOf('/sign-in', 200);
		expect((await through(request, '/sign-in')).resolved).toBe(true);
	});

	it('takes large bodies only where files upload, and only from an agency signed in', async () => {
		const file = BODY_LIMITS.upload - 1;
		const upload = (role: Role | null) =>
			through(postOf('/api/attachments', file).request, '/api/attachments', role);
		expect((await upload('agency')).resolved).toBe(true);
		expect((await upload(null)).response.status).toBe(413);
		expect((await upload('practitioner')).response.status).toBe(413);
		// The report form carries its files: up to 50 MB a report, on that page only.
		const report = '/agency/requests/0193a000-0000-7000-8000-000000000001';
		const withFiles = postOf(report, BODY_LIMITS.reportWithFiles - 1).request;
		expect((await through(withFiles, report, 'agency')).resolved).toBe(true);
		// So does the IMR form (§13.9), which carries files too (it was held to 1 MB before).
		const imr = '/agency/imrs/0193a000-0000-7000-8000-000000000002';
		const imrWithFiles = postOf(imr, BODY_LIMITS.reportWithFiles - 1).request;
		expect((await through(imrWithFiles, imr, 'agency')).resolved).toBe(true);
		expect((await through(postOf(imr, file).request, imr, 'unit')).response.status).toBe(413);
		const page = '/cases/some-case';
		expect((await through(postOf(page, file).request, page, 'unit')).response.status).toBe(413);
		const trpc = '/api/trpc/notifications.submit';
		const overOneMb = BODY_LIMITS.signedIn + 1;
		expect(
			(await through(postOf(trpc, overOneMb).request, trpc, 'practitioner')).response.status
		).toBe(413);
		const batch = '/api/trpc/notifications.submitBatch';
		expect((await through(postOf(batch, overOneMb).request, batch, 'practitioner')).resolved).toBe(
			true
		);
	});
});
