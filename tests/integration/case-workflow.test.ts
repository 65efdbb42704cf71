import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, type PersonaName } from '../support/factories';
import { callerFor, signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { morningOf, notificationReceivedAt, sessionUser } from '../support/triage';
import type { Database } from '$lib/server/db';
import {
	actionPlanItemRevisions,
	auditEvents,
	caseEvents,
	cases,
	filesSecuredInstructions,
	shortReportRequests
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { createAgency } from '$lib/server/services/users/users';
import { verifyAuditChain } from '$lib/server/services/audit';
import type { Problem } from '$lib/server/infra/problem';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { shortReportDueOn } from '$lib/domain/case/clocks';
import type { CaseState } from '$lib/domain/case/case-states';
import type { SeparateDateName } from '$lib/domain/case/separate-dates';
import { CONFLICT_ADVICE } from '$lib/domain/case/change-conflict';

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
let police: string;
let health: string;
let education: string;
let priya: SessionUser;
const today = todayIso();

beforeAll(async () => {
	database = await freshDatabase();
	const personas = await createPersonas(database.db);
	ids = personas.ids;
	police = personas.agencies.police.id;
	health = personas.agencies.health.id;
	education = (await createAgency(database.db, 'North Yorkshire Education Service', 'education'))
		.id;
	for (const p of ['priya', 'uma', 'ursula', 'chris', 'ada', 'agnes'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
	priya = await sessionUser(database.db, ids.priya);
});

/** A case opened by Uma from a notification received on `receivedOn`. */
async function openedCase(receivedOn = today, classification = 'serious_harm' as const) {
	const notificationId = await notificationReceivedAt(database.db, priya, morningOf(receivedOn));
	const { caseId } = await as.uma.triage.openCase({ notificationId, classification });
	return { caseId, notificationId };
}

/** Walks a case along moves, each based on the version the previous one returned. */
class CaseWalk {
	version = 1;
	constructor(readonly id: string) {}
	async move(caller: Signed, to: CaseState, payload: Record<string, unknown> = {}) {
		const { version } = await caller.cases.transition({
			id: this.id,
			version: this.version,
			to,
			payload
		});
		expect(version).toBe(this.version + 1);
		this.version = version;
		return this;
	}
	/** Records a date on its own, as the Unit does the day it happens. */
	async record(caller: Signed, name: SeparateDateName, date: string) {
		const { version } = await caller.cases.recordDate({
			id: this.id,
			version: this.version,
			name,
			date
		});
		expect(version).toBe(this.version + 1);
		this.version = version;
		return this;
	}
}

const gatheringPayload = (agencyIds: string[]) => ({
	classification: 'serious_harm',
	agencyIds,
	filesSecureRequestedOn: today
});

function clock(view: { clocks: { id: string }[] }, id: string) {
	return view.clocks.find((c) => c.id === id);
}

async function auditCount(caseId: string, action: string) {
	const rows = await database.db.select().from(auditEvents).where(eq(auditEvents.recordId, caseId));
	return rows.filter((r) => r.action === action).length;
}

describe('a case through the procedure', () => {
	it('goes from triage to scoping with each clock started and met on known dates', async () => {
		const { caseId, notificationId } = await openedCase('2026-11-02');
		const walk = new CaseWalk(caseId);

		await walk.move(as.uma, 'gathering', {
			classification: 'child_death',
			agencyIds: [police, health],
			filesSecureRequestedOn: '2026-11-03'
		});
		let view = await as.uma.cases.get({ id: caseId });
		expect(view).toMatchObject({
			state: 'gathering',
			stateLabel: 'Gathering information',
			classification: 'child_death',
			filesHeld: true,
			dates: { receivedOn: '2026-11-02', filesSecureRequestedOn: '2026-11-03' }
		});
		expect(clock(view, 'T1')).toMatchObject({ dueOn: '2026-11-16' });
		expect(view.requests.map((r) => r.agencyName).sort()).toEqual([
			'Harrogate District NHS Foundation Trust',
			'North Yorkshire Police'
		]);
		for (const request of view.requests) {
			expect(request).toMatchObject({
				requestedOn: today,
				dueOn: shortReportDueOn(today),
				status: 'requested',
				filesSecuredInstructedOn: '2026-11-03',
				filesSecuredAcknowledgedOn: null
			});
		}

		await walk.move(as.uma, 'chair_briefed', { chairBriefedOn: '2026-11-10' });
		await walk.move(as.uma, 'panel_scheduled', { meetingOn: '2026-11-20' });
		await walk.move(as.uma, 'panel_recommended', {
			meetingOn: '2026-11-20',
			recommendation: 'scr',
			recommendationReasons: 'Concerns were not shared between agencies',
			subGroupChair: 'Sam Subgroup',
			memberDissent: 'Health preferred an audit'
		});
		view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'T1')).toMatchObject({ status: 'met', metOn: '2026-11-10', metLate: false });
		expect(clock(view, 'T2')).toMatchObject({
			dueOn: '2026-12-02',
			status: 'met',
			metOn: '2026-11-20'
		});
		expect(clock(view, 'T4')).toMatchObject({ startedOn: '2026-11-20', dueOn: '2026-11-27' });
		await walk.move(as.uma, 'chair_decision', { recommendationSentOn: '2026-11-24' });

		// The decision is the Chair's alone.
		const refused = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version: walk.version,
				to: 'scr_initiated',
				payload: { decidedOn: '2026-11-25', rationale: 'Criteria met' }
			}),
			'FORBIDDEN_ROLE'
		)) as Problem;
		expect(refused.message).toBe(
			"Only the LSCB Chair can move a case from Awaiting Chair's decision to Serious Case Review initiated"
		);
		const chairView = await as.chris.cases.get({ id: caseId });
		expect(chairView.transitions.map((t) => t.to).sort()).toEqual(
			[
				'audit',
				'deferred',
				'imrs_only',
				'internal_review',
				'no_further_action',
				'scr_initiated'
			].sort()
		);
		expect((await as.uma.cases.get({ id: caseId })).transitions).toEqual([]);
		await walk.move(as.chris, 'scr_initiated', {
			decidedOn: '2026-11-25',
			rationale: 'Criteria met: evidence of harm not acted on (§13.2)',
			dissent: 'Police representative preferred an audit'
		});
		// Once decided, the Chair still reads the case (§13.6), with nothing left to do on it.
		expect((await as.chris.cases.get({ id: caseId })).transitions).toEqual([]);
		view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'T4')).toMatchObject({ status: 'met', metOn: '2026-11-24' });
		expect(clock(view, 'T7')).toMatchObject({ startedOn: '2026-11-25', dueOn: '2026-11-25' });
		expect(clock(view, 'T8')).toMatchObject({ dueOn: '2026-12-02' });
		expect(view.filesHeld).toBe(true);

		// Each notice is recorded on its own, the day it happens: T7 stops on its own day (§13.6).
		await walk.record(as.uma, 'ofstedNotifiedOn', '2026-11-25');
		view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'T7')).toMatchObject({ status: 'met', metOn: '2026-11-25' });
		expect(clock(view, 'T8')).not.toMatchObject({ status: 'met' });
		expect(view.transitions).toEqual([]);
		await walk.record(as.uma, 'lettersSentOn', '2026-11-26');
		await walk.record(as.uma, 'imrsRequestedOn', '2026-11-26');
		await walk.move(as.uma, 'scoping');
		view = await as.uma.cases.get({ id: caseId });
		expect(view).toMatchObject({ state: 'scoping', version: walk.version });
		expect(clock(view, 'T7')).toMatchObject({ status: 'met', metOn: '2026-11-25' });
		expect(clock(view, 'T8')).toMatchObject({ status: 'met', metOn: '2026-11-26' });
		expect(clock(view, 'T9')).toMatchObject({
			startedOn: '2026-11-25',
			dueOn: '2027-05-25',
			extended: false
		});
		expect(view.nextClock?.id).toBe('T9');
		expect(view.transitions.map((t) => t.to)).toEqual(['in_review']);

		// The timeline tells the story, each entry with who did it.
		expect(view.timeline.map((e) => [e.action, e.toState, e.actorName])).toEqual([
			['opened', 'triage', 'Uma Unit'],
			['transition', 'gathering', 'Uma Unit'],
			['transition', 'chair_briefed', 'Uma Unit'],
			['transition', 'panel_scheduled', 'Uma Unit'],
			['transition', 'panel_recommended', 'Uma Unit'],
			['transition', 'chair_decision', 'Uma Unit'],
			['transition', 'scr_initiated', 'Chris Chair'],
			['date_recorded', null, 'Uma Unit'],
			['date_recorded', null, 'Uma Unit'],
			['date_recorded', null, 'Uma Unit'],
			['transition', 'scoping', 'Uma Unit']
		]);
		expect(view.timeline[1]?.summary).toBe('moved this case to Gathering information');
		const decision = await database.db
			.select()
			.from(caseEvents)
			.where(eq(caseEvents.caseId, caseId));
		expect(decision.find((e) => e.toState === 'scr_initiated')?.detail).toMatchObject({
			payload: { dissent: 'Police representative preferred an audit' }
		});

		// Every move is audited with the state before and after.
		expect(await auditCount(caseId, 'case.transitioned')).toBe(7);
		const [move] = await database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.recordId, caseId))
			.orderBy(auditEvents.seq)
			.limit(2)
			.offset(1);
		expect(move).toMatchObject({ action: 'case.transitioned', actorId: ids.uma });
		expect(move?.detail).toMatchObject({
			before: { state: 'triage', filesHeld: false },
			after: { state: 'gathering', filesHeld: true }
		});
		const mine = await as.priya.notifications.mine();
		expect(mine.find((n) => n.id === notificationId)?.status).toBe('under_consideration');
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });

		// On to the end of the procedure (§13.7–13.16).
		await walk.move(as.uma, 'in_review', {
			termsOfReferenceAgreedOn: today,
			independentChair: 'Dr A Independent',
			overviewWriter: 'B Writer',
			panelAgreedOn: today,
			timetableAgreedOn: today,
			mediaStrategyAgreedOn: today
		});
		const extended = await as.uma.cases.recordDate({
			id: caseId,
			version: walk.version,
			name: 'reviewTimetableExtendedTo',
			date: '2027-07-30',
			reason: 'Criminal trial listed for June; new timetable agreed with Ofsted'
		});
		walk.version = extended.version;
		view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'T9')).toMatchObject({ dueOn: '2027-07-30', extended: true });
		expect(view.timeline.at(-1)?.summary).toBe('extended the review timetable to 30 July 2027');

		await walk.move(as.uma, 'drafting', {
			chronologiesReceivedOn: today,
			imrsSignedOffOn: today,
			healthOverviewReceivedOn: today
		});
		const added = await as.uma.cases.addActionItem({
			id: caseId,
			version: walk.version,
			ownerAgencyId: police,
			action: 'Train response officers on recognising neglect',
			dueOn: '2027-03-31'
		});
		walk.version = added.version;
		await walk.move(as.uma, 'executive', {
			overviewReportAgreedOn: today,
			executiveSummaryAgreedOn: today,
			actionPlanAgreedOn: today
		});
		await walk.move(as.uma, 'sent_to_ofsted', {
			executiveMeetingOn: today,
			publicationDecision: 'executive_summary_only',
			sentToOfstedOn: today
		});
		await walk.move(as.uma, 'evaluated', {
			evaluationLetterOn: today,
			evaluationGrade: 'adequate'
		});
		view = await as.uma.cases.get({ id: caseId });
		expect(view.transitions.map((t) => t.to)).toEqual(['publication']);
		expect(clock(view, 'T9')).toMatchObject({ status: 'met', metOn: today });
		const notAfterAdequate = (await expectProblem(
			as.uma.cases.transition({ id: caseId, version: walk.version, to: 'scoping', payload: {} }),
			'TRANSITION_NOT_ALLOWED'
		)) as Problem;
		expect(notAfterAdequate.message).toContain('inadequate');
		await walk.move(as.uma, 'publication');
		await walk.move(as.uma, 'monitoring', {
			publicationOutcome: 'published',
			publicationOn: today
		});

		// Monitoring ends only when every action is done, with evidence (§13.16).
		const stillOpen = (await expectProblem(
			as.uma.cases.transition({ id: caseId, version: walk.version, to: 'closed', payload: {} }),
			'TRANSITION_NOT_ALLOWED'
		)) as Problem;
		expect(stillOpen.message).toContain('action plan item');
		const noEvidence = (await expectProblem(
			as.uma.cases.updateActionItem({
				id: caseId,
				version: walk.version,
				itemId: added.itemId,
				status: 'done'
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(noEvidence.fieldErrors).toHaveProperty('evidence');
		const progressing = await as.uma.cases.updateActionItem({
			id: caseId,
			version: walk.version,
			itemId: added.itemId,
			status: 'in_progress'
		});
		const done = await as.uma.cases.updateActionItem({
			id: caseId,
			version: progressing.version,
			itemId: added.itemId,
			status: 'done',
			evidence: 'Training delivered to 240 officers; attendance records held'
		});
		walk.version = done.version;
		view = await as.uma.cases.get({ id: caseId });
		expect(view.actionItems).toEqual([
			expect.objectContaining({
				id: added.itemId,
				ownerAgencyName: 'North Yorkshire Police',
				status: 'done',
				revision: 3,
				evidence: 'Training delivered to 240 officers; attendance records held',
				overdue: false,
				updatedByName: 'Uma Unit'
			})
		]);
		// Every revision is kept: nothing is overwritten.
		const revisions = await database.db
			.select()
			.from(actionPlanItemRevisions)
			.where(eq(actionPlanItemRevisions.itemId, added.itemId));
		expect(revisions.map((r) => r.status).sort()).toEqual(['done', 'in_progress', 'open']);

		// A child's death closes only once CDOP informed is recorded (§13.5).
		await as.uma.triage.recordCdopInformed({
			notificationId,
			informedOn: today,
			informedBy: 'Dana Nurse, designated nurse'
		});
		await walk.move(as.uma, 'closed');
		view = await as.uma.cases.get({ id: caseId });
		expect(view).toMatchObject({ state: 'closed', dates: { closedOn: today }, transitions: [] });
		expect((await as.priya.notifications.mine()).find((n) => n.id === notificationId)?.status).toBe(
			'closed'
		);
		await expectProblem(
			as.uma.cases.assignOwner({ id: caseId, version: walk.version, ownerId: ids.ursula }),
			'CASE_CLOSED'
		);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('reports a serious incident to Ofsted and records the report sent separately (T15)', async () => {
		const { caseId } = await openedCase('2026-11-02', 'serious_harm');
		const walk = new CaseWalk(caseId);
		await walk.move(as.uma, 'si_ofsted', {
			classification: 'serious_incident',
			ofstedReportedOn: '2026-11-05'
		});
		let view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'T15')).toMatchObject({ startedOn: '2026-11-05', dueOn: '2026-12-05' });
		const tooEarly = (await expectProblem(
			as.uma.cases.recordDate({
				id: caseId,
				version: walk.version,
				name: 'siReportSentOn',
				date: '2026-11-04'
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(tooEarly.fieldErrors).toHaveProperty('date');
		const recorded = await as.uma.cases.recordDate({
			id: caseId,
			version: walk.version,
			name: 'siReportSentOn',
			date: '2026-11-20'
		});
		view = await as.uma.cases.get({ id: caseId });
		expect(view.version).toBe(recorded.version);
		expect(clock(view, 'T15')).toMatchObject({ status: 'met', metOn: '2026-11-20' });
		const notYet = (await expectProblem(
			as.uma.cases.recordDate({
				id: caseId,
				version: recorded.version,
				name: 'newActionPlanSentOn',
				date: today
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(notYet.fieldErrors).toHaveProperty('name');
		expect(await auditCount(caseId, 'case.date_recorded')).toBe(1);
	});

	it('refuses a move the table does not list, and a move without what it requires', async () => {
		const { caseId } = await openedCase();
		const unlisted = (await expectProblem(
			as.uma.cases.transition({ id: caseId, version: 1, to: 'scoping', payload: {} }),
			'TRANSITION_NOT_ALLOWED'
		)) as Problem;
		expect(unlisted.message).toContain('A case cannot move from Triage to Scoping the review');
		const missing = (await expectProblem(
			as.uma.cases.transition({ id: caseId, version: 1, to: 'gathering', payload: {} }),
			'INVALID_INPUT'
		)) as Problem;
		expect(Object.keys(missing.fieldErrors ?? {}).sort()).toEqual(
			['agencyIds', 'classification', 'filesSecureRequestedOn'].sort()
		);
		const unknownAgency = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version: 1,
				to: 'gathering',
				payload: gatheringPayload([crypto.randomUUID()])
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(unknownAgency.fieldErrors).toHaveProperty('agencyIds');
		const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		expect(row).toMatchObject({ state: 'triage', version: 1, filesHeld: false });
		const requests = await database.db
			.select()
			.from(shortReportRequests)
			.where(eq(shortReportRequests.caseId, caseId));
		expect(requests).toEqual([]);
	});
});

describe('two Unit users at once', () => {
	it('refuses the stale change with a message naming what changed, and changes nothing', async () => {
		const { caseId } = await openedCase();
		const seenByUma = await as.uma.cases.get({ id: caseId });
		const seenByUrsula = await as.ursula.cases.get({ id: caseId });
		expect(seenByUrsula.version).toBe(seenByUma.version);

		await as.uma.cases.transition({
			id: caseId,
			version: seenByUma.version,
			to: 'gathering',
			payload: gatheringPayload([police])
		});
		const [event] = await database.db
			.select()
			.from(caseEvents)
			.where(eq(caseEvents.caseId, caseId))
			.orderBy(caseEvents.id)
			.limit(1)
			.offset(1);
		const at = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/London',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		}).format(event?.at);

		const before = await database.db.select().from(cases).where(eq(cases.id, caseId));
		const eventsBefore = await database.db
			.select()
			.from(caseEvents)
			.where(eq(caseEvents.caseId, caseId));
		const conflict = (await expectProblem(
			as.ursula.cases.assignOwner({
				id: caseId,
				version: seenByUrsula.version,
				ownerId: ids.ursula
			}),
			'VERSION_CONFLICT'
		)) as Problem;
		expect(conflict.message).toBe(
			`Uma Unit moved this case to Gathering information at ${at}. ${CONFLICT_ADVICE}`
		);
		const staleMove = (await expectProblem(
			as.ursula.cases.transition({
				id: caseId,
				version: seenByUrsula.version,
				to: 'closed',
				payload: { closeAs: 'merged', reason: 'Duplicate', mergedInto: 'SCR-2026-0001' }
			}),
			'VERSION_CONFLICT'
		)) as Problem;
		expect(staleMove.message).toContain('Uma Unit moved this case to Gathering information');

		expect(await database.db.select().from(cases).where(eq(cases.id, caseId))).toEqual(before);
		expect(
			await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))
		).toEqual(eventsBefore);

		// Reloaded, Ursula's change goes through, and Uma's old version is now the stale one.
		const reloaded = await as.ursula.cases.get({ id: caseId });
		await as.ursula.cases.assignOwner({
			id: caseId,
			version: reloaded.version,
			ownerId: ids.ursula
		});
		const umaStale = (await expectProblem(
			as.uma.cases.requestShortReports({
				id: caseId,
				version: reloaded.version,
				agencyIds: [health]
			}),
			'VERSION_CONFLICT'
		)) as Problem;
		expect(umaStale.message).toContain('Ursula Unit made Ursula Unit the owner of this case at');
	});

	it('lets exactly one of two simultaneous changes from the same version through', async () => {
		const { caseId } = await openedCase();
		const results = await Promise.allSettled([
			as.uma.cases.assignOwner({ id: caseId, version: 1, ownerId: ids.uma }),
			as.ursula.cases.assignOwner({ id: caseId, version: 1, ownerId: ids.ursula })
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const rejected = results.find((r) => r.status === 'rejected');
		const reason: unknown = rejected?.reason;
		await expectProblem(
			Promise.reject(reason instanceof Error ? reason : new Error('not an error')),
			'VERSION_CONFLICT'
		);
		const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		expect(row?.version).toBe(2);
	});

	it('names several changes made since', async () => {
		const { caseId } = await openedCase();
		let { version } = await as.uma.cases.assignOwner({
			id: caseId,
			version: 1,
			ownerId: ids.ursula
		});
		({ version } = await as.ursula.cases.requestShortReports({
			id: caseId,
			version,
			agencyIds: [police]
		}));
		expect(version).toBe(3);
		const conflict = (await expectProblem(
			as.uma.cases.assignOwner({ id: caseId, version: 1, ownerId: ids.uma }),
			'VERSION_CONFLICT'
		)) as Problem;
		expect(conflict.message).toMatch(
			/^Uma Unit made Ursula Unit the owner of this case at \d\d:\d\d and Ursula Unit requested short reports from North Yorkshire Police at \d\d:\d\d\. /
		);
	});
});

describe('short report requests and the files hold', () => {
	it('requests reports with a default due date, never twice for an agency with an open request', async () => {
		const { caseId } = await openedCase();
		const first = await as.uma.cases.requestShortReports({
			id: caseId,
			version: 1,
			agencyIds: [police]
		});
		expect(first).toEqual({ version: 2, requested: [police], alreadyOpen: [] });
		const dueOn = shortReportDueOn(today, 10);
		const second = await as.uma.cases.requestShortReports({
			id: caseId,
			version: 2,
			agencyIds: [police, health],
			dueOn
		});
		expect(second).toEqual({ version: 3, requested: [health], alreadyOpen: [police] });
		await expectProblem(
			as.uma.cases.requestShortReports({ id: caseId, version: 3, agencyIds: [police, health] }),
			'INVALID_INPUT'
		);
		const past = (await expectProblem(
			as.uma.cases.requestShortReports({
				id: caseId,
				version: 3,
				agencyIds: [education],
				dueOn: today
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(past.fieldErrors).toHaveProperty('dueOn');
		await expectProblem(
			as.uma.cases.requestShortReports({
				id: caseId,
				version: 3,
				agencyIds: [crypto.randomUUID()]
			}),
			'INVALID_INPUT'
		);
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.requests).toEqual([
			expect.objectContaining({
				agencyId: police,
				agencyName: 'North Yorkshire Police',
				requestedOn: today,
				dueOn: shortReportDueOn(today),
				status: 'requested',
				filesSecuredInstructedOn: null
			}),
			expect.objectContaining({ agencyId: health, dueOn, status: 'requested' })
		]);
		expect(view.requests[0]?.clock).toMatchObject({
			id: 'short_report',
			dueOn: shortReportDueOn(today)
		});

		// A due date passed without a report shows as overdue (the agency side records reports).
		await database.db
			.update(shortReportRequests)
			.set({ dueOn: '2026-01-05' })
			.where(eq(shortReportRequests.agencyId, police));
		const later = await as.uma.cases.get({ id: caseId });
		expect(later.requests.find((r) => r.agencyId === police)?.status).toBe('overdue');
		expect(await auditCount(caseId, 'case.short_reports_requested')).toBe(2);
	});

	it('tells agencies asked before the hold to secure their files when it is placed', async () => {
		const { caseId } = await openedCase();
		const asked = await as.uma.cases.requestShortReports({
			id: caseId,
			version: 1,
			agencyIds: [health]
		});
		let view = await as.uma.cases.get({ id: caseId });
		expect(view.filesHeld).toBe(false);
		expect(view.requests[0]?.filesSecuredInstructedOn).toBeNull();
		await as.uma.cases.transition({
			id: caseId,
			version: asked.version,
			to: 'chair_decision',
			payload: {
				classification: 'child_death',
				reason: 'Criteria clearly met',
				securingAgencyIds: [health],
				filesSecureRequestedOn: today
			}
		});
		view = await as.uma.cases.get({ id: caseId });
		expect(view.filesHeld).toBe(true);
		expect(view.requests[0]?.filesSecuredInstructedOn).toBe(today);
	});

	it('holds files from gathering and lifts the hold on no further action', async () => {
		const { caseId } = await openedCase();
		const walk = new CaseWalk(caseId);
		await walk.move(as.uma, 'gathering', gatheringPayload([police]));
		let view = await as.uma.cases.get({ id: caseId });
		expect(view.filesHeld).toBe(true);
		const [request] = view.requests;
		if (!request) throw new Error('no request');

		// While held, nothing attached to the case can be removed.
		const held = await expectProblem(
			as.uma.cases.withdrawShortReportRequest({
				id: caseId,
				version: walk.version,
				requestId: request.id,
				reason: 'Asked the wrong agency'
			}),
			'FILES_ON_HOLD'
		);
		expect(held.message).toContain('secured');

		// An agency asked later is also told to secure its files.
		const more = await as.uma.cases.requestShortReports({
			id: caseId,
			version: walk.version,
			agencyIds: [education]
		});
		walk.version = more.version;
		view = await as.uma.cases.get({ id: caseId });
		expect(view.requests.find((r) => r.agencyId === education)?.filesSecuredInstructedOn).toBe(
			today
		);

		await walk.move(as.uma, 'chair_briefed', { chairBriefedOn: today });
		await walk.move(as.uma, 'chair_decision', { reason: 'Criteria clearly met' });
		// The Chair sees it now, in their list too.
		expect((await as.chris.cases.list({})).map((c) => c.id)).toContain(caseId);
		await walk.move(as.chris, 'no_further_action', {
			decidedOn: today,
			rationale: 'Criteria for a review not met',
			filesHold: 'rescind',
			rescindInstructionOn: today
		});
		view = await as.chris.cases.get({ id: caseId });
		expect(view.filesHeld).toBe(false);
		expect(view.dates.rescindInstructionOn).toBe(today);
		const instructions = await database.db
			.select()
			.from(filesSecuredInstructions)
			.where(eq(filesSecuredInstructions.caseId, caseId));
		expect(instructions.length).toBe(2);
		expect(instructions.every((i) => i.rescindedOn === today)).toBe(true);
		expect(view.requests.every((r) => r.filesSecuredRescindedOn === today)).toBe(true);

		// With the hold lifted, a request made in error can be withdrawn (and is kept, marked so).
		const withdrawn = await as.uma.cases.withdrawShortReportRequest({
			id: caseId,
			version: walk.version,
			requestId: request.id,
			reason: 'No longer needed'
		});
		walk.version = withdrawn.version;
		view = await as.uma.cases.get({ id: caseId });
		expect(view.requests.find((r) => r.id === request.id)).toMatchObject({
			status: 'withdrawn',
			clock: null
		});
		await walk.move(as.chris, 'closed', { noActionPlanReason: 'No further action decided' });
		expect(await auditCount(caseId, 'case.short_report_withdrawn')).toBe(1);
	});
});

describe('who may see and change cases', () => {
	it('lists cases for the Unit with filters, and for the Chair those awaiting or holding a decision first', async () => {
		const { caseId: inTriage } = await openedCase('2026-11-02');
		const { caseId: awaiting } = await openedCase();
		await new CaseWalk(awaiting).move(as.uma, 'chair_decision', {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: today
		});
		await as.uma.cases.assignOwner({ id: inTriage, version: 1, ownerId: ids.ursula });

		const all = await as.uma.cases.list({});
		expect(all.map((c) => c.id)).toEqual(expect.arrayContaining([inTriage, awaiting]));
		const row = all.find((c) => c.id === inTriage);
		expect(row).toMatchObject({
			reference: expect.stringMatching(/^SCR-/) as unknown,
			state: 'triage',
			stateLabel: 'Triage',
			owner: { id: ids.ursula, name: 'Ursula Unit' },
			nextClock: { id: 'T1', dueOn: '2026-11-16' }
		});
		const withClocks = all.filter((c) => c.nextClock);
		expect(withClocks.map((c) => c.nextClock?.dueOn)).toEqual(
			withClocks.map((c) => c.nextClock?.dueOn).sort()
		);
		const triageOnly = await as.uma.cases.list({ state: 'triage' });
		expect(triageOnly.every((c) => c.state === 'triage')).toBe(true);
		const ursulas = await as.ursula.cases.list({ mine: true });
		expect(ursulas.map((c) => c.id)).toContain(inTriage);
		expect(ursulas.every((c) => c.owner?.id === ids.ursula)).toBe(true);

		const chairs = await as.chris.cases.list({ awaitingChair: true });
		expect(chairs.map((c) => c.id)).toContain(awaiting);
		expect(chairs.map((c) => c.id)).not.toContain(inTriage);
		expect(
			chairs.every((c) => ['chair_decision', 'deferred', 'no_further_action'].includes(c.state))
		).toBe(true);
		// The Chair reads every case from triage on (§13.6), and acts only where the table says.
		expect((await as.chris.cases.list({ state: 'triage' })).map((c) => c.id)).toContain(inTriage);
		expect((await as.chris.cases.get({ id: inTriage })).transitions).toEqual([]);
		await expectProblem(
			as.chris.cases.transition({ id: inTriage, version: 2, to: 'closed', payload: {} }),
			'FORBIDDEN_ROLE'
		);
		await expectProblem(as.uma.cases.get({ id: crypto.randomUUID() }), 'NOT_FOUND');
		await expectProblem(
			as.uma.cases.assignOwner({ id: crypto.randomUUID(), version: 1, ownerId: ids.uma }),
			'NOT_FOUND'
		);
		const views = await database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'case.list_viewed'));
		expect(views.length).toBeGreaterThanOrEqual(6);
	});

	it('defers to a fixed date and reschedules the Sub Group meeting (Chair)', async () => {
		const { caseId } = await openedCase();
		const walk = new CaseWalk(caseId);
		await walk.move(as.uma, 'chair_decision', {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: today
		});
		const undated = (await expectProblem(
			as.chris.cases.transition({
				id: caseId,
				version: walk.version,
				to: 'deferred',
				payload: { decidedOn: today, rationale: 'Await the post-mortem' }
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(undated.fieldErrors).toHaveProperty('deferUntil');
		await walk.move(as.chris, 'deferred', {
			decidedOn: today,
			rationale: 'Await the post-mortem',
			deferUntil: '2027-01-15'
		});
		const view = await as.chris.cases.get({ id: caseId });
		expect(clock(view, 'deferral')).toMatchObject({ dueOn: '2027-01-15' });
		expect(view.transitions.map((t) => t.to)).toEqual(['panel_scheduled']);
		await walk.move(as.chris, 'panel_scheduled', { meetingOn: '2027-01-14' });
		expect((await as.uma.cases.get({ id: caseId })).state).toBe('panel_scheduled');
	});

	it('refuses every case procedure to practitioners, agencies and administrators', async () => {
		const { caseId } = await openedCase();
		const itemId = crypto.randomUUID();
		for (const p of ['priya', 'agnes', 'ada'] as const) {
			const c = as[p].cases;
			await expectProblem(c.list({}), 'FORBIDDEN_ROLE');
			await expectProblem(c.get({ id: caseId }), 'FORBIDDEN_ROLE');
			await expectProblem(
				c.transition({
					id: caseId,
					version: 1,
					to: 'gathering',
					payload: gatheringPayload([police])
				}),
				'FORBIDDEN_ROLE'
			);
		}
		for (const p of ['priya', 'agnes', 'ada', 'chris'] as const) {
			const c = as[p].cases;
			await expectProblem(
				c.assignOwner({ id: caseId, version: 1, ownerId: ids.uma }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				c.requestShortReports({ id: caseId, version: 1, agencyIds: [police] }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				c.withdrawShortReportRequest({ id: caseId, version: 1, requestId: itemId, reason: 'x' }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				c.recordDate({ id: caseId, version: 1, name: 'siReportSentOn', date: today }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				c.addActionItem({
					id: caseId,
					version: 1,
					ownerAgencyId: police,
					action: 'x',
					dueOn: today
				}),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				c.updateActionItem({ id: caseId, version: 1, itemId, status: 'open' }),
				'FORBIDDEN_ROLE'
			);
		}
		await expectProblem(
			(await callerFor(database.db)).cases.get({ id: caseId }),
			'UNAUTHENTICATED'
		);
		const [row] = await database.db.select().from(cases).where(eq(cases.id, caseId));
		expect(row).toMatchObject({ version: 1, state: 'triage' });
	});

	it('answers NOT_FOUND for an action item of another case', async () => {
		const { caseId: a } = await openedCase();
		const { caseId: b } = await openedCase();
		const { itemId } = await as.uma.cases.addActionItem({
			id: a,
			version: 1,
			ownerAgencyId: health,
			action: 'Review discharge planning',
			dueOn: '2027-02-01'
		});
		await expectProblem(
			as.uma.cases.updateActionItem({ id: b, version: 1, itemId, status: 'in_progress' }),
			'NOT_FOUND'
		);
		const badAgency = (await expectProblem(
			as.uma.cases.addActionItem({
				id: b,
				version: 1,
				ownerAgencyId: crypto.randomUUID(),
				action: 'x',
				dueOn: '2027-02-01'
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(badAgency.fieldErrors).toHaveProperty('ownerAgencyId');
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});
