import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import {
	awaitingTheChair,
	healthAgencyLead,
	procedureWorld,
	type Caller,
	type ProcedureWorld
} from '../support/procedure';
import { newImrId, scrDecidedCase, validImr } from '../support/imrs';
import { filesSecuredInstructions, imrRequests } from '$lib/server/db/schema';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import { addWorkingDays } from '$lib/domain/calendar/working-days';

/*
 * §13.6 "Decision to hold a SCR" and §13.9 "Individual Management Reviews (IMRs)", through the
 * real router: the letters to each agency's chief executive meet T8 when every one has gone, each
 * agency asked secures its files, and an IMR counts as signed off only once its agency signs it
 * off, every version kept.
 */

let world: ProcedureWorld;
let hana: Caller;
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes']);
	hana = (await healthAgencyLead(world)).caller;
});

const t8 = async (caseId: string) =>
	(await world.as.uma.cases.get({ id: caseId })).clocks.find((c) => c.id === 'T8');

describe('§13.6 "the LSCB Manager will write to the Chief Executive or equivalent of all the known relevant agencies informing them of the decision and asking them to commence an Individual Management Review"', () => {
	it('T8 is met when every letter has gone: a later letter moves it to that day', async () => {
		const { caseId, version } = await scrDecidedCase(world, 7);
		const { police, health } = world.agencies;
		const first = await world.as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [police.id],
			sentOn: addCalendarDays(today, -5),
			dueOn: addWorkingDays(today, 10)
		});
		expect(await t8(caseId)).toMatchObject({ status: 'met', metOn: addCalendarDays(today, -5) });
		await world.as.uma.imrs.send({
			id: caseId,
			version: first.version,
			agencyIds: [health.id],
			dueOn: addWorkingDays(today, 10)
		});
		expect(await t8(caseId)).toMatchObject({ status: 'met', metOn: today });
		const view = await world.as.uma.cases.get({ id: caseId });
		expect(view.dates).toMatchObject({ lettersSentOn: today, imrsRequestedOn: today });
		// With Ofsted notified, the letters and the IMR requests need no typed dates to scope.
		const notified = await world.as.uma.cases.recordDate({
			id: caseId,
			version: view.version,
			name: 'ofstedNotifiedOn',
			date: today
		});
		const scoping = await world.as.uma.cases.transition({
			id: caseId,
			version: notified.version,
			to: 'scoping',
			payload: {}
		});
		expect(scoping.version).toBe(notified.version + 1);
	});

	it('"They will ask each known relevant agency to secure both paper and electronic files": an agency first asked for its IMR is told to secure them', async () => {
		const { caseId, version } = await awaitingTheChair(world, 'child_death', [
			world.agencies.police.id
		]);
		const decided = await world.as.chris.cases.transition({
			id: caseId,
			version,
			to: 'scr_initiated',
			payload: { decidedOn: today, rationale: 'The criteria in §13.2 are met' }
		});
		await world.as.uma.imrs.send({
			id: caseId,
			version: decided.version,
			agencyIds: [world.agencies.health.id],
			dueOn: addWorkingDays(today, 10)
		});
		const told = await world.database.db
			.select()
			.from(filesSecuredInstructions)
			.where(
				and(
					eq(filesSecuredInstructions.caseId, caseId),
					eq(filesSecuredInstructions.agencyId, world.agencies.health.id)
				)
			);
		expect(told).toHaveLength(1);
		expect(told[0]?.instructedOn).toBe(today);
	});

	it('is written only after a decision to hold an SCR, and only by the Unit', async () => {
		const waiting = await awaitingTheChair(world, 'child_death', [world.agencies.police.id]);
		await expectProblem(
			world.as.uma.imrs.send({
				id: waiting.caseId,
				version: waiting.version,
				agencyIds: [world.agencies.police.id],
				dueOn: addWorkingDays(today, 10)
			}),
			'INVALID_INPUT'
		);
		const { caseId, version } = await scrDecidedCase(world);
		await expectProblem(
			world.as.chris.imrs.send({
				id: caseId,
				version,
				agencyIds: [world.agencies.police.id],
				dueOn: addWorkingDays(today, 10)
			}),
			'FORBIDDEN_ROLE'
		);
	});
});

describe('§13.9 "All IMRs should have been signed off by their respective agencies before they are presented to the panel"', () => {
	it('an IMR sent without sign-off is received, not signed off; the signed-off version supersedes it and both are kept', async () => {
		const { caseId, version } = await scrDecidedCase(world);
		await world.as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [world.agencies.police.id, world.agencies.health.id],
			dueOn: addWorkingDays(today, 10)
		});
		const [police] = await world.database.db
			.select({ id: imrRequests.id })
			.from(imrRequests)
			.where(
				and(eq(imrRequests.caseId, caseId), eq(imrRequests.agencyId, world.agencies.police.id))
			);
		const requestId = police?.id ?? '';
		const draft = await world.as.agnes.imrs.submit({
			requestId,
			clientId: newImrId(),
			imr: validImr(false)
		});
		const status = async () =>
			(await world.as.chris.imrs.forCase({ caseId })).find((r) => r.id === requestId)?.status;
		expect(await status()).toBe('received');
		// A sent version cannot be overwritten: the next one supersedes it.
		await expectProblem(
			world.as.agnes.imrs.submit({ requestId, clientId: newImrId(), imr: validImr(true) }),
			'REQUEST_ANSWERED'
		);
		await world.as.agnes.imrs.submit({
			requestId,
			clientId: newImrId(),
			supersedesId: draft.id,
			imr: validImr(true)
		});
		expect(await status()).toBe('signed_off');
		const versions = (await world.as.uma.imrs.request({ id: requestId })).versions;
		expect(versions.map((v) => [v.version, v.signedOff])).toEqual([
			[2, true],
			[1, false]
		]);
		// The other agency never sees the police's IMR.
		await expectProblem(hana.imrs.request({ id: requestId }), 'NOT_FOUND');
	});
});
