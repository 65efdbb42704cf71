import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import { procedureWorld, type Caller, type ProcedureWorld } from '../support/procedure';
import { scrInReview, Walk } from '../support/procedure-walk';
import {
	auditEvents,
	caseEvents,
	reviewDocumentVersions,
	shortReportRequests
} from '$lib/server/db/schema';
import { createAgency } from '$lib/server/services/users/users';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { OFSTED_DISPATCH_ITEMS } from '$lib/domain/review/review-work';
import type { PersonaName } from '../support/factories';

/*
 * The review as work through the real router (decision 027): every procedure for every role, and
 * every crafted id of another case refused.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();
let independentAgency: string;

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya', 'agnes', 'ada']);
	({ as } = world);
	independentAgency = (await createAgency(world.database.db, 'Independent Reviews Ltd', 'other'))
		.id;
});

const chair = (walk: Walk) => ({
	id: walk.caseId,
	version: walk.version,
	role: 'independent_chair' as const,
	name: 'Ivy Independent',
	employer: 'Independent Reviews Ltd',
	employerAgencyId: independentAgency,
	notEmployedByInvolvedAgency: true as const,
	declaredOn: today
});

const meeting = (walk: Walk, kind: 'sub_group' | 'panel' | 'draft_report' | 'executive') => ({
	id: walk.caseId,
	version: walk.version,
	kind,
	heldOn: today,
	attendees: [{ name: 'Ivy Independent', organisation: 'Independent Reviews Ltd' }],
	agenda: 'The IMRs and the chronology',
	decisions: 'Agreed the timetable',
	shortReportRequestIds: []
});

/** Every write, as a function of the case it targets (for the role matrix). */
function writes(walk: Walk): Record<string, (c: Caller) => Promise<unknown>> {
	return {
		appointIndependent: (c) => c.panel.appointIndependent(chair(walk)),
		addMember: (c) =>
			c.panel.addMember({
				id: walk.caseId,
				version: walk.version,
				name: 'Dee Nurse',
				agencyId: world.agencies.health.id,
				jobTitle: 'Designated Nurse'
			}),
		addMilestone: (c) =>
			c.panel.addMilestone({
				id: walk.caseId,
				version: walk.version,
				milestone: 'IMRs signed off',
				dueOn: today
			}),
		recordSpecialistOpinion: (c) =>
			c.panel.recordSpecialistOpinion({
				id: walk.caseId,
				version: walk.version,
				specialism: 'Paediatric radiology',
				reason: 'The age of the fractures',
				subGroupChairName: 'Sam Subgroup',
				subGroupChairAgreedOn: today,
				lscbChairName: 'Chris Chair',
				lscbChairAgreedOn: today
			}),
		recordMeeting: (c) => c.panel.recordMeeting(meeting(walk, 'panel')),
		saveDocumentVersion: (c) =>
			c.panel.saveDocumentVersion({
				id: walk.caseId,
				version: walk.version,
				kind: 'terms_of_reference',
				body: 'The review covers the two years before the incident.'
			}),
		recordOfstedDispatch: (c) =>
			c.panel.recordOfstedDispatch({
				id: walk.caseId,
				version: walk.version,
				sentOn: today,
				overviewReportVersion: 1,
				executiveSummaryVersion: 1,
				itemsSent: [...OFSTED_DISPATCH_ITEMS],
				twoHardCopies: true,
				registeredPostReference: 'RP123'
			})
	};
}

describe('who may use the review procedures', () => {
	it('the Chair reads everything and writes nothing; agencies, practitioners and administrators are refused every procedure', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		await expect(as.chris.panel.work({ id: walk.caseId })).resolves.toMatchObject({
			caseId: walk.caseId
		});
		await expect(as.chris.panel.meetings({ id: walk.caseId })).resolves.toMatchObject({
			meetings: []
		});
		for (const [name, write] of Object.entries(writes(walk))) {
			for (const persona of ['chris', 'agnes', 'priya', 'ada'] as PersonaName[]) {
				await expectProblem(write(as[persona]), 'FORBIDDEN_ROLE').catch((e: unknown) => {
					throw new Error(`${persona} ${name}: ${String(e)}`);
				});
			}
		}
		for (const persona of ['agnes', 'priya', 'ada'] as PersonaName[]) {
			await expectProblem(as[persona].panel.work({ id: walk.caseId }), 'FORBIDDEN_ROLE');
			await expectProblem(as[persona].panel.meetings({ id: walk.caseId }), 'FORBIDDEN_ROLE');
			await expectProblem(
				as[persona].panel.meeting({ id: walk.caseId, meetingId: crypto.randomUUID() }),
				'FORBIDDEN_ROLE'
			);
		}
		// Nothing was written by any refusal.
		const events = await world.database.db
			.select()
			.from(caseEvents)
			.where(and(eq(caseEvents.caseId, walk.caseId), eq(caseEvents.kind, 'review_recorded')));
		expect(events).toEqual([]);
	});

	it('the Unit makes each change once, each on the timeline and audited, the audit chain intact', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		const all = writes(walk);
		for (const name of [
			'appointIndependent',
			'addMember',
			'addMilestone',
			'recordSpecialistOpinion',
			'recordMeeting',
			'saveDocumentVersion'
		]) {
			const done = (await all[name]?.(as.uma)) as { version: number };
			expect(done.version).toBe(walk.version + 1);
			walk.version = done.version;
		}
		const events = await world.database.db
			.select({ summary: caseEvents.summary })
			.from(caseEvents)
			.where(and(eq(caseEvents.caseId, walk.caseId), eq(caseEvents.kind, 'review_recorded')));
		expect(events).toHaveLength(6);
		const audits = await world.database.db
			.select({ action: auditEvents.action })
			.from(auditEvents)
			.where(eq(auditEvents.recordId, walk.caseId));
		expect(audits.map((a) => a.action)).toEqual(
			expect.arrayContaining([
				'review.panel_appointed',
				'review.panel_member_added',
				'review.milestone_added',
				'review.specialist_opinion_agreed',
				'review.meeting_recorded',
				'review.document_version_saved'
			])
		);
		const work = await as.uma.panel.work({ id: walk.caseId });
		expect(work.independentChair?.name).toBe('Ivy Independent');
		expect(work.members).toEqual([
			expect.objectContaining({ name: 'Dee Nurse', agencyName: world.agencies.health.name })
		]);
		expect(work.milestones).toHaveLength(1);
		expect(work.opinions).toHaveLength(1);
		expect(work.documents.terms_of_reference).toHaveLength(1);
		expect(work.panelMeetingsHeld).toBe(1);
		expect((await verifyAuditChain(world.database.db)).ok).toBe(true);
	});

	it('every view of the review, the meetings and a meeting is audited', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		const { meetingId } = await as.uma.panel.recordMeeting(meeting(walk, 'panel'));
		await as.chris.panel.work({ id: walk.caseId });
		await as.chris.panel.meetings({ id: walk.caseId });
		await as.chris.panel.meeting({ id: walk.caseId, meetingId });
		const views = await world.database.db
			.select({ action: auditEvents.action, role: auditEvents.actorRole })
			.from(auditEvents)
			.where(eq(auditEvents.recordId, walk.caseId));
		expect(views).toEqual(
			expect.arrayContaining([
				{ action: 'case.review_viewed', role: 'chair' },
				{ action: 'case.meetings_viewed', role: 'chair' },
				{ action: 'case.meeting_viewed', role: 'chair' }
			])
		);
	});

	it('a stale version is refused and changes nothing', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		const stale = new Walk(walk.caseId, walk.version - 1);
		await expectProblem(
			writes(stale).addMilestone?.(as.uma) ?? Promise.resolve(),
			'VERSION_CONFLICT'
		);
		expect((await as.uma.panel.work({ id: walk.caseId })).milestones).toEqual([]);
	});
});

