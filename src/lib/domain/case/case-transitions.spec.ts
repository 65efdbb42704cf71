import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '$lib/domain/roles';
import { CASE_STATES, type CaseState } from './case-states';
import {
	CASE_TRANSITIONS,
	checkTransition,
	transitionsFrom,
	type CaseFacts,
	type TransitionCheck
} from './case-transitions';
import type { TransitionKey } from './transition-payloads';

const TODAY = '2026-06-15'; // a Monday

/** The state table of docs/procedure.md as written: state → who moves it on, its next states. */
const STATE_TABLE: Record<CaseState, { who: Role | null; next: CaseState[] }> = {
	received: { who: 'unit', next: ['triage'] },
	triage: { who: 'unit', next: ['gathering', 'si_ofsted', 'chair_decision', 'closed'] },
	si_ofsted: { who: 'unit', next: ['gathering'] },
	gathering: { who: 'unit', next: ['chair_briefed'] },
	chair_briefed: { who: 'unit', next: ['panel_scheduled', 'chair_decision'] },
	panel_scheduled: { who: 'unit', next: ['panel_recommended'] },
	panel_recommended: { who: 'unit', next: ['chair_decision'] },
	chair_decision: {
		who: 'chair',
		next: [
			'scr_initiated',
			'deferred',
			'imrs_only',
			'audit',
			'internal_review',
			'no_further_action'
		]
	},
	deferred: { who: 'chair', next: ['panel_scheduled'] },
	no_further_action: { who: 'chair', next: ['closed'] },
	imrs_only: { who: 'unit', next: ['closed'] },
	audit: { who: 'unit', next: ['closed'] },
	internal_review: { who: 'unit', next: ['closed'] },
	scr_initiated: { who: 'unit', next: ['scoping'] },
	scoping: { who: 'unit', next: ['in_review'] },
	in_review: { who: 'unit', next: ['drafting'] },
	drafting: { who: 'unit', next: ['executive'] },
	executive: { who: 'unit', next: ['sent_to_ofsted'] },
	sent_to_ofsted: { who: 'unit', next: ['evaluated'] },
	evaluated: { who: 'unit', next: ['publication', 'scoping'] },
	publication: { who: 'unit', next: ['monitoring'] },
	monitoring: { who: 'unit', next: ['closed'] },
	closed: { who: null, next: [] }
};

const chairDecision = { decidedOn: '2026-06-12', rationale: 'Criteria met: see minutes.' };

/** What the Chair reads with every recommendation (§13.6). */
const recommended = { recommendationReasons: 'Concerns not shared', subGroupChair: 'S. Chair' };

/** A decision not to hold an SCR tells agencies they may stop securing their files (§13.5). */
const rescind = { filesHold: 'rescind', rescindInstructionOn: TODAY };

