import type { Role } from '$lib/domain/roles';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { isCaseState, type CaseState } from './case-states';
import type { CaseDates } from './case-dates';
import type { CaseClassification, EvaluationGrade } from './case-choices';
import type { TransitionKey, TransitionPayload } from './transition-payloads';
import { NO_ACTION_PLAN_REASON } from './closing';
import type { ProceedingKind } from '$lib/domain/review/parallel-proceedings';

/**
 * The case state machine (docs/procedure.md), as data. A move not listed here is refused; so is a
 * move by a role not listed on it, or without what its payload schema requires.
 */

/** Facts about the case, kept elsewhere, that decide whether some moves are open. */
export interface CaseFacts {
	/** The grade in Ofsted's evaluation letter, recorded on entering `evaluated`. */
	evaluationGrade?: EvaluationGrade;
	/** Action plan items not yet done (§13.16). */
	openActionPlanItems?: number;
	/** How many of the SCR notices (case-dates.ts, SCR_NOTICE_DATES) are not yet recorded. */
	missingScrNotices?: number;
	/** What triage decided the case is about: a child's death brings §13.2's "should always". */
	classification?: CaseClassification | null;
	/** Action plan items, done or not: a case closes with one or a reason for none (§13.16). */
	actionPlanItems?: number;
	/** Who chaired the case's earlier panels: a new panel needs a new chair (§13.16). */
	previousIndependentChairs?: readonly string[];
	/** Active parallel proceedings no Executive go-ahead covers: publishing waits (§13.15). */
	publicationHeldBy?: readonly ProceedingKind[];
	/** IMR requests whose agency has not sent its IMR signed off (§13.9); 0 without requests. */
	imrsNotSignedOff?: number;
	/**
	 * On a case with IMR requests, all signed off: the day the last was signed off (§13.9). The
	 * move to drafting takes it from here rather than from a typed date (imr-status.ts).
	 */
	imrsSignedOffOn?: IsoDate;
}

export type TransitionCondition =
	| { fact: 'evaluationGrade'; equals: EvaluationGrade; unmet: string }
	| { fact: 'openActionPlanItems'; equals: number; unmet: string }
	| { fact: 'missingScrNotices'; equals: number; unmet: string }
	| { fact: 'imrsNotSignedOff'; equals: number; unmet: string }
	| { fact: 'classification'; not: CaseClassification; unmet: string };

interface TransitionRuleData<Key extends TransitionKey> {
	/** Who may make the move: the "who moves it on" column of the state it leaves. */
	roles: readonly Role[];
	/** The button or link text for the move. */
	action: string;
	section: string;
	/** The payload fields the move requires, in form order (the schema is the authority). */
	requires: readonly string[];
	when?: TransitionCondition;
	/** The case dates (the clocks' start and end points, clock-preset.ts) the move records. */
	records?: (payload: TransitionPayload<Key>, today: IsoDate) => CaseDates;
}

const UNIT: readonly Role[] = ['unit'];
const CHAIR: readonly Role[] = ['chair'];
const CHAIR_DECISION_FIELDS = ['decidedOn', 'rationale'] as const;
/** A decision not to hold an SCR also says what becomes of the files-secured hold (§13.5). */
const NOT_AN_SCR_FIELDS = [...CHAIR_DECISION_FIELDS, 'filesHold'] as const;

/** IMRs only or an audit: the Chair names who leads the work and when it is due (§13.6). */
function reviewWorkRule(
	action: string
): TransitionRuleData<'chair_decision->imrs_only' | 'chair_decision->audit'> {
	return {
		roles: CHAIR,
		action,
		section: '13.6',
		requires: [...NOT_AN_SCR_FIELDS, 'lead', 'dueOn'],
		records: (payload) => ({
			chairDecidedOn: payload.decidedOn,
			reviewWorkDueOn: payload.dueOn,
			...rescinded(payload)
		})
	};
}

