import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import { awaitingTheChair, procedureWorld, type ProcedureWorld } from '../support/procedure';
import {
	cdopInformedForCase,
	DECISION,
	evaluated,
	scrInReview,
	setUp,
	Walk
} from '../support/procedure-walk';
import { cases } from '$lib/server/db/schema';
import type { Problem } from '$lib/server/infra/problem';
import { verifyAuditChain } from '$lib/server/services/audit';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import { NEW_CHAIR_MESSAGE, NO_ACTION_PLAN_MESSAGE } from '$lib/domain/case/closing';

/*
 * §13.16 "Monitoring and Audit" and §13.20 "Decisions not to proceed to a Serious Case Review":
 * after an inadequate evaluation the new panel has a new independent chair; a case closes only
 * with an action plan item or a recorded reason for none; an internal review's action plan and
 * executive summary are agreed before its findings close the case. Through the real router on a
 * real database.
 */

const NEW_CHAIR =
	'§13.16 "if the Evaluation Letter indicates inadequate, a new SCR Panel with a new Independent Chair will be convened to reconsider the review"';
const ACTION_PLANS =
	'§13.16 "Monitoring of the Action Plans produced from the Overview Report and the single agency IMR\'s will be undertaken by the SCR Sub Group"';
const AGREED_AS_ABOVE = '§13.20 "The Action Plan and Executive Summary should be agreed as above"';

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
});

async function rowOf(caseId: string) {
	const [row] = await world.database.db.select().from(cases).where(eq(cases.id, caseId));
	return row;
}

/** A move that must be refused with these field messages, changing nothing. */
async function refusedWith(
	walk: Walk,
	caller: ProcedureWorld['as']['uma'],
	to: Parameters<Walk['move']>[1],
	payload: Record<string, unknown>,
	fieldErrors: Record<string, string>
) {
	const before = await rowOf(walk.caseId);
	const refused = (await expectProblem(
		caller.cases.transition({ id: walk.caseId, version: walk.version, to, payload }),
		'INVALID_INPUT'
	)) as Problem;
	expect(refused.fieldErrors).toEqual(fieldErrors);
	expect(await rowOf(walk.caseId)).toEqual(before);
}

/** A case the Chair decided `decision` on, with the files released. */
async function decided(decision: 'imrs_only' | 'audit' | 'internal_review' | 'no_further_action') {
	const { caseId, version } = await awaitingTheChair(world, 'serious_harm', [
		world.agencies.police.id
	]);
	const walk = new Walk(caseId, version);
	const work =
		decision === 'imrs_only' || decision === 'audit'
			? { lead: 'Audit sub group', dueOn: addCalendarDays(today, 30) }
			: decision === 'internal_review'
				? { lead: 'Education' }
				: {};
	await walk.move(as.chris, decision, {
		...DECISION,
		...work,
		filesHold: 'rescind',
		rescindInstructionOn: today
	});
	return walk;
}

describe(NEW_CHAIR, () => {
	it('refuses the previous independent chair for the new panel, however the name is typed, and changes nothing', async () => {
		const walk = await scrInReview(world, 'Dr Ann Example');
		await evaluated(walk, as.uma, 'inadequate');
		await walk.move(as.uma, 'scoping');
		for (const sameChair of ['Dr Ann Example', '  dr.  ann   EXAMPLE ']) {
			await refusedWith(walk, as.uma, 'in_review', setUp(sameChair), {
				independentChair: NEW_CHAIR_MESSAGE
			});
		}
		await walk.move(as.uma, 'in_review', setUp('Prof Bea Other'));
		expect((await as.uma.cases.get({ id: walk.caseId })).state).toBe('in_review');
	});

	it('after a second inadequate evaluation, neither earlier chair may chair the third panel', async () => {
		const walk = await scrInReview(world, 'Dr Ann Example');
		await evaluated(walk, as.uma, 'inadequate');
		await walk.move(as.uma, 'scoping');
		await walk.move(as.uma, 'in_review', setUp('Prof Bea Other'));
		await evaluated(walk, as.uma, 'inadequate');
		await walk.move(as.uma, 'scoping');
		for (const earlier of ['Dr Ann Example', 'Prof Bea Other']) {
			await refusedWith(walk, as.uma, 'in_review', setUp(earlier), {
				independentChair: NEW_CHAIR_MESSAGE
			});
		}
		await walk.move(as.uma, 'in_review', setUp('Cal Third'));
		expect(await verifyAuditChain(world.database.db)).toMatchObject({ ok: true });
	});
});

