import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem';
import {
	awaitingTheChair,
	caseInTriage,
	procedureWorld,
	type ProcedureWorld
} from '../support/procedure';
import type { Problem } from '$lib/server/infra/problem';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { SCR_NOTICE_DATES } from '$lib/domain/case/case-dates';

/*
 * §13.6 "Decision to hold a SCR": what follows a decision to hold an SCR is recorded the day each
 * thing happens, so each clock stops on its own day, through the real router.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
});

/** A case whose Chair has decided, today, to hold an SCR. */
async function scrDecided() {
	const { caseId, version } = await awaitingTheChair(world, 'child_death', [
		world.agencies.police.id
	]);
	const decided = await as.chris.cases.transition({
		id: caseId,
		version,
		to: 'scr_initiated',
		payload: { decidedOn: today, rationale: 'The criteria in §13.2 are met' }
	});
	return { caseId, version: decided.version };
}

function clock(view: { clocks: { id: string }[] }, id: string) {
	return view.clocks.find((c) => c.id === id);
}

describe('§13.6 "immediately following the decision, there is formal notification to Ofsted" and "write to … informing them that a SCR is being undertaken within 5 working days"', () => {
	it('Ofsted notified is recorded on its own the day it happens: T7 is met that day while T8 runs on', async () => {
		const { caseId, version } = await scrDecided();
		const recorded = await as.uma.cases.recordDate({
			id: caseId,
			version,
			name: 'ofstedNotifiedOn',
			date: today
		});
		expect(recorded.version).toBe(version + 1);
		const view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'T7')).toMatchObject({ status: 'met', metOn: today });
		expect(clock(view, 'T8')).toMatchObject({ dueOn: addWorkingDays(today, 5) });
		expect(clock(view, 'T8')).not.toMatchObject({ status: 'met' });
		// T9, the review's six months, runs from Ofsted's notification, not from a later step.
		expect(clock(view, 'T9')).toMatchObject({ startedOn: today });
		expect(view.timeline.at(-1)).toMatchObject({ action: 'date_recorded' });
	});

	it('scoping starts only once Ofsted, the letters and the IMR requests are each recorded', async () => {
		const decided = await scrDecided();
		const { caseId } = decided;
		let { version } = decided;
		for (const name of SCR_NOTICE_DATES) {
			const view = await as.uma.cases.get({ id: caseId });
			expect(view.transitions.map((t) => t.to)).toEqual([]);
			const early = await expectProblem(
				as.uma.cases.transition({ id: caseId, version, to: 'scoping', payload: {} }),
				'TRANSITION_NOT_ALLOWED'
			);
			expect(early.message).toContain('each on its own');
			({ version } = await as.uma.cases.recordDate({ id: caseId, version, name, date: today }));
		}
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.transitions.map((t) => t.to)).toEqual(['scoping']);
		await as.uma.cases.transition({ id: caseId, version, to: 'scoping', payload: {} });
		expect((await as.uma.cases.get({ id: caseId })).state).toBe('scoping');
	});

	it('refuses a notice before the SCR is decided, a date before the decision, and anyone but the Unit', async () => {
		const { caseId } = await caseInTriage(world, 'child_death');
		const notYet = (await expectProblem(
			as.uma.cases.recordDate({ id: caseId, version: 1, name: 'lettersSentOn', date: today }),
			'INVALID_INPUT'
		)) as Problem;
		expect(notYet.fieldErrors?.name).toContain('cannot be recorded yet');

		const decided = await scrDecided();
		const before = (await expectProblem(
			as.uma.cases.recordDate({
				id: decided.caseId,
				version: decided.version,
				name: 'imrsRequestedOn',
				date: '2020-01-01'
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(before.fieldErrors?.date).toContain('must be on or after');
		await expectProblem(
			as.chris.cases.recordDate({
				id: decided.caseId,
				version: decided.version,
				name: 'ofstedNotifiedOn',
				date: today
			}),
			'FORBIDDEN_ROLE'
		);
		await expectProblem(
			as.priya.cases.recordDate({
				id: decided.caseId,
				version: decided.version,
				name: 'ofstedNotifiedOn',
				date: today
			}),
			'FORBIDDEN_ROLE'
		);
		expect((await as.uma.cases.get({ id: decided.caseId })).version).toBe(decided.version);
	});
});
