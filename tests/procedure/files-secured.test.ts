import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import {
	awaitingTheChair as awaitingChair,
	caseInTriage,
	procedureWorld,
	type ProcedureWorld
} from '../support/procedure';
import type { Database } from '$lib/server/db';
import type { Problem } from '$lib/server/infra/problem';
import { cases, filesSecuredInstructions } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { CaseState } from '$lib/domain/case/case-states';

/*
 * §13.5 "Securing the files" and §13.6 "Decision to hold a SCR", through the real router on a real
 * database: when agencies are told to secure their files, and when they are told they no longer
 * need to.
 */

let world: ProcedureWorld;
let database: Database;
let as: ProcedureWorld['as'];
let police: string;
let health: string;
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris']);
	({ database, as } = world);
	police = world.agencies.police.id;
	health = world.agencies.health.id;
});

async function instructions(caseId: string) {
	return database.db
		.select()
		.from(filesSecuredInstructions)
		.where(eq(filesSecuredInstructions.caseId, caseId));
}

async function filesHeld(caseId: string) {
	const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId));
	return row?.filesHeld;
}

/**
 * A case of serious harm sent straight to the Chair, police and health told to secure files. (A
 * child's death would also need the reason for departing from §13.2 on any decision but an SCR:
 * should-always.test.ts.)
 */
const awaitingTheChair = () => awaitingChair(world, 'serious_harm', [police, health]);

const decision = { decidedOn: today, rationale: 'Recorded in the minutes' };
const NOT_AN_SCR: { to: CaseState; payload: Record<string, unknown> }[] = [
	{ to: 'imrs_only', payload: { lead: 'Health', dueOn: '2027-03-31' } },
	{ to: 'audit', payload: { lead: 'Audit group', dueOn: '2027-03-31' } },
	{ to: 'internal_review', payload: { lead: 'Education' } },
	{ to: 'no_further_action', payload: {} }
];

describe('§13.5 "Once it is known that a case is being considered for review, the LSCB Manager will ask each relevant organisation to secure both paper and electronic files"', () => {
	it('the route straight to the Chair tells each known agency to secure its files', async () => {
		const { caseId } = await awaitingTheChair();
		expect(await filesHeld(caseId)).toBe(true);
		const told = await instructions(caseId);
		expect(told.map((i) => i.agencyId).sort()).toEqual([police, health].sort());
		expect(told.every((i) => i.instructedOn === today && i.rescindedOn === null)).toBe(true);
		// The case shows whom it told, though no agency was asked for a short report.
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.requests).toEqual([]);
		expect(view.filesSecured.map((f) => [f.instructedOn, f.rescindedOn])).toEqual([
			[today, null],
			[today, null]
		]);
	});

	it('refuses the route straight to the Chair with an unknown agency, and changes nothing', async () => {
		const { caseId } = await caseInTriage(world, 'child_death');
		const refused = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version: 1,
				to: 'chair_decision',
				payload: {
					classification: 'child_death',
					reason: 'Criteria clearly met',
					securingAgencyIds: [police, 'no-such-agency'],
					filesSecureRequestedOn: today
				}
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(refused.fieldErrors).toEqual({ securingAgencyIds: 'Select agencies from the list' });
		expect(await instructions(caseId)).toEqual([]);
		expect((await as.uma.cases.get({ id: caseId })).state).toBe('triage');
	});
});

describe('§13.5 "Where the decision is later taken not to hold a Serious Case Review, the LSCB Manager will inform all relevant organisations to rescind the instruction"', () => {
	it.each(NOT_AN_SCR)(
		'a decision of $to records the rescind to every agency and lifts the hold',
		async ({ to, payload }) => {
			const { caseId, version } = await awaitingTheChair();
			await as.chris.cases.transition({
				id: caseId,
				version,
				to,
				payload: { ...decision, ...payload, filesHold: 'rescind', rescindInstructionOn: today }
			});
			expect(await filesHeld(caseId)).toBe(false);
			const told = await instructions(caseId);
			expect(told).toHaveLength(2);
			expect(told.every((i) => i.rescindedOn === today)).toBe(true);
			const view = await as.uma.cases.get({ id: caseId });
			expect(view.dates.rescindInstructionOn).toBe(today);
			expect(view.timeline.at(-1)?.summary).toContain(
				'telling agencies they no longer need to secure their files'
			);
		}
	);

	it.each(NOT_AN_SCR)(
		'a decision of $to keeps the hold only when the Chair says why, and then rescinds nothing',
		async ({ to, payload }) => {
			const { caseId, version } = await awaitingTheChair();
			const unexplained = (await expectProblem(
				as.chris.cases.transition({
					id: caseId,
					version,
					to,
					payload: { ...decision, ...payload, filesHold: 'keep' }
				}),
				'INVALID_INPUT'
			)) as Problem;
			expect(unexplained.fieldErrors).toEqual({
				keepFilesReason: 'Enter why agencies must keep their files secured'
			});
			await as.chris.cases.transition({
				id: caseId,
				version,
				to,
				payload: {
					...decision,
					...payload,
					filesHold: 'keep',
					keepFilesReason: 'Criminal proceedings are pending'
				}
			});
			expect(await filesHeld(caseId)).toBe(true);
			expect((await instructions(caseId)).every((i) => i.rescindedOn === null)).toBe(true);
			const view = await as.uma.cases.get({ id: caseId });
			expect(view.dates.rescindInstructionOn).toBeUndefined();
			expect(view.timeline.at(-1)?.summary).toContain(
				"keeping agencies' files secured: Criminal proceedings are pending"
			);
		}
	);

	it('refuses a decision not to hold an SCR that says nothing of the files, and changes nothing', async () => {
		const { caseId, version } = await awaitingTheChair();
		const refused = (await expectProblem(
			as.chris.cases.transition({
				id: caseId,
				version,
				to: 'no_further_action',
				payload: decision
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(refused.fieldErrors).toHaveProperty('filesHold');
		expect(await filesHeld(caseId)).toBe(true);
		expect((await as.uma.cases.get({ id: caseId })).version).toBe(version);
	});

	it('a hold the Chair kept is lifted, and the rescind recorded, when the case closes', async () => {
		const { caseId, version } = await awaitingTheChair();
		const kept = await as.chris.cases.transition({
			id: caseId,
			version,
			to: 'internal_review',
			payload: {
				...decision,
				lead: 'Education',
				filesHold: 'keep',
				keepFilesReason: 'The coroner asked for them'
			}
		});
		await as.uma.cases.transition({
			id: caseId,
			version: kept.version,
			to: 'closed',
			payload: {
				internalReviewFindingsOn: today,
				actionPlanAgreedOn: today,
				executiveSummaryAgreedOn: today,
				noActionPlanReason: 'No lessons for the agencies'
			}
		});
		expect(await filesHeld(caseId)).toBe(false);
		expect((await instructions(caseId)).every((i) => i.rescindedOn === today)).toBe(true);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});

describe('§13.6 "If the decision is to initiate a SCR … They will ask each known relevant agency to secure both paper and electronic files"', () => {
	it('a decision to hold an SCR keeps the hold and rescinds nothing', async () => {
		const { caseId, version } = await awaitingTheChair();
		await as.chris.cases.transition({
			id: caseId,
			version,
			to: 'scr_initiated',
			payload: decision
		});
		expect(await filesHeld(caseId)).toBe(true);
		expect((await instructions(caseId)).every((i) => i.rescindedOn === null)).toBe(true);
	});
});
