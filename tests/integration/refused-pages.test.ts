import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { policeAskedForAReport, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { signedIn } from '../support/callers';
import type { PersonaName } from '../support/factories';
import { scrDecidedCase } from '../support/imrs';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { imrRequests } from '$lib/server/db/schema';
import { auditEvents } from '$lib/server/db/schema';
import { validateSessionToken } from '$lib/server/auth/session';

// Issue 15: a page refused for the wrong role still ran its own load (SvelteKit runs it beside the
// layout's guard) and wrote a "viewed" audit event. Now the load waits for the guard, and the
// refusal is what is audited. (An agency's own pages load in the browser since decision 029, so
// the refused page here is the Unit's view of a request, opened by the agency that owns it; and
// the agency's IMR page, still server-loaded, opened by the Unit.)

let world: ProcedureWorld;
let requestId: string;
let imrRequestId: string;

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes']);
	process.env.DATABASE_URL = world.database.url;
	({ requestId } = await policeAskedForAReport(world));
	const { caseId, version } = await scrDecidedCase(world);
	await world.as.uma.imrs.send({
		id: caseId,
		version,
		agencyIds: [world.agencies.police.id],
		dueOn: addWorkingDays(todayIso(), 20)
	});
	const [imr] = await world.database.db
		.select({ id: imrRequests.id })
		.from(imrRequests)
		.where(eq(imrRequests.caseId, caseId));
	imrRequestId = imr?.id ?? '';
});

async function auditCount(action: string) {
	const rows = await world.database.db
		.select()
		.from(auditEvents)
		.where(eq(auditEvents.action, action));
	return rows.length;
}

/** Runs a layout's guard and a page's load side by side, as SvelteKit does. */
async function openPage(
	layoutModule: string,
	pageModule: string,
	routeId: string,
	params: Record<string, string>,
	persona: PersonaName = 'agnes'
) {
	const { jar } = await signedIn(world.database.db, persona);
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

	it('refuses the Unit the agency’s IMR page, which the Unit may read through the API (decision 029)', async () => {
		const viewsBefore = await auditCount('imr_request.viewed');
		const refusalsBefore = await auditCount('page.refused');
		const { layoutResult, pageResult } = await openPage(
			'../../src/routes/(agency)/agency/imrs/+layout.server',
			'../../src/routes/(agency)/agency/imrs/[id]/+page.server',
			'/(agency)/agency/imrs/[id]',
			{ id: imrRequestId },
			'uma'
		);
		for (const result of [layoutResult, pageResult]) {
			expect(result.status).toBe('rejected');
			const reason = (result as PromiseRejectedResult).reason as unknown;
			expect(isHttpError(reason) && reason.status).toBe(403);
		}
		expect(await auditCount('imr_request.viewed')).toBe(viewsBefore);
		expect(await auditCount('page.refused')).toBe(refusalsBefore + 1);
	});

	it('opens the agency’s own IMR page for the agency', async () => {
		const { layoutResult, pageResult } = await openPage(
			'../../src/routes/(agency)/agency/imrs/+layout.server',
			'../../src/routes/(agency)/agency/imrs/[id]/+page.server',
			'/(agency)/agency/imrs/[id]',
			{ id: imrRequestId }
		);
		expect(layoutResult.status).toBe('fulfilled');
		expect(pageResult.status).toBe('fulfilled');
		const page = (pageResult as PromiseFulfilledResult<{ request: { id: string } }>).value;
		expect(page.request.id).toBe(imrRequestId);
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
		/** The server layouts from the page's folder up to its route group. */
		const layoutsAbove = (path: string) => {
			const found: string[] = [];
			let dir = dirname(path);
			while (dir.startsWith('src/routes/(')) {
				const layout = join(dir, '+layout.server.ts');
				if (existsSync(layout)) found.push(readFileSync(layout, 'utf8'));
				dir = dirname(dir);
			}
			return found;
		};
		for (const path of loads) {
			const source = readFileSync(path, 'utf8');
			// An agency's +page.server.ts keeps only its actions: its data loads in the browser.
			if (!source.includes('export const load')) continue;
			const load = source.slice(source.indexOf('export const load'));
			const body = load.slice(0, load.indexOf('\n};'));
			expect(body, path).toContain('pageCaller(event)');
			expect(body, path).not.toContain('serverCaller(');
			// …and there is a guard to wait for: without one, `parent()` refuses no one.
			expect(
				layoutsAbove(path).some((layout) => layout.includes('guardPages(event')),
				path
			).toBe(true);
		}
	});
});
