import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import type { Database } from '$lib/server/db';
import { caseEvents, cases, notifications } from '$lib/server/db/schema';
import type { Problem } from '$lib/server/infra/problem';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { CaseClassification } from '$lib/domain/case/case-choices';

/*
 * §13.6 "The LSCB Chair is ultimately responsible for deciding whether or not to conduct a SCR"
 * and §13.20 "All incidents will be reviewed by the SCR Panel": triage closes a case only when the
 * procedure does not cover it (an incident in a residential unit, §13.20) or when it was opened
 * twice. Through the real router on a real database.
 */

let world: ProcedureWorld;
let database: Database;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'priya']);
	({ database, as } = world);
});

const opened = (classification: CaseClassification = 'child_death') =>
	caseInTriage(world, classification);

async function stateOf(caseId: string) {
	const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId));
	return row;
}

describe('§13.6 "The LSCB Chair is ultimately responsible for deciding whether or not to conduct a SCR": triage cannot close a death or serious harm', () => {
	it.each([
		['child_death', { classification: 'child_death', reason: 'Not needed' }],
		['serious_harm', { classification: 'serious_harm', reason: 'Not needed' }],
		['serious_incident', { classification: 'serious_incident', reason: 'Not needed' }]
	] as const)(
		'refuses to close a %s case at triage for any other reason, and changes nothing',
		async (classification, payload) => {
			const { caseId } = await opened(classification);
			const before = await stateOf(caseId);
			const refused = (await expectProblem(
				as.uma.cases.transition({ id: caseId, version: 1, to: 'closed', payload }),
				'INVALID_INPUT'
			)) as Problem;
			expect(refused.fieldErrors?.closeAs).toMatch(/^Select why the case closes at triage/);
			expect(await stateOf(caseId)).toEqual(before);
		}
	);

	it('offers no other way from triage to closed: the other moves lead to the Chair or the Sub Group', async () => {
		const { caseId } = await opened();
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.transitions.map((t) => t.to).sort()).toEqual(
			['chair_decision', 'closed', 'gathering', 'si_ofsted'].sort()
		);
		expect(view.transitions.find((t) => t.to === 'closed')?.requires).toEqual([
			'closeAs',
			'reason'
		]);
	});
});

describe('§13.20 "Serious incidents that take place in residential units will be reported to the Manager for Residential Services and will not be covered by the procedures": out of scope, with the referral recorded', () => {
	it('closes as out of scope only with the date of the referral, and says so on the case', async () => {
		const { caseId, notificationId } = await opened('serious_incident');
		const missing = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version: 1,
				to: 'closed',
				payload: { closeAs: 'out_of_scope', reason: 'Children’s home' }
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(missing.fieldErrors).toEqual({
			residentialReferralOn:
				'Enter the date the incident was referred to the Manager for Residential Services'
		});
		await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'closed',
			payload: { closeAs: 'out_of_scope', reason: 'Children’s home', residentialReferralOn: today }
		});
		const view = await as.uma.cases.get({ id: caseId });
		expect(view).toMatchObject({
			state: 'closed',
			classification: 'residential_out_of_scope',
			closedAtTriage: 'out_of_scope'
		});
		expect(view.dates).toMatchObject({ residentialReferralOn: today, closedOn: today });
		expect(view.timeline.at(-1)?.summary).toContain('as out of scope');
		const mine = await as.priya.notifications.mine();
		expect(mine.find((n) => n.id === notificationId)?.status).toBe('closed');
	});
});

