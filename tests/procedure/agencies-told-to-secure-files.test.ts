import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { ZodError } from 'zod';
import { expectProblem } from '../support/expect-problem';
import {
	awaitingTheChair,
	healthAgencyLead,
	procedureWorld,
	type Caller,
	type ProcedureWorld
} from '../support/procedure';
import { auditEvents, filesSecuredInstructions } from '$lib/server/db/schema';
import type { Problem } from '$lib/server/infra/problem';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';

/*
 * §13.5 "Securing the files", seen by the agencies themselves: on the route straight to the Chair
 * an agency is told to secure its files and asked for no short report, so its inbox is where it
 * learns of the instruction, of its rescind, and where it confirms its files are secured. Through
 * the real router on a real database.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
let hana: Caller;
let hanaId: string;
let police: string;
let health: string;
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes']);
	({ as } = world);
	police = world.agencies.police.id;
	health = world.agencies.health.id;
	const lead = await healthAgencyLead(world);
	hana = lead.caller;
	hanaId = lead.user.id;
});

async function instructionOf(caseId: string, agencyId: string) {
	const [row] = await world.database.db
		.select()
		.from(filesSecuredInstructions)
		.where(
			and(
				eq(filesSecuredInstructions.caseId, caseId),
				eq(filesSecuredInstructions.agencyId, agencyId)
			)
		);
	if (!row) throw new Error('no instruction');
	return row;
}

async function audited(action: string, actorId: string) {
	return world.database.db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, actorId)));
}

async function caseReference(caseId: string) {
	return (await as.uma.cases.get({ id: caseId })).reference;
}

describe('§13.5 "Once it is known that a case is being considered for review, the LSCB Manager will ask each relevant organisation to secure both paper and electronic files"', () => {
	it('the route straight to the Chair shows each known agency its instruction, with no request, and no other agency', async () => {
		const both = await awaitingTheChair(world, 'serious_harm', [police, health]);
		const policeOnly = await awaitingTheChair(world, 'serious_harm', [police]);
		const [bothRef, policeOnlyRef] = [
			await caseReference(both.caseId),
			await caseReference(policeOnly.caseId)
		];

		const agnesSees = await as.agnes.agency.filesSecured();
		expect(agnesSees.map((i) => i.caseReference).sort()).toEqual([bothRef, policeOnlyRef].sort());
		expect(
			agnesSees.every(
				(i) => i.instructedOn === today && i.rescindedOn === null && i.requestId === null
			)
		).toBe(true);
		// What the agency needs to find its files: the child named on the notification.
		expect(agnesSees[0]?.children.length).toBeGreaterThan(0);
		// No short report was asked for: without this list the agency would never know.
		expect(await as.agnes.agency.requests()).toEqual([]);

		const hanaSees = await hana.agency.filesSecured();
		expect(hanaSees.map((i) => i.caseReference)).toEqual([bothRef]);
		expect(hanaSees[0]?.id).toBe((await instructionOf(both.caseId, health)).id);

		// Each view is audited, naming the instructions shown.
		const views = await audited('agency.files_secured_viewed', hanaId);
		expect(views).toHaveLength(1);
		expect(views[0]?.detail).toMatchObject({ instructionIds: [hanaSees[0]?.id] });
	});

	it('the agency confirms its files are secured once, audited, and the case shows it', async () => {
		const { caseId } = await awaitingTheChair(world, 'serious_harm', [police, health]);
		const { id: instructionId } = await instructionOf(caseId, police);
		const auditedBefore = (await audited('files_secured.acknowledged', world.ids.agnes)).length;

		// Another agency, a guessed id and the Unit are refused, and nothing is recorded.
		await expectProblem(hana.agency.acknowledgeFilesSecured({ instructionId }), 'NOT_FOUND');
		await expectProblem(
			as.agnes.agency.acknowledgeFilesSecured({ instructionId: crypto.randomUUID() }),
			'NOT_FOUND'
		);
		await expectProblem(as.uma.agency.acknowledgeFilesSecured({ instructionId }), 'FORBIDDEN_ROLE');
		const malformed = (await expectProblem(
			as.agnes.agency.acknowledgeFilesSecured({ instructionId: 'not-an-id' }),
			'INVALID_INPUT'
		)) as ZodError;
		expect(malformed.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
			['instructionId', 'Select an instruction to secure files from your list']
		]);
		expect((await instructionOf(caseId, police)).acknowledgedOn).toBeNull();
		const unconfirmed = await as.uma.cases.get({ id: caseId });
		expect(unconfirmed.filesSecured.map((f) => f.acknowledgedOn)).toEqual([null, null]);

		const first = await as.agnes.agency.acknowledgeFilesSecured({ instructionId });
		const again = await as.agnes.agency.acknowledgeFilesSecured({ instructionId });
		expect(first).toEqual({ acknowledgedOn: today });
		expect(again).toEqual({ acknowledgedOn: today });
		const recorded = (await audited('files_secured.acknowledged', world.ids.agnes)).slice(
			auditedBefore
		);
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toMatchObject({ recordType: 'case', recordId: caseId });
		expect(recorded[0]?.detail).toMatchObject({ instructionId, agencyId: police });

		const seen = (await as.agnes.agency.filesSecured()).find((i) => i.id === instructionId);
		expect(seen?.acknowledgedOn).toBe(today);
		// The Unit and the Chair see which agency confirmed, and which has not yet.
		for (const reader of [as.uma, as.chris]) {
			const view = await reader.cases.get({ id: caseId });
			expect(view.filesSecured.map((f) => [f.agencyName, f.acknowledgedOn]).sort()).toEqual(
				[
					[world.agencies.health.name, null],
					[world.agencies.police.name, today]
				].sort()
			);
		}
		expect(await verifyAuditChain(world.database.db)).toMatchObject({ ok: true });
	});
});

describe('§13.5 "Where the decision is later taken not to hold a Serious Case Review, the LSCB Manager will inform all relevant organisations to rescind the instruction"', () => {
	it('each agency told sees its instruction rescinded, and when; there is then nothing to confirm', async () => {
		const { caseId, version } = await awaitingTheChair(world, 'serious_harm', [police, health]);
		await as.chris.cases.transition({
			id: caseId,
			version,
			to: 'no_further_action',
			payload: {
				decidedOn: today,
				rationale: 'Recorded in the minutes',
				filesHold: 'rescind',
				rescindInstructionOn: today
			}
		});
		const reference = await caseReference(caseId);
		for (const agency of [as.agnes, hana]) {
			const seen = (await agency.agency.filesSecured()).find((i) => i.caseReference === reference);
			expect(seen).toMatchObject({ instructedOn: today, rescindedOn: today, acknowledgedOn: null });
		}
		// A rescinded instruction is listed after those still in force.
		const agnesSees = await as.agnes.agency.filesSecured();
		expect(agnesSees.at(-1)?.caseReference).toBe(reference);
		expect(agnesSees.slice(0, -1).every((i) => i.rescindedOn === null)).toBe(true);

		const { id: instructionId } = await instructionOf(caseId, police);
		const refused = (await expectProblem(
			as.agnes.agency.acknowledgeFilesSecured({ instructionId }),
			'INVALID_INPUT'
		)) as Problem;
		expect(refused.fieldErrors?._form).toContain('rescinded');
		expect((await instructionOf(caseId, police)).acknowledgedOn).toBeNull();
	});
});
