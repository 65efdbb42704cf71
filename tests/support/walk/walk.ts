import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { fileUrlOf } from '$lib/server/db';
import { emptyModel, type WalkModel } from './model';
import { MOVES, type PlannedCall, type Step, type StepContext } from './moves';
import { journey, JOURNEY_ENDS, type JourneyEnd } from './journey';
import { INVARIANTS, readStored, type CaseView } from './invariants';
import { walkWorld, type WalkTemplate, type WalkWorld } from './world';

// The random walk's runner: draws steps, makes each call through the real router, and checks
// that a refused call wrote nothing and that every invariant holds after every step.

const TOTAL_WEIGHT = MOVES.reduce((sum, m) => sum + m.weight, 0);

/** One step as fast-check draws it. */
export const stepArbitrary: fc.Arbitrary<Step> = fc.record({
	move: fc.nat({ max: TOTAL_WEIGHT - 1 }),
	target: fc.nat({ max: 1_000 }),
	variant: fc.nat({ max: 100_000 }),
	// One step in five is made by someone whose role may not make it.
	wrongRole: fc.nat({ max: 4 }).map((n) => n === 0),
	who: fc.nat({ max: 10 })
});

/** Where a run starts: from nothing, or from a case a journey took to a stage of the road. */
export const startArbitrary = fc.record({
	end: fc.constantFrom(...JOURNEY_ENDS),
	variant: fc.nat({ max: 1_000 })
});

/** The move the step's number lands on by weight, or the next one that finds something to do. */
async function planStep(ctx: StepContext): Promise<PlannedCall> {
	let at = ctx.step.move;
	let first = 0;
	for (const [i, move] of MOVES.entries()) {
		if (at < move.weight) {
			first = i;
			break;
		}
		at -= move.weight;
	}
	for (let k = 0; k < MOVES.length; k++) {
		const move = MOVES[(first + k) % MOVES.length];
		const planned = move ? await move.plan(ctx) : null;
		if (planned) return planned;
	}
	throw new Error('no move could be planned: the practitioner can always submit');
}

/** Everything a refused call must leave as it was. */
async function snapshot(world: WalkWorld): Promise<string> {
	const { client } = world.database;
	const tables = [
		'cases',
		'notifications',
		'case_events',
		'short_report_requests',
		'short_reports',
		'files_secured_instructions',
		'action_plan_item_revisions',
		'case_review_entries',
		'reference_counters'
	];
	const parts: unknown[] = [];
	for (const table of tables) parts.push((await client.execute(`SELECT * FROM ${table}`)).rows);
	// The audit trail is append-only and hash-chained (the chain is verified after every step), so
	// its length and last hash say whether anything was added.
	parts.push(
		(
			await client.execute(
				'SELECT count(*), max(seq), max(hash) FILTER (WHERE seq = (SELECT max(seq) FROM audit_events)) FROM audit_events'
			)
		).rows
	);
	return JSON.stringify(parts);
}

/** A refusal the procedure gives (a coded problem or bad input), not a crash. */
function isRefusal(error: unknown): error is TRPCError {
	return error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR';
}

async function checkInvariants(world: WalkWorld, model: WalkModel, viewIds: string[]) {
	const views: CaseView[] = [];
	for (const id of new Set(viewIds)) views.push(await world.as.uma.cases.get({ id }));
	const stored = await readStored(world);
	for (const invariant of INVARIANTS) {
		try {
			await invariant.check({ world, model, stored, views, today: todayIso() });
		} catch (error) {
			throw new Error(`invariant "${invariant.name}" broken: ${(error as Error).message}`);
		}
	}
}

export interface WalkReport {
	steps: number;
	refused: number;
	accepted: number;
	moves: Record<string, number>;
	/** Every state a case of the walk was in after some step. */
	states: string[];
}

/** Runs one walk on a fresh copy of the template database. Throws with the trace on failure. */
export async function runWalk(
	template: WalkTemplate,
	steps: readonly Step[],
	start: { end: JourneyEnd; variant: number } = { end: null, variant: 0 }
): Promise<WalkReport> {
	const world = await walkWorld(template);
	const model = emptyModel();
	const report: WalkReport = { steps: 0, refused: 0, accepted: 0, moves: {}, states: [] };
	const reached = new Set<string>();

	/** Makes one planned call and checks everything the procedure says after it. */
	async function take(planned: PlannedCall) {
		model.trace.push(
			`${model.trace.length + 1}. ${planned.label}${planned.refusal ? ` [must be refused: ${planned.refusal}]` : ''}`
		);
		const before = await snapshot(world);
		let result: unknown;
		let error: unknown = null;
		try {
			result = await planned.call();
		} catch (e) {
			error = e;
		}
		if (error !== null) {
			if (!isRefusal(error))
				throw error instanceof Error ? error : new Error('a call failed with a non-error');
			if (planned.refusal === null) {
				throw new Error(`refused, though the procedure allows it: ${error.message}`);
			}
			expect(await snapshot(world), 'a refused call wrote something').toBe(before);
			report.refused += 1;
		} else {
			if (planned.refusal !== null) {
				throw new Error(`accepted, though the procedure refuses it: ${planned.refusal}`);
			}
			for (const c of planned.changes) c.version += 1;
			await planned.apply?.(result);
			report.accepted += 1;
		}
		for (const c of model.cases) reached.add(c.state);
		await checkInvariants(
			world,
			model,
			(planned.reads ?? []).map((c) => c.id)
		);
	}

	try {
		for await (const planned of journey(
			{ world, model, today: todayIso() },
			start.end,
			start.variant
		)) {
			await take(planned);
		}
		if (start.end !== null) model.trace.push('(the random steps start here)');
		for (const step of steps) {
			const planned = await planStep({ world, model, step, today: todayIso() });
			await take(planned);
			report.steps += 1;
			const name = planned.label.split(' ').slice(0, 3).join(' ');
			report.moves[name] = (report.moves[name] ?? 0) + 1;
		}
		await checkInvariants(
			world,
			model,
			model.cases.map((c) => c.id)
		);
		report.states = [...reached];
		return report;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`${message}\n\nThe walk:\n${model.trace.join('\n')}`, { cause: error });
	} finally {
		world.database.client.close();
		const url = fileUrlOf(world.database.db);
		if (url) rmSync(dirname(url.slice('file:'.length)), { recursive: true, force: true });
	}
}