describe('a case opened twice is merged into the other, its notifications with it', () => {
	it('moves the notifications, bumps the other case, and keeps the audit chain', async () => {
		const keep = await opened();
		const duplicate = await opened();
		await as.uma.cases.transition({
			id: duplicate.caseId,
			version: 1,
			to: 'closed',
			payload: { closeAs: 'merged', reason: 'Same child', mergedInto: keep.reference }
		});
		const [moved] = await database.db
			.select()
			.from(notifications)
			.where(eq(notifications.id, duplicate.notificationId));
		expect(moved?.caseId).toBe(keep.caseId);
		const kept = await as.uma.cases.get({ id: keep.caseId });
		expect(kept.version).toBe(2);
		expect(kept.notifications.map((n) => n.id).sort()).toEqual(
			[keep.notificationId, duplicate.notificationId].sort()
		);
		expect(kept.timeline.at(-1)).toMatchObject({ action: 'case_merged' });
		const closed = await as.uma.cases.get({ id: duplicate.caseId });
		expect(closed).toMatchObject({ state: 'closed', closedAtTriage: 'merged' });
		expect(closed.timeline.at(-1)?.summary).toContain(`as merged into ${keep.reference}`);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('refuses a merge into itself, an unknown case or a closed one, and changes nothing', async () => {
		const closedOne = await opened('serious_incident');
		await as.uma.cases.transition({
			id: closedOne.caseId,
			version: 1,
			to: 'closed',
			payload: { closeAs: 'out_of_scope', reason: 'Residential', residentialReferralOn: today }
		});
		const { caseId, reference } = await opened();
		const before = await stateOf(caseId);
		for (const [mergedInto, message] of [
			[reference, 'Enter the reference of another case, like SCR-2026-0007'],
			['SCR-1999-9999', 'Enter the reference of another case, like SCR-2026-0007'],
			['not a reference', 'Enter the reference of the case it is merged into, like SCR-2026-0007'],
			[
				closedOne.reference,
				`${closedOne.reference} is closed: merge into a case that is still open`
			]
		]) {
			const refused = (await expectProblem(
				as.uma.cases.transition({
					id: caseId,
					version: 1,
					to: 'closed',
					payload: { closeAs: 'merged', reason: 'Same child', mergedInto }
				}),
				'INVALID_INPUT'
			)) as Problem;
			expect(refused.fieldErrors).toEqual({ mergedInto: message });
		}
		expect(await stateOf(caseId)).toEqual(before);
	});
});

describe('existing data: a case closed at triage under the earlier rule stays closed and says so', () => {
	it('reads a closure whose event has no reason of the new kind as the earlier rule', async () => {
		const { caseId } = await opened();
		// As the earlier rule stored it: a classification and a reason, nothing else.
		await database.db
			.update(cases)
			.set({ state: 'closed', version: 2 })
			.where(eq(cases.id, caseId));
		await database.db.insert(caseEvents).values({
			caseId,
			version: 2,
			at: new Date(),
			actorId: null,
			kind: 'transition',
			summary: 'moved this case to Closed',
			fromState: 'triage',
			toState: 'closed',
			detail: {
				key: 'triage->closed',
				payload: { classification: 'serious_harm', reason: 'Duplicate' }
			}
		});
		const view = await as.uma.cases.get({ id: caseId });
		expect(view).toMatchObject({ state: 'closed', closedAtTriage: 'earlier_rule' });
		expect(view.transitions).toEqual([]);
	});
});

describe('§13.20 "All incidents will be reviewed by the SCR Panel": a serious incident never skips the Sub Group', () => {
	it('refuses the route straight to the Chair after the findings report, offers only the Sub Group, and changes nothing', async () => {
		const { caseId } = await opened('serious_incident');
		const police = world.agencies.police.id;
		let { version } = await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'gathering',
			payload: {
				classification: 'serious_incident',
				agencyIds: [police],
				filesSecureRequestedOn: today
			}
		});
		({ version } = await as.uma.cases.transition({
			id: caseId,
			version,
			to: 'chair_briefed',
			payload: { chairBriefedOn: today }
		}));
		const before = await stateOf(caseId);
		const refused = await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version,
				to: 'chair_decision',
				payload: { reason: 'Criteria clearly met' }
			}),
			'TRANSITION_NOT_ALLOWED'
		);
		expect(refused.message).toMatch(/^All serious incidents are reviewed by the Sub Group/);
		expect(await stateOf(caseId)).toEqual(before);
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.transitions.map((t) => t.to)).toEqual(['panel_scheduled']);
	});
});