describe(ACTION_PLANS, () => {
	it.each(['imrs_only', 'audit'] as const)(
		'a case closing from %s with no action plan item needs the reason for none, recorded in its timeline',
		async (decision) => {
			const walk = await decided(decision);
			await refusedWith(
				walk,
				as.uma,
				'closed',
				{ completedOn: today },
				{ noActionPlanReason: NO_ACTION_PLAN_MESSAGE }
			);
			await walk.move(as.uma, 'closed', {
				completedOn: today,
				noActionPlanReason: 'The reviews found no change of practice needed'
			});
			const view = await as.uma.cases.get({ id: walk.caseId });
			expect(view.state).toBe('closed');
			const [event] = await world.database.db.query.caseEvents.findMany({
				where: (e, { and, eq }) => and(eq(e.caseId, walk.caseId), eq(e.toState, 'closed'))
			});
			expect(event?.detail).toMatchObject({
				payload: { noActionPlanReason: 'The reviews found no change of practice needed' }
			});
		}
	);

	it('the Chair closing after no further action gives the reason for none too', async () => {
		const walk = await decided('no_further_action');
		await refusedWith(walk, as.chris, 'closed', {}, { noActionPlanReason: NO_ACTION_PLAN_MESSAGE });
		await walk.move(as.chris, 'closed', { noActionPlanReason: 'No further action decided' });
	});

	it('a case with an action plan item closes without a reason', async () => {
		const walk = await decided('audit');
		walk.version = (
			await as.uma.cases.addActionItem({
				id: walk.caseId,
				version: walk.version,
				ownerAgencyId: world.agencies.police.id,
				action: 'Brief every custody sergeant on the findings',
				dueOn: addCalendarDays(today, 60)
			})
		).version;
		await walk.move(as.uma, 'closed', { completedOn: today });
		expect((await rowOf(walk.caseId))?.state).toBe('closed');
	});

	it('a review in monitoring with no item needs the reason for none before it closes', async () => {
		const walk = await scrInReview(world, 'Dr Ann Example');
		await evaluated(walk, as.uma, 'adequate');
		await walk.move(as.uma, 'publication');
		await walk.move(as.uma, 'monitoring', {
			publicationOutcome: 'published',
			publicationOn: today
		});
		await refusedWith(walk, as.uma, 'closed', {}, { noActionPlanReason: NO_ACTION_PLAN_MESSAGE });
		await cdopInformedForCase(world, walk.caseId);
		await walk.move(as.uma, 'closed', {
			noActionPlanReason: 'The single agency plans were completed before publication'
		});
	});
});

describe(AGREED_AS_ABOVE, () => {
	it('refuses to close an internal review until its action plan and executive summary are agreed, and changes nothing', async () => {
		const walk = await decided('internal_review');
		await refusedWith(
			walk,
			as.uma,
			'closed',
			{ internalReviewFindingsOn: today, noActionPlanReason: 'None needed' },
			{
				actionPlanAgreedOn: 'Enter the date the internal review’s action plan was agreed',
				executiveSummaryAgreedOn:
					'Enter the date the internal review’s executive summary was agreed'
			}
		);
		await refusedWith(
			walk,
			as.uma,
			'closed',
			{
				internalReviewFindingsOn: today,
				actionPlanAgreedOn: addCalendarDays(today, 1),
				executiveSummaryAgreedOn: today,
				noActionPlanReason: 'None needed'
			},
			{
				actionPlanAgreedOn:
					'The date the internal review’s action plan was agreed must be today or in the past'
			}
		);
		await walk.move(as.uma, 'closed', {
			internalReviewFindingsOn: today,
			actionPlanAgreedOn: today,
			executiveSummaryAgreedOn: today,
			noActionPlanReason: 'The single agency plan covers it'
		});
		const view = await as.uma.cases.get({ id: walk.caseId });
		expect(view).toMatchObject({ state: 'closed', dates: { internalReviewFindingsOn: today } });
	});
});
