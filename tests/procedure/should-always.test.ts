import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem';
import {
	awaitingTheChair as awaitingChair,
	procedureWorld,
	type ProcedureWorld
} from '../support/procedure';
import type { Problem } from '$lib/server/infra/problem';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { CaseClassification } from '$lib/domain/case/case-choices';

/*
 * §13.2 "A LSCB should always undertake a serious case review when a child dies (including death
 * by suicide), and abuse or neglect is known or suspected to be a factor in the child's death":
 * any other decision records the Chair's reason for departing from it. Through the real router.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris']);
	({ as } = world);
});

const awaitingTheChair = (classification: CaseClassification) =>
	awaitingChair(world, classification, [world.agencies.police.id]);

const noFurtherAction = {
	decidedOn: today,
	rationale: 'Recorded in the minutes',
	filesHold: 'rescind',
	rescindInstructionOn: today
};

describe('§13.2 "A LSCB should always undertake a serious case review when a child dies … and abuse or neglect is known or suspected"', () => {
	it('refuses any other decision on a child death without the reason for departing, and changes nothing', async () => {
		const { caseId, version } = await awaitingTheChair('child_death');
		const refused = (await expectProblem(
			as.chris.cases.transition({
				id: caseId,
				version,
				to: 'no_further_action',
				payload: noFurtherAction
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(refused.fieldErrors?.departureReason).toMatch(
			/^Enter why the Chair departs from §13\.2/
		);
		expect((await as.chris.cases.get({ id: caseId })).version).toBe(version);
	});

	it('records the reason for departing and shows it in the timeline', async () => {
		const { caseId, version } = await awaitingTheChair('child_death');
		await as.chris.cases.transition({
			id: caseId,
			version,
			to: 'no_further_action',
			payload: {
				...noFurtherAction,
				departureReason: 'The death was accidental; the post-mortem found no neglect'
			}
		});
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.timeline.at(-1)?.summary).toContain(
			`departing from §13.2's "should always": The death was accidental`
		);
	});

	it('asks no reason for an SCR on a child death, nor for another decision on serious harm', async () => {
		const death = await awaitingTheChair('child_death');
		await as.chris.cases.transition({
			id: death.caseId,
			version: death.version,
			to: 'scr_initiated',
			payload: { decidedOn: today, rationale: 'The criteria in §13.2 are met' }
		});
		const harm = await awaitingTheChair('serious_harm');
		await as.chris.cases.transition({
			id: harm.caseId,
			version: harm.version,
			to: 'no_further_action',
			payload: noFurtherAction
		});
		expect((await as.uma.cases.get({ id: harm.caseId })).state).toBe('no_further_action');
	});
});
