import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { walkTemplate, type WalkTemplate } from '../support/walk/world';
import { runWalk, startArbitrary, stepArbitrary, type WalkReport } from '../support/walk/walk';
import { INVARIANTS } from '../support/walk/invariants';
import { MOVES } from '../support/walk/moves';
import { CASE_STATES } from '$lib/domain/case/case-states';

/*
 * The whole procedure as a random walk (model-based testing with fast-check): random moves by
 * random roles, through the real router on a real libSQL file database (a fresh copy per run),
 * some by a role the procedure does not give the move, which must be refused and change nothing.
 * After every step: nothing closes without the Chair's decision or the Panel (except out of scope
 * or merged, §13.6, §13.20); the files-secured hold is on exactly when §13.5 and §13.6 say; the
 * other-children flag is never cleared without an action (§13.1); each clock's due date is the
 * domain's computation from its anchor; every change bumps the version; a refused call writes
 * nothing; the audit chain verifies.
 *
 * WALK_RUNS sets the number of runs (200 by default), WALK_SEED replays a failing run's seed.
 */

const RUNS = Number(process.env.WALK_RUNS ?? 200);
const STEPS = 30;

let template: WalkTemplate;
beforeAll(async () => {
	template = await walkTemplate();
});

describe('the procedure as a random walk of 30 moves by random roles', () => {
	it(
		`holds every invariant after every step, over ${RUNS} runs: ${INVARIANTS.map((i) => i.name).join('; ')}`,
		async () => {
			const started = Date.now();
			const reports: WalkReport[] = [];
			await fc.assert(
				fc.asyncProperty(
					startArbitrary,
					fc.array(stepArbitrary, { minLength: STEPS, maxLength: STEPS }),
					async (start, steps) => {
						reports.push(await runWalk(template, steps, start));
					}
				),
				{
					numRuns: RUNS,
					endOnFailure: true,
					...(process.env.WALK_SEED ? { seed: Number(process.env.WALK_SEED) } : {})
				}
			);
			const seconds = (Date.now() - started) / 1000;
			const states = new Set(reports.flatMap((r) => r.states));
			const refused = reports.reduce((n, r) => n + r.refused, 0);
			const accepted = reports.reduce((n, r) => n + r.accepted, 0);
			const unreached = CASE_STATES.filter((state) => !states.has(state));
			console.info(
				`random walk: ${reports.length} runs of ${STEPS} steps in ${seconds.toFixed(1)} s; ${accepted} accepted, ${refused} refused; ${states.size} case states reached (not: ${unreached.join(', ') || 'none'})`
			);
			// Every run made its 30 calls, and the walks went far enough to mean something: both
			// refusals and acceptances, cases closed, decisions and the review's later stages.
			expect(reports).toHaveLength(RUNS);
			expect(reports.every((r) => r.steps === STEPS)).toBe(true);
			expect(refused).toBeGreaterThan(0);
			expect(accepted).toBeGreaterThan(0);
			if (RUNS >= 200) {
				for (const state of CASE_STATES.filter((s) => s !== 'received')) {
					expect(states, `no walk reached ${state}`).toContain(state);
				}
			}
			expect(MOVES.length).toBeGreaterThan(10);
		},
		15 * 60_000
	);
});
