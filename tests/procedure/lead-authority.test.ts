import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ZodError } from 'zod';
import { expectProblem } from '../support/expect-problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { notificationReceivedAt } from '../support/triage';
import { auditEvents, notifications } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';

/*
 * §13.3 "Which LSCB should take responsibility?" and §13.4 "Looked After Children": the Unit
 * records where the child normally lives, for a looked-after child the responsible authority,
 * and the partner LSCBs; the lead LSCB follows from them. Through the real router on a real
 * database.
 */

const NORMALLY_RESIDENT =
	'§13.3 "the LSCB for the area in which the child is or was normally resident should take lead responsibility for conducting the SCR"';
const PARTNERS =
	'§13.3 "Any other LSCBs that have an interest or involvement in the case should cooperate as partners"';
const LOOKED_AFTER =
	'§13.4 "In the case of looked after children, the local authority which has responsibility for the child should exercise lead responsibility"';

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
});

const received = () => notificationReceivedAt(world.database.db, world.priya, new Date());

async function stored(id: string) {
	const [row] = await world.database.db
		.select({ leadAuthority: notifications.leadAuthority })
		.from(notifications)
		.where(eq(notifications.id, id));
	return row?.leadAuthority ?? null;
}

async function audits(id: string) {
	return world.database.db
		.select()
		.from(auditEvents)
		.where(
			and(
				eq(auditEvents.recordId, id),
				eq(auditEvents.action, 'notification.lead_authority_recorded')
			)
		);
}

describe(NORMALLY_RESIDENT, () => {
	it('the lead LSCB is where the child normally lives, shown on the notification, in the queue and, once opened, on the case', async () => {
		const notificationId = await received();
		expect((await as.uma.triage.notification({ id: notificationId })).leadAuthority).toBeNull();
		const { lead } = await as.uma.triage.recordLeadAuthority({
			notificationId,
			childLivesIn: 'North Yorkshire',
			lookedAfter: 'no',
			partnerLscbs: []
		});
		expect(lead).toBe('North Yorkshire');
		expect((await as.uma.triage.notification({ id: notificationId })).leadAuthority).toMatchObject({
			childLivesIn: 'North Yorkshire',
			lookedAfter: false,
			responsibleAuthority: null,
			lead: 'North Yorkshire',
			recordedByName: 'Uma Unit'
		});
		const queue = await as.uma.triage.queue({ limit: 100 });
		expect(queue.items.find((row) => row.id === notificationId)?.leadLscb).toBe('North Yorkshire');

		const { caseId } = await as.uma.triage.openCase({
			notificationId,
			classification: 'serious_harm'
		});
		for (const reader of [as.uma, as.chris]) {
			const view = await reader.cases.get({ id: caseId });
			expect(view.leadAndCdop).toEqual([
				expect.objectContaining({
					notificationId,
					leadAuthority: expect.objectContaining({ lead: 'North Yorkshire' }) as unknown
				})
			]);
		}
	});

	it('a notification with nothing recorded shows no lead in the queue, and the record is audited with what it replaced', async () => {
		const notificationId = await received();
		const queue = await as.uma.triage.queue({ limit: 100 });
		expect(queue.items.find((row) => row.id === notificationId)?.leadLscb).toBeNull();
		await as.uma.triage.recordLeadAuthority({
			notificationId,
			childLivesIn: 'Leeds',
			lookedAfter: 'no'
		});
		await as.uma.triage.recordLeadAuthority({
			notificationId,
			childLivesIn: 'North Yorkshire',
			lookedAfter: 'no'
		});
		const events = await audits(notificationId);
		expect(events).toHaveLength(2);
		expect(events[1]?.detail).toMatchObject({
			before: { childLivesIn: 'Leeds' },
			after: { childLivesIn: 'North Yorkshire', lead: 'North Yorkshire' }
		});
		expect(await verifyAuditChain(world.database.db)).toMatchObject({ ok: true });
	});
});

