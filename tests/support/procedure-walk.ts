import { expect } from 'vitest';
import { awaitingTheChair, type Caller, type ProcedureWorld } from './procedure';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { CaseState } from '$lib/domain/case/case-states';

/** Moves one case along, each move based on the version the last one returned. */
export class Walk {
	constructor(
		readonly caseId: string,
		public version: number
	) {}

	async move(caller: Caller, to: CaseState, payload: Record<string, unknown> = {}) {
		const { version } = await caller.cases.transition({
			id: this.caseId,
			version: this.version,
			to,
			payload
		});
		expect(version).toBe(this.version + 1);
		this.version = version;
		return this;
	}
}

const today = todayIso();

/** What the Chair records with any decision. */
export const DECISION = { decidedOn: today, rationale: 'As the Sub Group recommended' };

/** The review set up (§13.7, §13.18) with this independent chair. */
export const setUp = (independentChair: string) => ({
	termsOfReferenceAgreedOn: today,
	independentChair,
	overviewWriter: 'Olu Writer',
	panelAgreedOn: today,
	timetableAgreedOn: today,
	mediaStrategyAgreedOn: today
});

/** A child's death decided for an SCR by the Chair and taken through to its first panel. */
export async function scrInReview(world: ProcedureWorld, independentChair: string) {
	const { uma, chris } = world.as;
	const { caseId, version } = await awaitingTheChair(world, 'child_death', [
		world.agencies.police.id
	]);
	const walk = new Walk(caseId, version);
	await walk.move(chris, 'scr_initiated', DECISION);
	for (const name of ['ofstedNotifiedOn', 'lettersSentOn', 'imrsRequestedOn'] as const) {
		walk.version = (
			await uma.cases.recordDate({ id: caseId, version: walk.version, name, date: today })
		).version;
	}
	await walk.move(uma, 'scoping');
	await walk.move(uma, 'in_review', setUp(independentChair));
	return walk;
}

/** The review written, sent to Ofsted and graded `grade` in the evaluation letter (§13.16). */
export async function evaluated(walk: Walk, uma: Caller, grade: 'adequate' | 'inadequate') {
	await walk.move(uma, 'drafting', {
		chronologiesReceivedOn: today,
		imrsSignedOffOn: today,
		healthOverviewReceivedOn: today
	});
	await walk.move(uma, 'executive', {
		overviewReportAgreedOn: today,
		executiveSummaryAgreedOn: today,
		actionPlanAgreedOn: today
	});
	await walk.move(uma, 'sent_to_ofsted', {
		executiveMeetingOn: today,
		publicationDecision: 'publish_overview_report',
		sentToOfstedOn: today
	});
	await walk.move(uma, 'evaluated', { evaluationLetterOn: today, evaluationGrade: grade });
	return walk;
}

/** §13.5: the Unit records "CDOP informed" on every notification of the case. */
export async function cdopInformedForCase(world: ProcedureWorld, caseId: string) {
	const view = await world.as.uma.cases.get({ id: caseId });
	for (const n of view.leadAndCdop) {
		await world.as.uma.triage.recordCdopInformed({
			notificationId: n.notificationId,
			informedOn: today,
			informedBy: 'Dana Nurse, designated nurse'
		});
	}
}