/** The rescind's date, when the Chair did not keep the hold. */
function rescinded(payload: { rescindInstructionOn?: string }): CaseDates {
	return payload.rescindInstructionOn ? { rescindInstructionOn: payload.rescindInstructionOn } : {};
}

const RULES: { [Key in TransitionKey]: TransitionRuleData<Key> } = {
	'received->triage': { roles: UNIT, action: 'Start triage', section: '13.5', requires: [] },

	'triage->si_ofsted': {
		roles: UNIT,
		action: 'Record the report to Ofsted of a serious incident',
		section: '13.20',
		requires: ['classification', 'ofstedReportedOn'],
		records: (payload) => ({ ofstedReportedOn: payload.ofstedReportedOn })
	},
	'triage->gathering': {
		roles: UNIT,
		action: 'Request short reports and secure files',
		section: '13.5',
		requires: ['classification', 'agencyIds', 'filesSecureRequestedOn'],
		records: (payload) => ({ filesSecureRequestedOn: payload.filesSecureRequestedOn })
	},
	'triage->chair_decision': {
		roles: UNIT,
		action: 'Refer to the Chair: criteria clearly met',
		section: '13.5',
		requires: ['classification', 'reason', 'securingAgencyIds', 'filesSecureRequestedOn'],
		records: (payload) => ({ filesSecureRequestedOn: payload.filesSecureRequestedOn })
	},
	'triage->closed': {
		roles: UNIT,
		action: 'Close the case: out of scope or merged',
		section: '13.20',
		requires: ['closeAs', 'reason'],
		records: (payload, today) =>
			'residentialReferralOn' in payload
				? { residentialReferralOn: payload.residentialReferralOn, closedOn: today }
				: { closedOn: today }
	},

	'si_ofsted->gathering': {
		roles: UNIT,
		action: 'Request short reports and secure files',
		section: '13.20',
		requires: ['agencyIds', 'filesSecureRequestedOn'],
		records: (payload) => ({ filesSecureRequestedOn: payload.filesSecureRequestedOn })
	},

	'gathering->chair_briefed': {
		roles: UNIT,
		action: 'Record the findings report to the Chair',
		section: '13.5',
		requires: ['chairBriefedOn'],
		records: (payload) => ({ chairBriefedOn: payload.chairBriefedOn })
	},

	'chair_briefed->panel_scheduled': {
		roles: UNIT,
		action: 'Schedule the Sub Group meeting',
		section: '13.5',
		requires: ['meetingOn'],
		records: (payload) => ({ meetingOn: payload.meetingOn })
	},
	'chair_briefed->chair_decision': {
		roles: UNIT,
		action: 'Refer to the Chair: criteria clearly met',
		section: '13.5',
		requires: ['reason'],
		// §13.20: "All incidents will be reviewed by the SCR Panel", so an incident never skips it.
		when: {
			fact: 'classification',
			not: 'serious_incident',
			unmet:
				'All serious incidents are reviewed by the Sub Group (§13.20). Schedule the Sub Group meeting instead'
		}
	},

	'panel_scheduled->panel_recommended': {
		roles: UNIT,
		action: "Record the Sub Group's recommendation",
		section: '13.6',
		requires: ['meetingOn', 'recommendation', 'recommendationReasons', 'subGroupChair'],
		records: (payload) => ({ meetingOn: payload.meetingOn, firstPanelMeetingOn: payload.meetingOn })
	},

	'panel_recommended->chair_decision': {
		roles: UNIT,
		action: 'Send the recommendation to the Chair',
		section: '13.6',
		requires: ['recommendationSentOn'],
		records: (payload) => ({ recommendationSentOn: payload.recommendationSentOn })
	},

	'chair_decision->scr_initiated': {
		roles: CHAIR,
		action: 'Decide to hold a Serious Case Review',
		section: '13.6',
		requires: CHAIR_DECISION_FIELDS,
		records: (payload) => ({ chairDecidedOn: payload.decidedOn, scrDecidedOn: payload.decidedOn })
	},
	'chair_decision->deferred': {
		roles: CHAIR,
		action: 'Defer the decision to a fixed date',
		section: '13.6',
		requires: [...CHAIR_DECISION_FIELDS, 'deferUntil'],
		records: (payload) => ({
			chairDecidedOn: payload.decidedOn,
			deferredOn: payload.decidedOn,
			deferUntil: payload.deferUntil
		})
	},
	'chair_decision->imrs_only': reviewWorkRule('Decide on individual management reviews only'),
	'chair_decision->audit': reviewWorkRule('Decide on a smaller scale audit'),
	'chair_decision->internal_review': {
		roles: CHAIR,
		action: 'Decide on an internal review',
		section: '13.20',
		requires: [...NOT_AN_SCR_FIELDS, 'lead'],
		records: (payload) => ({
			chairDecidedOn: payload.decidedOn,
			internalReviewDecidedOn: payload.decidedOn,
			...rescinded(payload)
		})
	},
	'chair_decision->no_further_action': {
		roles: CHAIR,
		action: 'Decide on no further action',
		section: '13.5',
		requires: NOT_AN_SCR_FIELDS,
		records: (payload) => ({ chairDecidedOn: payload.decidedOn, ...rescinded(payload) })
	},

	// The Chair, not the Unit, moves a case out of `deferred` and `no_further_action`.
	'deferred->panel_scheduled': {
		roles: CHAIR,
		action: 'Schedule the Sub Group meeting to reconsider',
		section: '13.6',
		requires: ['meetingOn'],
		records: (payload) => ({ meetingOn: payload.meetingOn })
	},
	'no_further_action->closed': {
		roles: CHAIR,
		action: 'Close the case',
		section: '13.5',
		requires: [NO_ACTION_PLAN_REASON],
		records: (_payload, today) => ({ closedOn: today })
	},

	'imrs_only->closed': {
		roles: UNIT,
		action: 'Record the reviews complete and close the case',
		section: '13.6',
		requires: ['completedOn', NO_ACTION_PLAN_REASON],
		records: (payload, today) => ({ reviewWorkCompletedOn: payload.completedOn, closedOn: today })
	},
	'audit->closed': {
		roles: UNIT,
		action: 'Record the audit complete and close the case',
		section: '13.6',
		requires: ['completedOn', NO_ACTION_PLAN_REASON],
		records: (payload, today) => ({ reviewWorkCompletedOn: payload.completedOn, closedOn: today })
	},
	'internal_review->closed': {
		roles: UNIT,
		action: 'Record the findings sent to the Sub Group and close the case',
		section: '13.20',
		requires: [
			'internalReviewFindingsOn',
			'actionPlanAgreedOn',
			'executiveSummaryAgreedOn',
			NO_ACTION_PLAN_REASON
		],
		records: (payload, today) => ({
			internalReviewFindingsOn: payload.internalReviewFindingsOn,
			closedOn: today
		})
	},

	// Ofsted notified, letters sent and IMRs requested are recorded each on its own, the day it
	// happens (separate-dates.ts); scoping starts once all three are.
	'scr_initiated->scoping': {
		roles: UNIT,
		action: 'Start scoping the review',
		section: '13.6',
		requires: [],
		when: {
			fact: 'missingScrNotices',
			equals: 0,
			unmet:
				'Record the date Ofsted was notified, the date the letters were sent and the date the individual management reviews were requested, each on its own, before scoping the review (§13.6)'
		}
	},
	'scoping->in_review': {
		roles: UNIT,
		action: 'Record the review set up',
		section: '13.7',
		requires: [
			'termsOfReferenceAgreedOn',
			'independentChair',
			'overviewWriter',
			'panelAgreedOn',
			'timetableAgreedOn',
			'mediaStrategyAgreedOn'
		]
	},
	'in_review->drafting': {
		roles: UNIT,
		action: 'Record chronologies, IMRs and health overview received',
		section: '13.9',
		requires: ['chronologiesReceivedOn', 'imrsSignedOffOn', 'healthOverviewReceivedOn'],
		when: {
			fact: 'imrsNotSignedOff',
			equals: 0,
			unmet:
				'All IMRs should have been signed off by their respective agencies before they are presented to the panel (§13.9). Wait for each agency asked for an IMR to send it signed off'
		}
	},
	'drafting->executive': {
		roles: UNIT,
		action: 'Present to the Executive Group',
		section: '13.12',
		requires: ['overviewReportAgreedOn', 'executiveSummaryAgreedOn', 'actionPlanAgreedOn']
	},
	'executive->sent_to_ofsted': {
		roles: UNIT,
		action: 'Record the review sent to Ofsted',
		section: '13.14',
		requires: ['executiveMeetingOn', 'publicationDecision', 'sentToOfstedOn'],
		records: (payload) => ({ sentToOfstedOn: payload.sentToOfstedOn })
	},
	'sent_to_ofsted->evaluated': {
		roles: UNIT,
		action: "Record Ofsted's evaluation letter",
		section: '13.16',
		requires: ['evaluationLetterOn', 'evaluationGrade'],
		records: (payload) =>
			payload.evaluationGrade === 'inadequate'
				? {
						evaluationLetterOn: payload.evaluationLetterOn,
						inadequateEvaluationOn: payload.evaluationLetterOn
					}
				: { evaluationLetterOn: payload.evaluationLetterOn }
	},
	'evaluated->publication': {
		roles: UNIT,
		action: 'Go on to publication',
		section: '13.15',
		requires: [],
		when: {
			fact: 'evaluationGrade',
			equals: 'adequate',
			unmet:
				'The evaluation letter graded this review inadequate, so it cannot go on to publication. Convene a new panel instead (§13.16)'
		}
	},
	'evaluated->scoping': {
		roles: UNIT,
		action: 'Convene a new panel with a new independent chair',
		section: '13.16',
		requires: [],
		when: {
			fact: 'evaluationGrade',
			equals: 'inadequate',
			unmet:
				'A new panel is convened only when the evaluation letter grades the review inadequate (§13.16). Go on to publication instead'
		}
	},
	'publication->monitoring': {
		roles: UNIT,
		action: 'Record publication and start monitoring',
		section: '13.15',
		requires: ['publicationOutcome', 'publicationOn']
	},
	'monitoring->closed': {
		roles: UNIT,
		action: 'Close the case',
		section: '13.16',
		requires: [NO_ACTION_PLAN_REASON],
		when: {
			fact: 'openActionPlanItems',
			equals: 0,
			unmet: 'Mark every action plan item done before closing the case (§13.16)'
		},
		records: (_payload, today) => ({ closedOn: today })
	}
};

