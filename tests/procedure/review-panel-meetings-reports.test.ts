import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/expect-problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { scrInReview, Walk } from '../support/procedure-walk';
import { createAgency } from '$lib/server/services/users/users';
import { addCalendarMonths, todayIso } from '$lib/domain/calendar/iso-date';
import { OFSTED_DISPATCH_ITEMS } from '$lib/domain/review/review-work';
import type { Problem } from '$lib/server/infra/problem';

/** The messages by field of a refusal the service made (not the schema). */
const fieldsOf = (refused: unknown) => (refused as Problem).fieldErrors ?? {};

/*
 * §13.5, §13.7, §13.8, §13.11, §13.12–§13.14: the review as work (docs/decisions/027), through
 * the real router, each test named by the procedure's words.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();
let independentAgency: string;

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
	independentAgency = (await createAgency(world.database.db, 'Independent Reviews Ltd', 'other'))
		.id;
});

function appoint(
	walk: Walk,
	role: 'independent_chair' | 'overview_author',
	employerAgencyId?: string
) {
	return as.uma.panel.appointIndependent({
		id: walk.caseId,
		version: walk.version,
		role,
		name: role === 'independent_chair' ? 'Ivy Independent' : 'Olu Writer',
		employer: 'Somewhere',
		employerAgencyId,
		notEmployedByInvolvedAgency: true,
		declaredOn: today
	});
}

const panelMeeting = (walk: Walk, heldOn = today) => ({
	id: walk.caseId,
	version: walk.version,
	kind: 'panel' as const,
	heldOn,
	attendees: [{ name: 'Ivy Independent' }],
	agenda: 'The IMRs',
	decisions: 'Questions for the IMR writers',
	shortReportRequestIds: []
});

describe('§13.7 "Who will Chair the individual panel (this person must be independant of the LSCB)" and "Who will be commissioned to undertake the Overview Report (again, this person must be independent of the LSCB)"', () => {
	it('an independent chair or overview author employed by an agency involved in the case is refused', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		// The police were told to secure their files; the health trust sent the notification.
		for (const [role, agency] of [
			['independent_chair', world.agencies.police.id],
			['overview_author', world.agencies.health.id]
		] as const) {
			const refused = await expectProblem(appoint(walk, role, agency), 'INVALID_INPUT');
			expect(fieldsOf(refused).employerAgencyId).toContain('must be independent');
		}
		expect((await as.uma.panel.work({ id: walk.caseId })).independentChair).toBeNull();
	});

	it('each is appointed with a recorded declaration that they are not employed by an agency involved, and without it is refused', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		await expectProblem(
			as.uma.panel.appointIndependent({
				id: walk.caseId,
				version: walk.version,
				role: 'independent_chair',
				name: 'Ivy Independent',
				employer: 'Independent Reviews Ltd',
				notEmployedByInvolvedAgency: false as never,
				declaredOn: today
			}),
			'INVALID_INPUT'
		);
		walk.version = (await appoint(walk, 'independent_chair', independentAgency)).version;
		walk.version = (await appoint(walk, 'overview_author')).version;
		const work = await as.chris.panel.work({ id: walk.caseId });
		expect(work.independentChair).toMatchObject({ name: 'Ivy Independent', declaredOn: today });
		expect(work.overviewAuthor).toMatchObject({ name: 'Olu Writer', declaredOn: today });
	});

	it('the panel is kept only once a decision has been made to hold a review', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		const refused = await expectProblem(
			appoint(new Walk(caseId, 1), 'independent_chair', independentAgency),
			'INVALID_INPUT'
		);
		expect(refused.message).toContain('decided to hold a Serious Case Review');
	});
});

describe('§13.8 "The panel should include … The Designated Nurse representing health … LSCB Manager" and "The timetable will be agreed at the first meeting"', () => {
	it('members are recorded by agency and the timetable by milestone, in date order', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		walk.version = (
			await as.uma.panel.addMember({
				id: walk.caseId,
				version: walk.version,
				name: 'Dee Nurse',
				agencyId: world.agencies.health.id,
				jobTitle: 'Designated Nurse'
			})
		).version;
		const later = addCalendarMonths(today, 2);
		for (const [milestone, dueOn] of [
			['Overview report draft', later],
			['Single agency chronologies', today]
		] as const) {
			walk.version = (
				await as.uma.panel.addMilestone({
					id: walk.caseId,
					version: walk.version,
					milestone,
					dueOn
				})
			).version;
		}
		const work = await as.uma.panel.work({ id: walk.caseId });
		expect(work.members).toEqual([
			expect.objectContaining({
				agencyName: world.agencies.health.name,
				jobTitle: 'Designated Nurse'
			})
		]);
		expect(work.milestones.map((m) => m.milestone)).toEqual([
			'Single agency chronologies',
			'Overview report draft'
		]);
	});

	it('"A list of at least four meetings will be agreed": the case shows how many panel meetings have been held, not those still to come', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		for (const heldOn of [today, today, addCalendarMonths(today, 1)]) {
			walk.version = (await as.uma.panel.recordMeeting(panelMeeting(walk, heldOn))).version;
		}
		const work = await as.chris.panel.work({ id: walk.caseId });
		expect(work.meetings).toHaveLength(3);
		expect(work.panelMeetingsHeld).toBe(2);
	});
});

describe('§13.11 "If the Overview Report Author feels that a specialist opinion is required … it must firstly be agreed with the Chair of the SCR Sub Group and the Chair of the LSCB"', () => {
	it('is refused without both agreements, and recorded with both', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		const both = {
			id: walk.caseId,
			version: walk.version,
			specialism: 'Paediatric radiology',
			reason: 'The age of the fractures',
			subGroupChairName: 'Sam Subgroup',
			subGroupChairAgreedOn: today,
			lscbChairName: 'Chris Chair',
			lscbChairAgreedOn: today
		};
		const { lscbChairName: _n, lscbChairAgreedOn: _d, ...subGroupOnly } = both;
		const refused = await expectProblem(
			as.uma.panel.recordSpecialistOpinion(subGroupOnly as typeof both),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(refused)).toContain('lscbChairAgreedOn');
		const { subGroupChairName: _s, subGroupChairAgreedOn: _a, ...lscbOnly } = both;
		await expectProblem(
			as.uma.panel.recordSpecialistOpinion(lscbOnly as typeof both),
			'INVALID_INPUT'
		);
		expect((await as.uma.panel.work({ id: walk.caseId })).opinions).toEqual([]);
		await as.uma.panel.recordSpecialistOpinion(both);
		expect((await as.uma.panel.work({ id: walk.caseId })).opinions).toEqual([
			expect.objectContaining({ subGroupChairAgreedOn: today, lscbChairAgreedOn: today })
		]);
	});
});

describe('§13.5 "The reports will be presented at the first available Sub Group meeting … This written information will form part of the minutes of the meeting"', () => {
	it('the short reports presented are kept with that Sub Group meeting and its minutes; another meeting cannot hold them', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'gathering',
			payload: {
				classification: 'serious_harm',
				agencyIds: [world.agencies.police.id, world.agencies.health.id],
				filesSecureRequestedOn: today
			}
		});
		const view = await as.uma.panel.meetings({ id: caseId });
		expect(view.requests).toHaveLength(2);
		const requestIds = view.requests.map((r) => r.id);
		const walk = new Walk(caseId, view.version);
		const base = {
			id: caseId,
			version: walk.version,
			heldOn: today,
			attendees: [{ userId: world.ids.uma }, { name: 'Sam Subgroup', organisation: 'LSCB' }],
			agenda: 'The notification and the short reports',
			decisions: 'Recommend an SCR',
			shortReportRequestIds: requestIds
		};
		await expectProblem(as.uma.panel.recordMeeting({ ...base, kind: 'panel' }), 'INVALID_INPUT');
		const { meetingId } = await as.uma.panel.recordMeeting({
			...base,
			kind: 'sub_group',
			minutes: 'The Sub Group considered the two short reports.'
		});
		const meeting = await as.chris.panel.meeting({ id: caseId, meetingId });
		expect(meeting.shortReports.map((r) => r.requestId).sort()).toEqual([...requestIds].sort());
		expect(meeting.minutes).toEqual([
			expect.objectContaining({
				version: 1,
				body: 'The Sub Group considered the two short reports.',
				savedByName: 'Uma Unit'
			})
		]);
		expect(meeting.meeting.attendees.map((a) => a.name)).toEqual(['Uma Unit', 'Sam Subgroup']);
	});
});

describe('§13.12 "if subsequently the report is re-distributed and/or further amendments are requested by members they must be attached to the final set of minutes"', () => {
	it('every version of the minutes and of the overview report is kept, with who saved it and when', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		const meeting = await as.uma.panel.recordMeeting({
			...panelMeeting(walk),
			kind: 'draft_report'
		});
		walk.version = meeting.version;
		for (const body of ['Draft minutes', 'Final minutes with the amendments attached']) {
			walk.version = (
				await as.uma.panel.saveDocumentVersion({
					id: walk.caseId,
					version: walk.version,
					kind: 'minutes',
					meetingId: meeting.meetingId,
					body
				})
			).version;
		}
		for (const body of ['Overview report, draft', 'Overview report, as agreed']) {
			walk.version = (
				await as.uma.panel.saveDocumentVersion({
					id: walk.caseId,
					version: walk.version,
					kind: 'overview_report',
					body,
					note: 'After the draft report meeting'
				})
			).version;
		}
		const minutes = (
			await as.chris.panel.meeting({ id: walk.caseId, meetingId: meeting.meetingId })
		).minutes;
		expect(minutes.map((m) => [m.version, m.body])).toEqual([
			[1, 'Draft minutes'],
			[2, 'Final minutes with the amendments attached']
		]);
		const overview = (await as.chris.panel.work({ id: walk.caseId })).documents.overview_report;
		expect(overview.map((v) => v.version)).toEqual([1, 2]);
		expect(overview[0]).toMatchObject({ body: 'Overview report, draft', savedByName: 'Uma Unit' });
		expect(typeof overview[1]?.savedAt).toBe('number');
	});
});

describe('§13.14 "Two hard copies of the full SCR, including the multi-agency chronologies, IMRs, Health Overview Report and Action Plans to be sent to Ofsted by registered post"', () => {
	async function atExecutive() {
		const walk = await scrInReview(world, 'Irene Independent');
		for (const kind of ['overview_report', 'executive_summary'] as const) {
			walk.version = (
				await as.uma.panel.saveDocumentVersion({
					id: walk.caseId,
					version: walk.version,
					kind,
					body: `${kind} v1`
				})
			).version;
		}
		await walk.move(as.uma, 'drafting', {
			chronologiesReceivedOn: today,
			imrsSignedOffOn: today,
			healthOverviewReceivedOn: today
		});
		await walk.move(as.uma, 'executive', {
			overviewReportAgreedOn: today,
			executiveSummaryAgreedOn: today,
			actionPlanAgreedOn: today
		});
		return walk;
	}
	const dispatch = (walk: Walk, overrides: Record<string, unknown> = {}) =>
		as.uma.panel.recordOfstedDispatch({
			id: walk.caseId,
			version: walk.version,
			sentOn: today,
			overviewReportVersion: 1,
			executiveSummaryVersion: 1,
			itemsSent: [...OFSTED_DISPATCH_ITEMS],
			twoHardCopies: true,
			registeredPostReference: 'RP 1234 5678 GB',
			...overrides
		});

	it('is refused before the Executive Group has received the review', async () => {
		const walk = await scrInReview(world, 'Irene Independent');
		await expectProblem(dispatch(walk), 'INVALID_INPUT');
	});

	it('is refused without an Executive Group meeting, a saved version of each report, and every item of the full SCR ticked', async () => {
		const walk = await atExecutive();
		const noMeeting = await expectProblem(dispatch(walk), 'INVALID_INPUT');
		expect(fieldsOf(noMeeting)._form).toContain('Executive Group meeting');
		walk.version = (
			await as.uma.panel.recordMeeting({ ...panelMeeting(walk), kind: 'executive' })
		).version;
		const wrong = await expectProblem(
			dispatch(walk, { overviewReportVersion: 2, itemsSent: ['overview_report'] }),
			'INVALID_INPUT'
		);
		expect(fieldsOf(wrong).overviewReportVersion).toContain('saved version');
		expect(fieldsOf(wrong).itemsSent).toContain('health overview report');
		await expectProblem(dispatch(walk, { twoHardCopies: false }), 'INVALID_INPUT');
		expect((await as.uma.panel.work({ id: walk.caseId })).dispatch).toBeNull();
	});

	it('is recorded once, with the date, the versions sent and the checklist', async () => {
		const walk = await atExecutive();
		walk.version = (
			await as.uma.panel.recordMeeting({ ...panelMeeting(walk), kind: 'executive' })
		).version;
		walk.version = (await dispatch(walk)).version;
		const work = await as.chris.panel.work({ id: walk.caseId });
		expect(work.dispatch).toEqual({
			sentOn: today,
			overviewReportVersion: 1,
			executiveSummaryVersion: 1,
			itemsSent: [...OFSTED_DISPATCH_ITEMS],
			registeredPostReference: 'RP 1234 5678 GB'
		});
		await expectProblem(dispatch(walk), 'DISPATCH_RECORDED');
		// The case still moves on as before, the dispatch date typed or suggested from the record.
		await evaluatedAfterDispatch(walk);
	});
});

async function evaluatedAfterDispatch(walk: Walk) {
	await walk.move(as.uma, 'sent_to_ofsted', {
		executiveMeetingOn: today,
		publicationDecision: 'publish_overview_report',
		sentToOfstedOn: today
	});
	expect((await as.uma.cases.get({ id: walk.caseId })).state).toBe('sent_to_ofsted');
}
