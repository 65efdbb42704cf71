import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { todayIso } from '$lib/domain/calendar/iso-date';

/*
 * §13.5 "The SCR Sub Group will then make a recommendation to the Chair of the LSCB" and §13.6
 * "The LSCB Chair is ultimately responsible for deciding whether or not to conduct a SCR. Where
 * there is disagreement between any of the Sub Group members ... the LSCB Chair will have the final
 * decision": the Chair reads every case and the recommendation with its reasons, its maker and
 * any member's disagreement. Through the real router.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
let police: string;
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes']);
	({ as } = world);
	police = world.agencies.police.id;
});

describe('§13.6 "The LSCB Chair is ultimately responsible for deciding whether or not to conduct a SCR": the Chair sees everything the decision rests on', () => {
	it('reads every case from triage on, read-only until it awaits them', async () => {
		const { caseId, notificationId } = await caseInTriage(world, 'serious_harm');
		const inTriage = await as.chris.cases.get({ id: caseId });
		expect(inTriage).toMatchObject({ state: 'triage', transitions: [] });
		// Listed among the most recently changed, as many as asked for.
		expect((await as.chris.cases.list({ limit: 1 })).map((c) => c.id)).toEqual([caseId]);
		expect(inTriage.notifications.map((n) => n.id)).toEqual([notificationId]);
		await expectProblem(
			as.chris.cases.transition({ id: caseId, version: 1, to: 'gathering', payload: {} }),
			'FORBIDDEN_ROLE'
		);
		// Still nobody else's to read: an agency is refused.
		await expectProblem(as.agnes.cases.get({ id: caseId }), 'FORBIDDEN_ROLE');
	});

	it("reads the recommendation with its reasons, who made it and a member's disagreement", async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		let version = 1;
		const move = async (
			to: Parameters<ProcedureWorld['as']['uma']['cases']['transition']>[0]['to'],
			payload: Record<string, unknown>
		) => {
			({ version } = await as.uma.cases.transition({ id: caseId, version, to, payload }));
		};
		await move('gathering', {
			classification: 'serious_harm',
			agencyIds: [police],
			filesSecureRequestedOn: today
		});
		await move('chair_briefed', { chairBriefedOn: today });
		await move('panel_scheduled', { meetingOn: today });
		const missing = await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version,
				to: 'panel_recommended',
				payload: { meetingOn: today, recommendation: 'audit' }
			}),
			'INVALID_INPUT'
		);
		expect(Object.keys((missing as { fieldErrors?: object }).fieldErrors ?? {}).sort()).toEqual([
			'recommendationReasons',
			'subGroupChair'
		]);
		await move('panel_recommended', {
			meetingOn: today,
			recommendation: 'audit',
			recommendationReasons: 'Practice was sound; one agency did not share a concern',
			subGroupChair: 'Sam Subgroup',
			memberDissent: 'Police asked for a full review'
		});
		await move('chair_decision', { recommendationSentOn: today });
		const view = await as.chris.cases.get({ id: caseId });
		expect(view.recommendation).toEqual({
			meetingOn: today,
			recommendation: 'audit',
			reasons: 'Practice was sound; one agency did not share a concern',
			subGroupChair: 'Sam Subgroup',
			memberDissent: 'Police asked for a full review',
			deferUntil: null
		});
		expect(view.requests.map((r) => r.agencyId)).toEqual([police]);
		expect(view.transitions.map((t) => t.to)).toContain('scr_initiated');
	});
});