export interface CaseTransition {
	key: TransitionKey;
	from: CaseState;
	to: CaseState;
	roles: readonly Role[];
	action: string;
	section: string;
	requires: readonly string[];
	when?: TransitionCondition;
}

function statesOf(key: TransitionKey): [CaseState, CaseState] {
	const [from, to] = key.split('->');
	if (!isCaseState(from) || !isCaseState(to)) throw new Error(`Malformed transition key ${key}`);
	return [from, to];
}

const TRANSITION_KEYS = Object.keys(RULES) as TransitionKey[];

/** Every allowed move, in table order. */
export const CASE_TRANSITIONS: readonly CaseTransition[] = TRANSITION_KEYS.map((key) => {
	const { roles, action, section, requires, when } = RULES[key];
	const [from, to] = statesOf(key);
	return when
		? { key, from, to, roles, action, section, requires, when }
		: { key, from, to, roles, action, section, requires };
});

/** The case dates a move records, from its parsed payload. */
export function recordedDatesFor(key: TransitionKey, payload: unknown, today: IsoDate): CaseDates {
	// Each rule's `records` takes its own payload type; the key ties this payload to this rule.
	const records = RULES[key].records as
		((payload: unknown, today: IsoDate) => CaseDates) | undefined;
	return records ? records(payload, today) : {};
}