/** A valid payload for every move, as of TODAY. */
const NO_ITEMS = 'Lessons shared at the Sub Group; no action needed';
const VALID: Record<TransitionKey, Record<string, unknown>> = {
	'received->triage': {},
	'triage->si_ofsted': { classification: 'serious_incident', ofstedReportedOn: '2026-06-12' },
	'triage->gathering': {
		classification: 'serious_harm',
		agencyIds: ['police', 'health'],
		filesSecureRequestedOn: TODAY
	},
	'triage->chair_decision': {
		classification: 'child_death',
		reason: 'Death with neglect suspected; agencies failed to share concerns.',
		securingAgencyIds: ['police', 'health'],
		filesSecureRequestedOn: TODAY
	},
	'triage->closed': {
		closeAs: 'out_of_scope',
		reason: 'Passed to the Manager for Residential Services.',
		residentialReferralOn: TODAY
	},
	'si_ofsted->gathering': { agencyIds: ['police'], filesSecureRequestedOn: TODAY },
	'gathering->chair_briefed': { chairBriefedOn: TODAY },
	'chair_briefed->panel_scheduled': { meetingOn: '2026-07-01' },
	'chair_briefed->chair_decision': { reason: 'Criteria clearly met.' },
	'panel_scheduled->panel_recommended': {
		meetingOn: '2026-06-10',
		recommendation: 'scr',
		...recommended
	},
	'panel_recommended->chair_decision': { recommendationSentOn: '2026-06-12' },
	'chair_decision->scr_initiated': chairDecision,
	'chair_decision->deferred': { ...chairDecision, deferUntil: '2026-09-01' },
	'chair_decision->imrs_only': {
		...chairDecision,
		...rescind,
		lead: 'Health',
		dueOn: '2026-09-30'
	},
	'chair_decision->audit': {
		...chairDecision,
		...rescind,
		lead: 'Audit sub group',
		dueOn: '2026-09-30'
	},
	'chair_decision->internal_review': { ...chairDecision, ...rescind, lead: 'Education' },
	'chair_decision->no_further_action': { ...chairDecision, ...rescind },
	'deferred->panel_scheduled': { meetingOn: '2026-09-01' },
	'no_further_action->closed': { noActionPlanReason: NO_ITEMS },
	'imrs_only->closed': { completedOn: TODAY, noActionPlanReason: NO_ITEMS },
	'audit->closed': { completedOn: TODAY, noActionPlanReason: NO_ITEMS },
	'internal_review->closed': {
		internalReviewFindingsOn: TODAY,
		actionPlanAgreedOn: TODAY,
		executiveSummaryAgreedOn: TODAY,
		noActionPlanReason: NO_ITEMS
	},
	'scr_initiated->scoping': {},
	'scoping->in_review': {
		termsOfReferenceAgreedOn: '2026-06-01',
		independentChair: 'A. Chair',
		overviewWriter: 'B. Writer',
		panelAgreedOn: '2026-06-01',
		timetableAgreedOn: '2026-06-01',
		mediaStrategyAgreedOn: '2026-06-01'
	},
	'in_review->drafting': {
		chronologiesReceivedOn: '2026-06-01',
		imrsSignedOffOn: '2026-06-05',
		healthOverviewReceivedOn: '2026-06-08'
	},
	'drafting->executive': {
		overviewReportAgreedOn: TODAY,
		executiveSummaryAgreedOn: TODAY,
		actionPlanAgreedOn: TODAY
	},
	'executive->sent_to_ofsted': {
		executiveMeetingOn: '2026-06-10',
		publicationDecision: 'publish_overview_report',
		sentToOfstedOn: TODAY
	},
	'sent_to_ofsted->evaluated': { evaluationLetterOn: TODAY, evaluationGrade: 'adequate' },
	'evaluated->publication': {},
	'evaluated->scoping': {},
	'publication->monitoring': { publicationOutcome: 'published', publicationOn: TODAY },
	'monitoring->closed': { noActionPlanReason: NO_ITEMS }
};

/** Facts that open the conditional moves. */
const FACTS: Partial<Record<TransitionKey, CaseFacts>> = {
	'evaluated->publication': { evaluationGrade: 'adequate' },
	'evaluated->scoping': { evaluationGrade: 'inadequate' },
	'monitoring->closed': { openActionPlanItems: 0, actionPlanItems: 0 },
	// Closing with no action plan item needs the reason for none (§13.16).
	'no_further_action->closed': { actionPlanItems: 0 },
	'imrs_only->closed': { actionPlanItems: 0 },
	'audit->closed': { actionPlanItems: 0 },
	'internal_review->closed': { actionPlanItems: 0 },
	'scr_initiated->scoping': { missingScrNotices: 0 },
	'in_review->drafting': { imrsNotSignedOff: 0 }
};

function attempt(
	key: TransitionKey,
	role: Role,
	payload: unknown = VALID[key],
	facts: CaseFacts | undefined = FACTS[key]
): TransitionCheck {
	const [from = '', to = ''] = key.split('->');
	return checkTransition({ from, to, role, payload, today: TODAY, facts });
}

function refusal(result: TransitionCheck) {
	if (result.ok) throw new Error(`Expected a refusal, got acceptance of ${result.key}`);
	return result;
}

describe('the transition table', () => {
	it('lists exactly the next states of docs/procedure.md, moved on by the role it names', () => {
		for (const state of CASE_STATES) {
			const listed = CASE_TRANSITIONS.filter((transition) => transition.from === state);
			expect(listed.map((transition) => transition.to).sort()).toEqual(
				[...STATE_TABLE[state].next].sort()
			);
			for (const transition of listed) expect(transition.roles).toEqual([STATE_TABLE[state].who]);
		}
	});

	it('names its keys after its states', () => {
		for (const transition of CASE_TRANSITIONS) {
			expect(transition.key).toBe(`${transition.from}->${transition.to}`);
		}
		expect(CASE_TRANSITIONS).toHaveLength(32);
	});
});

