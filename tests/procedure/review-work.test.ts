import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import type { Problem } from '$lib/server/infra/problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import {
	cdopInformedForCase,
	DECISION,
	evaluated,
	scrInReview,
	Walk
} from '../support/procedure-walk';
import { notificationReceivedAt } from '../support/triage';
import { auditEvents, caseEvents, caseReviewEntries, cases } from '$lib/server/db/schema';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';

/*
 * The review as work beside the review (§13.5, §13.6, §13.10, §13.13, §13.15–§13.19): notices to
 * other bodies, parallel proceedings holding publication, the family and media plans, the
 * three-strand meeting. Through the real router on a real database.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();
const yesterday = addCalendarDays(today, -1);

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
});

async function record(caseId: string, entry: Record<string, unknown>) {
	const { version } = await as.uma.review.get({ id: caseId });
	return as.uma.review.record({ id: caseId, version, ...entry } as never);
}

const notice = (body: string, purpose: string, toldBy: string) => ({
	kind: 'other_body',
	body,
	purpose,
	toldOn: today,
	toldBy
});

const missingOf = async (caseId: string) =>
	(await as.uma.review.get({ id: caseId })).notices.missing.map((m) => `${m.body}:${m.purpose}`);

const recordCdop = (caseId: string) => cdopInformedForCase(world, caseId);

describe('§13.6 "The designated Nurse will inform ... The DCI for North Yorkshire Police will inform the HMIC ... they in turn will inform the HMI"', () => {
	it('flags each body the procedure requires to be told of an SCR until its notice is recorded, with the date and who told them', async () => {
		const walk = await scrInReview(world, 'Dr Nia Chair');
		// Ofsted's notice is the case date that met T7 (recorded by scrInReview); CDOP is flagged
		// for the child's death until recorded on the notification.
		expect(await missingOf(walk.caseId)).toEqual([
			'cdop:death',
			'health_bodies:review',
			'hmic:review',
			'hmi_probation:review'
		]);
		await record(walk.caseId, notice('hmic', 'review', 'DCI Dee, PVP Unit'));
		await record(walk.caseId, notice('health_bodies', 'review', 'Nell Nurse, designated nurse'));
		await record(
			walk.caseId,
			notice('hmi_probation', 'review', 'Chief Probation Officer, written to by the LSCB Manager')
		);
		await recordCdop(walk.caseId);
		const view = await as.chris.review.get({ id: walk.caseId });
		expect(view.notices.missing).toEqual([]);
		expect(view.notices.given.map((g) => [g.data.body, g.data.toldBy, g.recordedByName])).toEqual([
			['hmic', 'DCI Dee, PVP Unit', 'Uma Unit'],
			['health_bodies', 'Nell Nurse, designated nurse', 'Uma Unit'],
			['hmi_probation', 'Chief Probation Officer, written to by the LSCB Manager', 'Uma Unit']
		]);
		expect(view.notices.ofstedNotifiedOn).toBe(today);
	});

	it('requires none of them before the Chair decides to hold an SCR', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		expect(await missingOf(caseId)).toEqual([]);
	});
});

describe('§13.16 "the outcomes of reviews will be shared with CQC, HMI and HMIC"', () => {
	it('flags the outcome to CQC, HMI Probation and HMIC once the evaluation letter grades the review adequate', async () => {
		const walk = await scrInReview(world, 'Dr Ola Chair');
		await recordCdop(walk.caseId);
		for (const body of ['hmic', 'health_bodies', 'hmi_probation']) {
			await record(walk.caseId, notice(body, 'review', 'The LSCB Manager'));
		}
		expect(await missingOf(walk.caseId)).toEqual([]);
		walk.version = (await as.uma.review.get({ id: walk.caseId })).version;
		await evaluated(walk, as.uma, 'adequate');
		expect(await missingOf(walk.caseId)).toEqual([
			'cqc:outcome',
			'hmi_probation:outcome',
			'hmic:outcome'
		]);
	});
});

describe('§13.15 "must be timed in accordance with the conclusion of any related Court or Coroner proceedings"', () => {
	async function atPublication() {
		const walk = await scrInReview(world, 'Dr Pat Chair');
		await evaluated(walk, as.uma, 'adequate');
		await walk.move(as.uma, 'publication');
		return walk;
	}
	const published = { publicationOutcome: 'published', publicationOn: today };

	it("refuses to publish while a coroner's inquest is active, changing nothing, until the Executive Group records why it goes ahead", async () => {
		const walk = await atPublication();
		const { entryId } = await record(walk.caseId, {
			kind: 'proceeding',
			proceeding: 'inquest',
			status: 'active',
			startedOn: yesterday,
			nextDateOn: addCalendarDays(today, 30),
			detail: 'Inquest opened and adjourned'
		});
		walk.version = (await as.uma.review.get({ id: walk.caseId })).version;
		const refused = await expectProblem(
			as.uma.cases.transition({
				id: walk.caseId,
				version: walk.version,
				to: 'monitoring',
				payload: published
			}),
			'INVALID_INPUT'
		);
		expect((refused as Problem).fieldErrors?.publicationOutcome).toMatch(
			/^Publication waits until these are concluded: the coroner's inquest \(§13\.10, §13\.15\)/
		);
		const [row] = await world.database.db.select().from(cases).where(eq(cases.id, walk.caseId));
		expect(row?.state).toBe('publication');
		expect(row?.version).toBe(walk.version);
		// Withholding is not publishing: it stays open while the inquest runs.
		expect((await as.uma.cases.get({ id: walk.caseId })).facts.publicationHeldBy).toEqual([
			'inquest'
		]);

		await record(walk.caseId, {
			kind: 'publication_go_ahead',
			decidedOn: today,
			reason: 'The coroner agreed the summary does not touch the matters before the inquest'
		});
		walk.version = (await as.uma.review.get({ id: walk.caseId })).version;
		await walk.move(as.uma, 'monitoring', published);
		const review = await as.chris.review.get({ id: walk.caseId });
		expect(review.goAheads[0]?.data).toMatchObject({ covers: [entryId] });
	});

	it('lets publication go ahead once the proceedings conclude, and holds it again for criminal proceedings begun after a go-ahead', async () => {
		const walk = await atPublication();
		const { entryId } = await record(walk.caseId, {
			kind: 'proceeding',
			proceeding: 'criminal',
			status: 'active',
			startedOn: yesterday
		});
		await record(walk.caseId, {
			kind: 'publication_go_ahead',
			decidedOn: today,
			reason: 'The trial judge raised no objection'
		});
		expect((await as.uma.review.get({ id: walk.caseId })).publicationHeldBy).toEqual([]);
		await record(walk.caseId, {
			kind: 'proceeding',
			proceeding: 'domestic_homicide_review',
			status: 'active',
			startedOn: today
		});
		expect((await as.uma.review.get({ id: walk.caseId })).publicationHeldBy).toEqual([
			'domestic_homicide_review'
		]);
		const dhr = (await as.uma.review.get({ id: walk.caseId })).proceedings.find(
			(p) => p.data.proceeding === 'domestic_homicide_review'
		);
		await record(walk.caseId, {
			kind: 'proceeding',
			recordId: dhr?.entryId,
			proceeding: 'domestic_homicide_review',
			status: 'concluded',
			startedOn: today,
			concludedOn: today
		});
		const view = await as.uma.review.get({ id: walk.caseId });
		expect(view.publicationHeldBy).toEqual([]);
		expect(view.proceedings.find((p) => p.entryId === dhr?.entryId)?.earlier).toHaveLength(1);
		expect(view.proceedings.find((p) => p.entryId === entryId)?.data.status).toBe('active');
		walk.version = view.version;
		await walk.move(as.uma, 'monitoring', published);
	});

	it('refuses a go-ahead when no active proceeding holds publication', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		const refused = await expectProblem(
			record(caseId, { kind: 'publication_go_ahead', decidedOn: today, reason: 'Nothing waits' }),
			'INVALID_INPUT'
		);
		expect((refused as Problem).fieldErrors?.reason).toMatch(
			/No active proceeding holds publication back/
		);
	});
});

describe('§13.5 "All child deaths should be reported to the CDOP"', () => {
	it("refuses to close a case of a child's death until CDOP informed is recorded, changing nothing", async () => {
		const notificationId = await notificationReceivedAt(
			world.database.db,
			world.priya,
			new Date(),
			{
				incidentType: 'death'
			}
		);
		const opened = await as.uma.triage.openCase({ notificationId, classification: 'child_death' });
		const walk = new Walk(opened.caseId, 1);
		await walk.move(as.uma, 'chair_decision', {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [world.agencies.police.id],
			filesSecureRequestedOn: today
		});
		await walk.move(as.chris, 'no_further_action', {
			...DECISION,
			filesHold: 'rescind',
			rescindInstructionOn: today,
			departureReason: 'The coroner found natural causes; no abuse or neglect'
		});
		const close = () =>
			as.chris.cases.transition({
				id: walk.caseId,
				version: walk.version,
				to: 'closed',
				payload: { noActionPlanReason: 'Nothing for agencies to change' }
			});
		const refused = await expectProblem(close(), 'CDOP_FIRST');
		expect(refused.message).toMatch(
			/before closing this case \(§13\.5 "All child deaths should be reported to the CDOP"\)/
		);
		const [row] = await world.database.db.select().from(cases).where(eq(cases.id, walk.caseId));
		expect(row?.state).toBe('no_further_action');
		await as.uma.triage.recordCdopInformed({
			notificationId,
			informedOn: today,
			informedBy: 'Dana Nurse'
		});
		await close();
		const [closed] = await world.database.db.select().from(cases).where(eq(cases.id, walk.caseId));
		expect(closed?.state).toBe('closed');
	});
});

describe('§13.19 "An Initial Meeting has been called by the Chair of the LSCB to decide who has lead responsibility for each of the three strands"', () => {
	it('asks for the three-strand meeting when the notification named an institutional setting, and records its three leads', async () => {
		const notificationId = await notificationReceivedAt(
			world.database.db,
			world.priya,
			new Date(),
			{
				institutionalSetting: 'childrens_home'
			}
		);
		const { caseId } = await as.uma.triage.openCase({
			notificationId,
			classification: 'serious_harm'
		});
		const before = await as.uma.review.get({ id: caseId });
		expect(before.threeStrand.namedIn).toHaveLength(1);
		expect(before.threeStrand.meeting).toBeNull();
		await record(caseId, {
			kind: 'three_strand_meeting',
			meetingOn: today,
			calledBy: 'The LSCB Chair',
			investigationLead: 'DCI Dee, North Yorkshire Police',
			caseManagementLead: "Head of Safeguarding, Children's Social Care",
			childrenSafeLead: 'Registered manager, with the regulator'
		});
		const after = await as.chris.review.get({ id: caseId });
		expect(after.threeStrand.meeting?.data).toMatchObject({
			investigationLead: 'DCI Dee, North Yorkshire Police'
		});
	});

	it('does not ask for it when the notification named no institutional setting', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		expect((await as.uma.review.get({ id: caseId })).threeStrand.namedIn).toEqual([]);
	});
});

describe('§13.17 "a lead agency may take responsibility for de-briefing family members" and §13.18 "When setting the terms of reference for a SCR, a media strategy should also be agreed"', () => {
	it('records the family plan and the media strategy, keeps every earlier version, and puts each in the timeline and the audit trail', async () => {
		const { caseId } = await caseInTriage(world, 'child_death');
		const family = {
			kind: 'family_plan',
			lead: "Children's Social Care",
			involvement: 'The mother is invited to meet the overview writer',
			debriefPlannedOn: addCalendarDays(today, 90)
		};
		const first = await record(caseId, family);
		const second = await record(caseId, { ...family, familyContactedOn: today });
		expect(second.entryId).toBe(first.entryId);
		expect(second.revision).toBe(2);
		await record(caseId, {
			kind: 'media_strategy',
			mediaLead: 'Local authority media team, for the LSCB',
			criminalMediaLead: 'North Yorkshire Police',
			strategy: 'No comment until publication; holding statement agreed',
			agreedOn: today
		});
		const view = await as.chris.review.get({ id: caseId });
		expect(view.familyPlan?.earlier).toHaveLength(1);
		expect(view.familyPlan?.data.familyContactedOn).toBe(today);
		expect(view.mediaStrategy?.data).toMatchObject({ agreedOn: today });
		const stored = await world.database.db
			.select()
			.from(caseReviewEntries)
			.where(eq(caseReviewEntries.caseId, caseId));
		expect(stored).toHaveLength(3);
		const events = await world.database.db
			.select()
			.from(caseEvents)
			.where(eq(caseEvents.caseId, caseId));
		expect(events.filter((e) => e.kind === 'review_entry_recorded').map((e) => e.summary)).toEqual([
			'recorded the family involvement and de-briefing plan',
			'corrected the family involvement and de-briefing plan',
			'recorded the media strategy'
		]);
		const audits = await world.database.db
			.select()
			.from(auditEvents)
			.where(
				and(eq(auditEvents.recordId, caseId), eq(auditEvents.action, 'case.review_entry_recorded'))
			);
		expect(audits[1]?.detail).toMatchObject({
			before: { lead: "Children's Social Care" },
			after: { familyContactedOn: today }
		});
	});
});
