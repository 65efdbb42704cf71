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
import { caseEvents, filesSecuredInstructions, imrRequests } from '$lib/server/db/schema';
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

describe('§13.9 "All IMRs should have been signed off by their respective agencies"', () => {
	/** An SCR with IMRs asked of the police and health, its panel set up (in review). */
	async function inReviewWithImrs() {
		const { caseId, version } = await scrDecidedCase(world, 7);
		let { version: v } = await world.as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [world.agencies.police.id, world.agencies.health.id],
			sentOn: addCalendarDays(today, -7),
			dueOn: addWorkingDays(today, 10)
		});
		({ version: v } = await world.as.uma.cases.recordDate({
			id: caseId,
			version: v,
			name: 'ofstedNotifiedOn',
			date: today
		}));
		({ version: v } = await world.as.uma.cases.transition({
			id: caseId,
			version: v,
			to: 'scoping',
			payload: {}
		}));
		({ version: v } = await world.as.uma.cases.transition({
			id: caseId,
			version: v,
			to: 'in_review',
			payload: {
				termsOfReferenceAgreedOn: today,
				independentChair: 'Ivy Independent',
				overviewWriter: 'Olu Writer',
				panelAgreedOn: today,
				timetableAgreedOn: today,
				mediaStrategyAgreedOn: today
			}
		}));
		const requests = await world.as.uma.imrs.forCase({ caseId });
		const idOf = (agencyId: string) => requests.find((r) => r.agencyId === agencyId)?.id ?? '';
		return {
			caseId,
			version: v,
			policeRequest: idOf(world.agencies.police.id),
			healthRequest: idOf(world.agencies.health.id)
		};
	}
	const toDrafting = (caseId: string, version: number, imrsSignedOffOn?: string) =>
		world.as.uma.cases.transition({
			id: caseId,
			version,
			to: 'drafting',
			payload: {
				chronologiesReceivedOn: today,
				healthOverviewReceivedOn: today,
				...(imrsSignedOffOn ? { imrsSignedOffOn } : {})
			}
		});

	it('the draft report waits while any agency asked has not signed off its IMR, whatever date is typed', async () => {
		const { caseId, version, policeRequest, healthRequest } = await inReviewWithImrs();
		// Nothing sent, then the police signed off but health silent, then health sent unsigned.
		await expectProblem(toDrafting(caseId, version, today), 'TRANSITION_NOT_ALLOWED');
		await world.as.agnes.imrs.submit({
			requestId: policeRequest,
			clientId: newImrId(),
			imr: validImr(true)
		});
		await expectProblem(toDrafting(caseId, version, today), 'TRANSITION_NOT_ALLOWED');
		await hana.imrs.submit({
			requestId: healthRequest,
			clientId: newImrId(),
			imr: validImr(false)
		});
		const refused = await expectProblem(toDrafting(caseId, version), 'TRANSITION_NOT_ALLOWED');
		expect(refused.message).toContain('All IMRs should have been signed off');
		const view = await world.as.uma.cases.get({ id: caseId });
		expect(view.state).toBe('in_review');
		expect(view.version).toBe(version);
		// The case page does not offer the move meanwhile.
		expect(view.transitions.map((t) => t.to)).not.toContain('drafting');
	});

	it('once every IMR is signed off, the date is the day the last agency signed off, not one typed in', async () => {
		const { caseId, version, policeRequest, healthRequest } = await inReviewWithImrs();
		const earlier = addCalendarDays(today, -3);
		await world.as.agnes.imrs.submit({
			requestId: policeRequest,
			clientId: newImrId(),
			imr: validImr(true)
		});
		await hana.imrs.submit({
			requestId: healthRequest,
			clientId: newImrId(),
			imr: validImr(true, {
				signOff: { name: 'Hal Head', role: 'Director of Nursing', signedOffOn: earlier }
			})
		});
		const offered = (await world.as.uma.cases.get({ id: caseId })).transitions.find(
			(t) => t.to === 'drafting'
		);
		expect(offered?.requires).toEqual(['chronologiesReceivedOn', 'healthOverviewReceivedOn']);
		await toDrafting(caseId, version, addCalendarDays(today, -30));
		const [moved] = await world.database.db
			.select({ detail: caseEvents.detail })
			.from(caseEvents)
			.where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.toState, 'drafting')));
		expect(moved?.detail).toMatchObject({ payload: { imrsSignedOffOn: today } });
	});

	it('a case with no IMR requests made here still moves on the typed date', async () => {
		const { caseId, version } = await scrDecidedCase(world);
		let v = version;
		for (const name of ['ofstedNotifiedOn', 'lettersSentOn', 'imrsRequestedOn'] as const) {
			({ version: v } = await world.as.uma.cases.recordDate({
				id: caseId,
				version: v,
				name,
				date: today
			}));
		}
		({ version: v } = await world.as.uma.cases.transition({
			id: caseId,
			version: v,
			to: 'scoping',
			payload: {}
		}));
		({ version: v } = await world.as.uma.cases.transition({
			id: caseId,
			version: v,
			to: 'in_review',
			payload: {
				termsOfReferenceAgreedOn: today,
				independentChair: 'Ivy Independent',
				overviewWriter: 'Olu Writer',
				panelAgreedOn: today,
				timetableAgreedOn: today,
				mediaStrategyAgreedOn: today
			}
		}));
		await expectProblem(toDrafting(caseId, v), 'INVALID_INPUT');
		const moved = await toDrafting(caseId, v, addCalendarDays(today, -2));
		expect(moved.version).toBe(v + 1);
	});
});