describe('checkTransition', () => {
	for (const transition of CASE_TRANSITIONS) {
		const [role] = transition.roles;
		if (!role) throw new Error(`${transition.key} has no role`);

		it(`lets the ${role} move ${transition.key} with what it requires`, () => {
			const result = attempt(transition.key, role);
			expect(result).toMatchObject({ ok: true, key: transition.key, from: transition.from });
		});

		it(`refuses ${transition.key} to every other role`, () => {
			for (const other of ROLES.filter((candidate) => !transition.roles.includes(candidate))) {
				expect(refusal(attempt(transition.key, other)).code).toBe('ROLE_NOT_ALLOWED');
			}
		});

		it(`refuses ${transition.key} without ${transition.requires.join(', ') || 'its condition'}`, () => {
			if (transition.requires.length === 0) {
				if (!transition.when) expect(attempt(transition.key, role, {}).ok).toBe(true);
				else
					expect(refusal(attempt(transition.key, role, {}, {})).code).toBe('REQUIREMENT_MISSING');
				return;
			}
			const result = refusal(attempt(transition.key, role, {}));
			expect(result.code).toBe('REQUIREMENT_MISSING');
			expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([...transition.requires].sort());
			for (const message of Object.values(result.fieldErrors ?? {})) {
				expect(message).toMatch(/^(Enter|Select) /);
			}
		});
	}

	it('refuses every move the table does not list, whoever asks', () => {
		let refused = 0;
		for (const from of CASE_STATES) {
			for (const to of CASE_STATES) {
				if (STATE_TABLE[from].next.includes(to)) continue;
				for (const role of ROLES) {
					const result = refusal(
						checkTransition({ from, to, role, payload: {}, today: TODAY, facts: {} })
					);
					expect(result.code).toBe('TRANSITION_NOT_ALLOWED');
					refused += 1;
				}
			}
		}
		expect(refused).toBe((23 * 23 - 32) * ROLES.length);
	});

	it('says where a case can go instead', () => {
		const result = refusal(
			checkTransition({ from: 'triage', to: 'scoping', role: 'unit', payload: {}, today: TODAY })
		);
		expect(result.message).toBe(
			"A case cannot move from Triage to Scoping the review. From Triage a case can move to Serious incident reported to Ofsted, Gathering information, Awaiting Chair's decision or Closed"
		);
		const closed = refusal(
			checkTransition({ from: 'closed', to: 'triage', role: 'unit', payload: {}, today: TODAY })
		);
		expect(closed.message).toContain('Closed is the end of the process');
	});

	it('refuses states it does not know', () => {
		const result = refusal(
			checkTransition({ from: 'open', to: 'triage', role: 'unit', payload: {}, today: TODAY })
		);
		expect(result.code).toBe('TRANSITION_NOT_ALLOWED');
	});

	it('tells a Unit user that only the Chair decides', () => {
		const result = refusal(attempt('chair_decision->scr_initiated', 'unit'));
		expect(result.message).toBe(
			"Only the LSCB Chair can move a case from Awaiting Chair's decision to Serious Case Review initiated"
		);
	});

	it('returns the parsed payload and the dates the move records', () => {
		const result = attempt('chair_decision->scr_initiated', 'chair', {
			...chairDecision,
			rationale: '  Criteria met.  ',
			dissent: '   ',
			unexpected: 'dropped'
		});
		expect(result).toEqual({
			ok: true,
			key: 'chair_decision->scr_initiated',
			from: 'chair_decision',
			to: 'scr_initiated',
			payload: { decidedOn: '2026-06-12', rationale: 'Criteria met.', dissent: undefined },
			recordedDates: { chairDecidedOn: '2026-06-12', scrDecidedOn: '2026-06-12' }
		});
	});
});

