import type { CaseState } from '$lib/domain/case/case-states';
import { CASE_TRANSITIONS } from '$lib/domain/case/case-transitions';
import { untriaged } from './model';
import {
	openCase,
	plannedPayload,
	recordDate,
	submit,
	transitionPlan,
	type PlannedCall,
	type Step,
	type StepContext
} from './moves';

// A run may begin with a journey: one case taken along the procedure's longest road, each move by
// the right role with a payload the procedure accepts, so that thirty random steps then start
// from any stage (the review's later stages lie twenty moves from a notification). Every call of
// the journey goes through the same runner and the same checks as a random step.

/** The road of an SCR, from triage to monitoring. */
const ROAD: readonly CaseState[] = [
	'triage',
	'gathering',
	'chair_briefed',
	'panel_scheduled',
	'panel_recommended',
	'chair_decision',
	'scr_initiated',
	'scoping',
	'in_review',
	'drafting',
	'executive',
	'sent_to_ofsted',
	'evaluated',
	'publication',
	'monitoring'
];

/** Where a journey may stop: none at all, or a stage of the road. */
export const JOURNEY_ENDS = [
	null,
	'triage',
	'chair_decision',
	'scr_initiated',
	'scoping',
	'executive',
	'evaluated',
	'monitoring'
] as const;
export type JourneyEnd = (typeof JOURNEY_ENDS)[number];

const RIGHT: Step = { move: 0, target: 0, variant: 0, wrongRole: false, who: 0 };

/**
 * Yields the journey's calls one at a time: each is planned from the model as the previous one
 * left it. `variant` picks the classification (a death or serious harm) and the payloads.
 */
export async function* journey(
	ctx: Omit<StepContext, 'step'>,
	end: JourneyEnd,
	variant: number
): AsyncGenerator<PlannedCall> {
	if (end === null) return;
	const { model } = ctx;
	// Submit answering "no" to other children (the answers' order: yes, no, not known).
	const sent = await submit.plan({ ...ctx, step: { ...RIGHT, variant: 1 } });
	if (sent) yield sent;
	const waiting = untriaged(model);
	// Open it as a child's death or serious harm (CASE_CLASSIFICATIONS' first two).
	const opened = await openCase.plan({
		...ctx,
		step: { ...RIGHT, target: waiting.length - 1, variant: variant % 2 }
	});
	if (opened) yield opened;
	const walkCase = model.cases.at(-1);
	if (!walkCase) return;
	const stop = ROAD.indexOf(end);
	while (ROAD.indexOf(walkCase.state) < stop && walkCase.state !== 'closed') {
		const next = ROAD[ROAD.indexOf(walkCase.state) + 1];
		const chosen = CASE_TRANSITIONS.find((t) => t.from === walkCase.state && t.to === next);
		if (!chosen) throw new Error(`the road has no move from ${walkCase.state} to ${next}`);
		if (chosen.key === 'scr_initiated->scoping') {
			// Ofsted notified, the letters and the IMR requests, each on its own (§13.6).
			for (const dateVariant of [9, 10, 5]) {
				const date = await recordDate.plan({
					...ctx,
					step: { ...RIGHT, target: 0, variant: dateVariant }
				});
				if (date) yield date;
			}
		}
		// The first payload the procedure accepts, graded adequate where the road goes on.
		let planned = await plannedPayload(ctx, walkCase, chosen.key, variant);
		for (let v = variant; v < variant + 64; v++) {
			planned = await plannedPayload(ctx, walkCase, chosen.key, v);
			const grade = planned.payload.evaluationGrade;
			if (
				planned.refusal === null &&
				(grade === undefined || grade === 'adequate' || end === 'evaluated')
			)
				break;
		}
		const role = chosen.roles[0];
		yield transitionPlan(
			ctx,
			walkCase,
			chosen,
			{ who: role === 'chair' ? 'chris' : 'uma', wrong: false },
			planned
		);
	}
}