describe('§13.6 "To require agencies to undertake internal management reviews"', () => {
	async function imrsOnly(filesHold: 'rescind' | 'keep') {
		const { caseId, version } = await awaitingTheChair(world, 'serious_harm', [
			world.agencies.police.id
		]);
		const decidedOn = addCalendarDays(today, -2);
		const decided = await world.as.chris.cases.transition({
			id: caseId,
			version,
			to: 'imrs_only',
			payload: {
				decidedOn,
				rationale: 'The criteria for an SCR are not met; the agencies review their own work',
				lead: 'Health',
				dueOn: addCalendarDays(today, 60),
				filesHold,
				...(filesHold === 'rescind'
					? { rescindInstructionOn: today }
					: { keepFilesReason: 'The IMRs need the files' })
			}
		});
		return { caseId, version: decided.version, decidedOn };
	}

	it('on an "IMRs only" decision the Unit sends each agency a letter requiring its IMR, not dated before the decision and not an SCR\'s T8', async () => {
		const { caseId, version, decidedOn } = await imrsOnly('rescind');
		await expectProblem(
			world.as.uma.imrs.send({
				id: caseId,
				version,
				agencyIds: [world.agencies.health.id],
				sentOn: addCalendarDays(decidedOn, -1),
				dueOn: addWorkingDays(today, 10)
			}),
			'INVALID_INPUT'
		);
		const sent = await world.as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [world.agencies.health.id],
			dueOn: addWorkingDays(today, 10)
		});
		expect(sent.version).toBe(version + 1);
		const view = await world.as.uma.cases.get({ id: caseId });
		expect(view.state).toBe('imrs_only');
		// The SCR's letters clock and IMRs-requested date are not the IMRs-only work's.
		expect(view.dates.lettersSentOn).toBeUndefined();
		expect(view.dates.imrsRequestedOn).toBeUndefined();
		const [request] = await world.as.uma.imrs.forCase({ caseId });
		const letter = (await hana.imrs.request({ id: request?.id ?? '' })).letter;
		expect(letter).toContain(
			'require the agencies involved to undertake internal management reviews'
		);
		expect(letter).not.toContain('decided to hold a Serious Case Review');
		// The hold was lifted, so the letter does not ask for the files secured.
		expect(letter).not.toContain('secured');
	});

	it('the agency answers with its signed-off IMR, and the Chair reads its status; the police see none of it', async () => {
		const { caseId, version } = await imrsOnly('keep');
		await world.as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [world.agencies.health.id],
			dueOn: addWorkingDays(today, 10)
		});
		const requestId =
			(await world.as.uma.imrs.forCase({ caseId })).find(
				(r) => r.agencyId === world.agencies.health.id
			)?.id ?? '';
		expect((await hana.imrs.request({ id: requestId })).letter).toContain('secured');
		await hana.imrs.submit({ requestId, clientId: newImrId(), imr: validImr(true) });
		const [row] = await world.as.chris.imrs.forCase({ caseId });
		expect(row?.status).toBe('signed_off');
		await expectProblem(world.as.agnes.imrs.request({ id: requestId }), 'NOT_FOUND');
		await expectProblem(
			world.as.chris.imrs.send({
				id: caseId,
				version: version + 1,
				agencyIds: [world.agencies.police.id],
				dueOn: addWorkingDays(today, 10)
			}),
			'FORBIDDEN_ROLE'
		);
	});
});