describe('requirements', () => {
	it('asks for the date of the Sub Group meeting', () => {
		const result = refusal(attempt('chair_briefed->panel_scheduled', 'unit', {}));
		expect(result.message).toBe('Enter the date of the Sub Group meeting');
		expect(result.fieldErrors).toEqual({ meetingOn: 'Enter the date of the Sub Group meeting' });
	});

	it('refuses impossible dates and dated facts in the future', () => {
		expect(
			refusal(attempt('gathering->chair_briefed', 'unit', { chairBriefedOn: '2026-02-30' }))
				.fieldErrors
		).toEqual({
			chairBriefedOn: 'The date the findings report went to the LSCB Chair must be a real date'
		});
		expect(
			refusal(attempt('gathering->chair_briefed', 'unit', { chairBriefedOn: '2026-06-16' }))
				.fieldErrors
		).toEqual({
			chairBriefedOn:
				'The date the findings report went to the LSCB Chair must be today or in the past'
		});
	});

	it('lets a meeting be scheduled in the future, but recorded as held only once it has been', () => {
		expect(attempt('chair_briefed->panel_scheduled', 'unit', { meetingOn: '2026-08-01' }).ok).toBe(
			true
		);
		const held = refusal(
			attempt('panel_scheduled->panel_recommended', 'unit', {
				meetingOn: '2026-08-01',
				...recommended,
				recommendation: 'scr'
			})
		);
		expect(held.fieldErrors?.meetingOn).toBe(
			'The date of the Sub Group meeting must be today or in the past'
		);
	});

	it('accepts only the five recommendations of §13.6', () => {
		for (const recommendation of ['scr', 'imrs_only', 'audit', 'non_statutory_review']) {
			expect(
				attempt('panel_scheduled->panel_recommended', 'unit', {
					meetingOn: '2026-06-10',
					...recommended,
					recommendation
				}).ok
			).toBe(true);
		}
		const result = refusal(
			attempt('panel_scheduled->panel_recommended', 'unit', {
				meetingOn: '2026-06-10',
				...recommended,
				recommendation: 'internal_review'
			})
		);
		expect(result.fieldErrors?.recommendation).toBe(
			"Select the Sub Group's recommendation to the LSCB Chair"
		);
	});

	it('refuses a recommendation to defer without a fixed date (§13.6)', () => {
		const result = refusal(
			attempt('panel_scheduled->panel_recommended', 'unit', {
				meetingOn: '2026-06-10',
				...recommended,
				recommendation: 'defer'
			})
		);
		expect(result.fieldErrors).toEqual({
			deferUntil:
				'Enter the date the case will be considered again: a case must not be deferred without a fixed date (§13.6)'
		});
	});

	it('refuses a recommendation to defer to a date already past', () => {
		const result = refusal(
			attempt('panel_scheduled->panel_recommended', 'unit', {
				meetingOn: '2026-06-10',
				...recommended,
				recommendation: 'defer',
				deferUntil: '2026-06-12'
			})
		);
		expect(result.fieldErrors?.deferUntil).toBe(
			'The date the case will be considered again must be today or in the future'
		);
	});

	it('keeps the date of a recommendation to defer, and drops it from any other', () => {
		const deferred = attempt('panel_scheduled->panel_recommended', 'unit', {
			meetingOn: '2026-06-10',
			...recommended,
			recommendation: 'defer',
			deferUntil: '2026-09-01'
		});
		expect(deferred.ok && deferred.payload).toMatchObject({ deferUntil: '2026-09-01' });
		const other = attempt('panel_scheduled->panel_recommended', 'unit', {
			meetingOn: '2026-06-10',
			...recommended,
			recommendation: 'scr',
			deferUntil: 'not a date'
		});
		expect(other.ok && other.payload).toEqual({
			meetingOn: '2026-06-10',
			...recommended,
			recommendation: 'scr',
			deferUntil: undefined
		});
		expect(other.ok && other.recordedDates).toEqual({
			meetingOn: '2026-06-10',
			firstPanelMeetingOn: '2026-06-10'
		});
	});

	it('refuses a deferral by the Chair without a date, in the past, or not after the decision', () => {
		const base = { ...chairDecision };
		expect(refusal(attempt('chair_decision->deferred', 'chair', base)).fieldErrors).toEqual({
			deferUntil: 'Enter the date the case will be considered again'
		});
		expect(
			refusal(attempt('chair_decision->deferred', 'chair', { ...base, deferUntil: '2026-06-13' }))
				.fieldErrors
		).toEqual({
			deferUntil: 'The date the case will be considered again must be today or in the future'
		});
		expect(
			refusal(
				attempt('chair_decision->deferred', 'chair', {
					...base,
					decidedOn: TODAY,
					deferUntil: TODAY
				})
			).fieldErrors
		).toEqual({
			deferUntil:
				"The date the case will be considered again must be after the date of the Chair's decision"
		});
	});

	it('records the deferral dates that start its clock', () => {
		const result = attempt('chair_decision->deferred', 'chair');
		expect(result.ok && result.recordedDates).toEqual({
			chairDecidedOn: '2026-06-12',
			deferredOn: '2026-06-12',
			deferUntil: '2026-09-01'
		});
	});

	it('requires reasons for every Chair decision and keeps any dissent', () => {
		const result = refusal(
			attempt('chair_decision->scr_initiated', 'chair', { decidedOn: TODAY, rationale: '   ' })
		);
		expect(result.fieldErrors).toEqual({ rationale: 'Enter the reasons for the decision' });
		const withDissent = attempt('chair_decision->scr_initiated', 'chair', {
			...chairDecision,
			dissent: ' Police member disagreed. '
		});
		expect(withDissent.ok && withDissent.payload).toMatchObject({
			dissent: 'Police member disagreed.'
		});
	});

	it('refuses reasons longer than 5,000 characters', () => {
		const result = refusal(
			attempt('chair_decision->scr_initiated', 'chair', {
				decidedOn: TODAY,
				rationale: 'x'.repeat(5001)
			})
		);
		expect(result.fieldErrors?.rationale).toBe(
			'The reasons for the decision must be 5,000 characters or fewer'
		);
	});

	it('§13.5 "inform all relevant organisations to rescind the instruction": every decision not to hold an SCR says what becomes of the files, with the rescind not before the decision', () => {
		for (const key of [
			'chair_decision->imrs_only',
			'chair_decision->audit',
			'chair_decision->internal_review',
			'chair_decision->no_further_action'
		] as const) {
			const { filesHold: _choice, rescindInstructionOn: _on, ...rest } = VALID[key];
			expect(refusal(attempt(key, 'chair', rest)).fieldErrors).toEqual({
				filesHold: 'Select whether agencies are told they no longer need to secure their files'
			});
			expect(refusal(attempt(key, 'chair', { ...rest, filesHold: 'rescind' })).fieldErrors).toEqual(
				{
					rescindInstructionOn:
						'Enter the date agencies were told they no longer need to secure their files'
				}
			);
			const early = refusal(
				attempt(key, 'chair', { ...rest, filesHold: 'rescind', rescindInstructionOn: '2026-06-11' })
			);
			expect(early.fieldErrors?.rescindInstructionOn).toContain(
				"must be on or after the date of the Chair's decision"
			);
			const accepted = attempt(key, 'chair', VALID[key]);
			if (!accepted.ok) throw new Error(accepted.message);
			expect(accepted.recordedDates.rescindInstructionOn).toBe(TODAY);
		}
	});

	it('§13.2 "should always": after a child\'s death, every decision but an SCR needs the reason for departing', () => {
		const death = { classification: 'child_death' as const };
		for (const key of [
			'chair_decision->imrs_only',
			'chair_decision->audit',
			'chair_decision->internal_review',
			'chair_decision->no_further_action'
		] as const) {
			const refused = refusal(attempt(key, 'chair', VALID[key], death)).fieldErrors ?? {};
			expect(Object.keys(refused)).toEqual(['departureReason']);
			expect(refused.departureReason).toMatch(/^Enter why the Chair departs from §13\.2/);
			const given = attempt(
				key,
				'chair',
				{ ...VALID[key], departureReason: ' Accidental ' },
				death
			);
			if (!given.ok) throw new Error(given.message);
			expect(given.payload).toMatchObject({ departureReason: 'Accidental' });
			expect(attempt(key, 'chair', VALID[key], { classification: 'serious_harm' }).ok).toBe(true);
		}
		expect(attempt('chair_decision->scr_initiated', 'chair', chairDecision, death).ok).toBe(true);
	});

	it('lets the Chair keep the files secured on such a decision only with a reason, and then records no rescind', () => {
		const base = { ...chairDecision, filesHold: 'keep' };
		expect(
			refusal(attempt('chair_decision->no_further_action', 'chair', base)).fieldErrors
		).toEqual({ keepFilesReason: 'Enter why agencies must keep their files secured' });
		const kept = attempt('chair_decision->no_further_action', 'chair', {
			...base,
			keepFilesReason: '  Criminal proceedings are pending.  ',
			rescindInstructionOn: TODAY
		});
		if (!kept.ok) throw new Error(kept.message);
		expect(kept.payload).toMatchObject({
			filesHold: 'keep',
			keepFilesReason: 'Criminal proceedings are pending.',
			rescindInstructionOn: undefined
		});
		expect(kept.recordedDates).toEqual({ chairDecidedOn: chairDecision.decidedOn });
	});

	it('requires the due date of IMRs or an audit to follow the decision', () => {
		const result = refusal(
			attempt('chair_decision->audit', 'chair', {
				...chairDecision,
				...rescind,
				lead: 'Audit group',
				dueOn: '2026-06-12'
			})
		);
		expect(result.fieldErrors?.dueOn).toBe(
			"The date the work is due must be after the date of the Chair's decision"
		);
	});

	it('requires Ofsted notified, letters sent and IMRs requested, each recorded on its own, before scoping (§13.6)', () => {
		const result = refusal(attempt('scr_initiated->scoping', 'unit', {}, { missingScrNotices: 2 }));
		expect(result.message).toMatch(/^Record the date Ofsted was notified.*each on its own/);
		expect(transitionsFrom('scr_initiated', 'unit', { missingScrNotices: 1 })).toEqual([]);
		expect(attempt('scr_initiated->scoping', 'unit', {}, { missingScrNotices: 0 }).ok).toBe(true);
	});

	it('sends residential incidents out of the procedure (§13.20)', () => {
		const result = refusal(
			attempt('triage->gathering', 'unit', {
				...VALID['triage->gathering'],
				classification: 'residential_out_of_scope'
			})
		);
		expect(result.fieldErrors?.classification).toMatch(/Close the case instead$/);
		expect(attempt('triage->closed', 'unit').ok).toBe(true);
	});

	it('sends serious incidents to the Sub Group rather than straight to the Chair (§13.20)', () => {
		const result = refusal(
			attempt('triage->chair_decision', 'unit', {
				...VALID['triage->chair_decision'],
				classification: 'serious_incident'
			})
		);
		expect(result.fieldErrors?.classification).toMatch(/^All serious incidents are reviewed/);
	});

	it('needs at least one agency to ask for a short report, and counts each once', () => {
		const none = refusal(
			attempt('si_ofsted->gathering', 'unit', { agencyIds: [], filesSecureRequestedOn: TODAY })
		);
		expect(none.fieldErrors?.agencyIds).toBe(
			'Select at least one agency to ask for a short report'
		);
		const twice = attempt('si_ofsted->gathering', 'unit', {
			agencyIds: ['police', 'police', 'health'],
			filesSecureRequestedOn: TODAY
		});
		expect(twice.ok && twice.payload).toMatchObject({ agencyIds: ['police', 'health'] });
	});

	it('asks why a summary was withheld', () => {
		const result = refusal(
			attempt('publication->monitoring', 'unit', {
				publicationOutcome: 'withheld',
				publicationOn: TODAY
			})
		);
		expect(result.fieldErrors).toEqual({ withheldReason: 'Enter why it was withheld (§13.15)' });
	});

	it('treats a missing payload as empty', () => {
		expect(attempt('received->triage', 'unit', undefined).ok).toBe(true);
		expect(refusal(attempt('gathering->chair_briefed', 'unit', null)).code).toBe(
			'REQUIREMENT_MISSING'
		);
	});
});