describe('crafted ids of another case are refused', () => {
	it('a meeting of one case is not found through another, nor are its minutes saved there, nor its short reports linked', async () => {
		const a = await scrInReview(world, 'Irene Independent');
		const b = await scrInReview(world, 'Irene Independent');
		const { meetingId, version } = await as.uma.panel.recordMeeting(meeting(a, 'panel'));
		a.version = version;
		await expectProblem(as.uma.panel.meeting({ id: b.caseId, meetingId }), 'NOT_FOUND');
		await expectProblem(as.chris.panel.meeting({ id: b.caseId, meetingId }), 'NOT_FOUND');
		const minutes = await expectProblem(
			as.uma.panel.saveDocumentVersion({
				id: b.caseId,
				version: b.version,
				kind: 'minutes',
				meetingId,
				body: 'Minutes written into the wrong case'
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(minutes)).toContain('meetingId');
		// A short report request of case A offered at a Sub Group meeting of case B.
		const requestId = crypto.randomUUID();
		await world.database.db.insert(shortReportRequests).values({
			id: requestId,
			caseId: a.caseId,
			agencyId: world.agencies.health.id,
			requestedOn: today,
			dueOn: today,
			requestedAt: new Date()
		});
		await expectProblem(
			as.uma.panel.recordMeeting({
				...meeting(b, 'sub_group'),
				shortReportRequestIds: [String(requestId)]
			}),
			'INVALID_INPUT'
		);
		const bEvents = await world.database.db
			.select()
			.from(reviewDocumentVersions)
			.where(eq(reviewDocumentVersions.caseId, b.caseId));
		expect(bEvents).toEqual([]);
	});

	it('an unknown case is not found for the Unit and the Chair alike', async () => {
		const missing = crypto.randomUUID();
		await expectProblem(as.uma.panel.work({ id: missing }), 'NOT_FOUND');
		await expectProblem(as.chris.panel.meetings({ id: missing }), 'NOT_FOUND');
		await expectProblem(
			as.uma.panel.addMilestone({ id: missing, version: 1, milestone: 'x', dueOn: today }),
			'NOT_FOUND'
		);
	});

	it('bad input is refused with the field named, and nothing is written', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		const refused = await expectProblem(
			as.uma.panel.recordMeeting({
				...meeting(walk, 'panel'),
				attendees: [],
				heldOn: '2026-02-30'
			}),
			'INVALID_INPUT'
		);
		const text = JSON.stringify(refused);
		expect(text).toContain('attendees');
		expect(text).toContain('heldOn');
		expect((await as.uma.panel.meetings({ id: walk.caseId })).meetings).toEqual([]);
	});
});

describe('a saved version is immutable', () => {
	it('the database itself refuses to change or delete a saved version', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		await writes(walk).saveDocumentVersion?.(as.uma);
		const { db } = world.database;
		await expect(
			db
				.update(reviewDocumentVersions)
				.set({ body: 'rewritten' })
				.where(eq(reviewDocumentVersions.caseId, walk.caseId))
		).rejects.toThrow();
		await expect(
			db.delete(reviewDocumentVersions).where(eq(reviewDocumentVersions.caseId, walk.caseId))
		).rejects.toThrow();
		const [kept] = await db
			.select()
			.from(reviewDocumentVersions)
			.where(eq(reviewDocumentVersions.caseId, walk.caseId));
		expect(kept?.body).toBe('The review covers the two years before the incident.');
	});
});
