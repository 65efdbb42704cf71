import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { policeAskedForAReport, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { signedIn } from '../support/callers';
import { auditEvents } from '$lib/server/db/schema';
import { validateSessionToken } from '$lib/server/auth/session';

// Issue 15: a page refused for the wrong role still ran its own load (SvelteKit runs it beside the
// layout's guard) and wrote a "viewed" audit event. Now the load waits for the guard, and the
// refusal is what is audited. (An agency's own pages load in the browser since decision 029, so
// the refused page here is the Unit's view of a request, opened by the agency that owns it.)

let world: ProcedureWorld;
let requestId: string;

beforeAll(async () => {
	world = await procedureWorld(['uma', 'agnes']);
	process.env.DATABASE_URL = world.database.url;
	({ requestId } = await policeAskedForAReport(world));
});

/** Runs a layout's guard and a page's load side by side, as SvelteKit does. */
async function openPage(
	layoutModule: string,
	pageModule: string,
	routeId: string,
	params: Record<string, string>
) {
	const { jar } = await signedIn(world.database.db, 'agnes');
	const { user, session } = await validateSessionToken(world.database.db, jar.token ?? '');
	const layout = (await import(/* @vite-ignore */ layoutModule)) as {
		load: (event: unknown) => Promise<unknown>;
	};
	const page = (await import(/* @vite-ignore */ pageModule)) as {
		load: (event: unknown) => Promise<unknown>;
	};
	const url = new URL(`http://localhost${routeId}`);
	const event: Record<string, unknown> = {
		locals: { user, session },
		route: { id: routeId },
		params,
		url,
		request: new Request(url),
		cookies: { get: () => jar.token, set: () => undefined, delete: () => undefined },
		getClientAddress: () => '192.0.2.1',
		setHeaders: () => undefined
	};
	const layoutRun = layout.load(event);
	event.parent = () => layoutRun;
	const [layoutResult, pageResult] = await Promise.allSettled([layoutRun, page.load(event)]);
	return { layoutResult, pageResult, userId: user?.id ?? '' };
}

describe('a refused page load', () => {
	it('runs no load and audits the refusal, not a view (an agency opening the Unit’s page)', async () => {
		const viewsBefore = await world.database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'short_report_request.viewed'));
		const { layoutResult, pageResult, userId } = await openPage(
			'../../src/routes/(casework)/+layout.server',
			'../../src/routes/(casework)/requests/[id]/+page.server',
			'/(casework)/requests/[id]',
			{ id: requestId }
		);
		for (const result of [layoutResult, pageResult]) {
			expect(result.status).toBe('rejected');
			const reason = (result as PromiseRejectedResult).reason as unknown;
			expect(isHttpError(reason) && reason.status).toBe(403);
		}
		const viewsAfter = await world.database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'short_report_request.viewed'));
		expect(viewsAfter).toHaveLength(viewsBefore.length);
		const refusals = await world.database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'page.refused'));
		expect(refusals).toHaveLength(1);
		expect(refusals[0]?.actorId).toBe(userId);
		expect(refusals[0]?.detail).toEqual({ route: '/(casework)/requests/[id]' });
	});

	it('every page load behind a role guard waits for it (pageCaller)', () => {
		const guarded = ['(unit)', '(chair)', '(agency)', '(admin)', '(casework)'];
		const loads: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) walk(path);
				else if (entry.name === '+page.server.ts') loads.push(path);
			}
		};
		for (const group of guarded) walk(join('src/routes', group));
		expect(loads.length).toBeGreaterThanOrEqual(9);
		for (const path of loads) {
			const source = readFileSync(path, 'utf8');
			// An agency's +page.server.ts keeps only its actions: its data loads in the browser.
			if (!source.includes('export const load')) continue;
			const load = source.slice(source.indexOf('export const load'));
			const body = load.slice(0, load.indexOf('\n};'));
			expect(body, path).toContain('pageCaller(event)');
			expect(body, path).not.toContain('serverCaller(');
		}
	});
});