describe('the Ofsted evaluation decides what follows (§13.16)', () => {
	it('records the letter and, when inadequate, starts T13', () => {
		const inadequate = attempt('sent_to_ofsted->evaluated', 'unit', {
			evaluationLetterOn: '2026-06-12',
			evaluationGrade: 'inadequate'
		});
		expect(inadequate.ok && inadequate.recordedDates).toEqual({
			evaluationLetterOn: '2026-06-12',
			inadequateEvaluationOn: '2026-06-12'
		});
		const adequate = attempt('sent_to_ofsted->evaluated', 'unit');
		expect(adequate.ok && adequate.recordedDates).toEqual({ evaluationLetterOn: TODAY });
	});

	it('sends an adequate review to publication only', () => {
		const facts: CaseFacts = { evaluationGrade: 'adequate' };
		expect(attempt('evaluated->publication', 'unit', {}, facts).ok).toBe(true);
		expect(refusal(attempt('evaluated->scoping', 'unit', {}, facts)).message).toMatch(
			/^A new panel is convened only when/
		);
	});

	it('sends an inadequate review back to scoping with a new panel only', () => {
		const facts: CaseFacts = { evaluationGrade: 'inadequate' };
		expect(attempt('evaluated->scoping', 'unit', {}, facts).ok).toBe(true);
		const result = refusal(attempt('evaluated->publication', 'unit', {}, facts));
		expect(result.code).toBe('REQUIREMENT_MISSING');
		expect(result.message).toMatch(/Convene a new panel instead \(§13\.16\)$/);
	});

	it('refuses either way when the grade is not known', () => {
		expect(refusal(attempt('evaluated->publication', 'unit', {}, {})).code).toBe(
			'REQUIREMENT_MISSING'
		);
	});
});