describe(PARTNERS, () => {
	it('keeps each partner LSCB once, never the lead itself', async () => {
		const notificationId = await received();
		await as.uma.triage.recordLeadAuthority({
			notificationId,
			childLivesIn: 'North Yorkshire',
			lookedAfter: 'no',
			partnerLscbs: ['City of York', ' north yorkshire LSCB ', 'city of york', '', 'Leeds']
		});
		expect((await stored(notificationId))?.partnerLscbs).toEqual(['City of York', 'Leeds']);
	});

	it('refuses more than 10 partners or a name over 200 characters, and stores nothing', async () => {
		const notificationId = await received();
		for (const partnerLscbs of [
			Array.from({ length: 11 }, (_, i) => `Area ${i}`),
			['x'.repeat(201)]
		]) {
			const refused = await expectProblem(
				as.uma.triage.recordLeadAuthority({
					notificationId,
					childLivesIn: 'North Yorkshire',
					lookedAfter: 'no',
					partnerLscbs
				}),
				'INVALID_INPUT'
			);
			expect(refused).toBeInstanceOf(ZodError);
		}
		expect(await stored(notificationId)).toBeNull();
		expect(await audits(notificationId)).toHaveLength(0);
	});
});

describe(LOOKED_AFTER, () => {
	it('the responsible authority leads, not where the child lives, and partners never repeat it', async () => {
		const notificationId = await received();
		const { lead } = await as.uma.triage.recordLeadAuthority({
			notificationId,
			childLivesIn: 'North Yorkshire',
			lookedAfter: 'yes',
			responsibleAuthority: 'Leeds',
			partnerLscbs: ['Leeds LSCB', 'North Yorkshire']
		});
		expect(lead).toBe('Leeds');
		expect(await stored(notificationId)).toMatchObject({
			childLivesIn: 'North Yorkshire',
			lookedAfter: true,
			responsibleAuthority: 'Leeds',
			partnerLscbs: ['North Yorkshire']
		});
	});

	it('refuses a looked-after child without the responsible authority, naming the field, and stores nothing', async () => {
		const notificationId = await received();
		const refused = (await expectProblem(
			as.uma.triage.recordLeadAuthority({
				notificationId,
				childLivesIn: 'North Yorkshire',
				lookedAfter: 'yes',
				responsibleAuthority: '  '
			}),
			'INVALID_INPUT'
		)) as ZodError;
		expect(refused.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
			[
				'responsibleAuthority',
				'Enter the local authority responsible for the looked-after child: it leads the review (§13.4)'
			]
		]);
		expect(await stored(notificationId)).toBeNull();
	});
});

describe('who records it, and when', () => {
	it('only the Unit records it; the Chair and the practitioner are refused and nothing changes', async () => {
		const notificationId = await received();
		const input = { notificationId, childLivesIn: 'North Yorkshire', lookedAfter: 'no' as const };
		await expectProblem(as.chris.triage.recordLeadAuthority(input), 'FORBIDDEN_ROLE');
		await expectProblem(as.priya.triage.recordLeadAuthority(input), 'FORBIDDEN_ROLE');
		expect(await stored(notificationId)).toBeNull();
	});

	it('refuses an empty area, an unknown notification, and a notification whose case is closed', async () => {
		const notificationId = await received();
		await expectProblem(
			as.uma.triage.recordLeadAuthority({ notificationId, childLivesIn: ' ', lookedAfter: 'no' }),
			'INVALID_INPUT'
		);
		await expectProblem(
			as.uma.triage.recordLeadAuthority({
				notificationId: crypto.randomUUID(),
				childLivesIn: 'North Yorkshire',
				lookedAfter: 'no'
			}),
			'NOT_FOUND'
		);
		const closed = await caseInTriage(world, 'serious_incident');
		await as.uma.cases.transition({
			id: closed.caseId,
			version: 1,
			to: 'closed',
			payload: { closeAs: 'out_of_scope', reason: 'Residential', residentialReferralOn: today }
		});
		await expectProblem(
			as.uma.triage.recordLeadAuthority({
				notificationId: closed.notificationId,
				childLivesIn: 'North Yorkshire',
				lookedAfter: 'no'
			}),
			'CASE_CLOSED'
		);
		expect(await stored(closed.notificationId)).toBeNull();
	});
});