describe('closing after monitoring (§13.16)', () => {
	it('waits for every action plan item to be done', () => {
		const result = refusal(attempt('monitoring->closed', 'unit', {}, { openActionPlanItems: 2 }));
		expect(result.message).toBe(
			'Mark every action plan item done before closing the case (§13.16)'
		);
		const closed = attempt('monitoring->closed', 'unit', {}, { openActionPlanItems: 0 });
		expect(closed.ok && closed.recordedDates).toEqual({ closedOn: TODAY });
	});
});

describe('"All incidents will be reviewed by the SCR Panel" (§13.20)', () => {
	it('keeps a serious incident from going to the Chair past the Sub Group after the findings report', () => {
		const facts = { classification: 'serious_incident' } as const;
		const result = refusal(
			attempt('chair_briefed->chair_decision', 'unit', { reason: 'Clearly met' }, facts)
		);
		expect(result.message).toMatch(/^All serious incidents are reviewed by the Sub Group/);
		expect(transitionsFrom('chair_briefed', 'unit', facts).map((o) => o.to)).toEqual([
			'panel_scheduled'
		]);
		for (const classification of ['child_death', 'serious_harm'] as const) {
			expect(
				attempt(
					'chair_briefed->chair_decision',
					'unit',
					{ reason: 'Clearly met' },
					{
						classification
					}
				).ok
			).toBe(true);
		}
	});
});

describe('transitionsFrom', () => {
	it('offers the Unit the four ways out of triage', () => {
		expect(transitionsFrom('triage', 'unit').map((option) => option.to)).toEqual([
			'si_ofsted',
			'gathering',
			'chair_decision',
			'closed'
		]);
	});

	it("offers the Chair's six outcomes to the Chair alone", () => {
		expect(transitionsFrom('chair_decision', 'chair')).toHaveLength(6);
		for (const role of ['unit', 'agency', 'practitioner', 'admin'] as const) {
			expect(transitionsFrom('chair_decision', role)).toEqual([]);
		}
	});

	it('describes each option for the page', () => {
		expect(transitionsFrom('gathering', 'unit')).toEqual([
			{
				key: 'gathering->chair_briefed',
				to: 'chair_briefed',
				toLabel: 'Chair briefed',
				action: 'Record the findings report to the Chair',
				section: '13.5',
				requires: ['chairBriefedOn']
			}
		]);
	});

	it('offers nothing to practitioners, agencies or admins, nor from a closed case', () => {
		for (const state of CASE_STATES) {
			for (const role of ['practitioner', 'agency', 'admin'] as const) {
				expect(transitionsFrom(state, role)).toEqual([]);
			}
		}
		expect(transitionsFrom('closed', 'unit')).toEqual([]);
	});

	it('uses the facts it is given to leave out closed paths', () => {
		expect(transitionsFrom('evaluated', 'unit').map((option) => option.to)).toEqual([
			'publication',
			'scoping'
		]);
		expect(
			transitionsFrom('evaluated', 'unit', { evaluationGrade: 'inadequate' }).map(
				(option) => option.to
			)
		).toEqual(['scoping']);
	});
});
