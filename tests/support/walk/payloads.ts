import { addCalendarDays, addCalendarMonths, type IsoDate } from '$lib/domain/calendar/iso-date';
import {
	CASE_CLASSIFICATIONS,
	PANEL_RECOMMENDATIONS,
	type CaseClassification
} from '$lib/domain/case/case-choices';
import type { CaseDates } from '$lib/domain/case/case-dates';
import type { TransitionKey } from '$lib/domain/case/transition-payloads';
import { openCases, publicationHeld, type WalkCase, type WalkModel } from './model';

// A payload for every move of the transition table, as a Unit member or the Chair would fill the
// form, and whether the procedure says the server must refuse it. A variant number (random in
// the walk) picks among the ways to fill it in, some of them wrong on purpose.
//
// A new move, or a new requirement on one (lead authority, CDOP, closing rules), is one entry
// here: the walk fails at once on a payload the server refuses that this table says is fine.

export interface PayloadChoice {
	today: IsoDate;
	/** A random number: which way of filling in the form. */
	variant: number;
	walkCase: WalkCase;
	model: WalkModel;
	agencies: { police: string; health: string };
	/** The case's dates as stored before the step. */
	dates: CaseDates;
}

export interface PlannedPayload {
	payload: Record<string, unknown>;
	/** Why the server must refuse this, or null when it must accept it. */
	refusal: string | null;
	/** What the accepted move does to the model beyond its new state and version. */
	effect?: (walkCase: WalkCase, model: WalkModel) => void;
}

type Planner = (choice: PayloadChoice) => PlannedPayload;

function pick<T>(items: readonly T[], variant: number): T {
	const item = items[variant % items.length];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

/** One or both agencies. */
function someAgencies({ agencies, variant }: PayloadChoice): string[] {
	return pick([[agencies.police], [agencies.health], [agencies.police, agencies.health]], variant);
}

/** Triage may reclassify the case as it moves it on (one time in four). */
function classification({ walkCase, variant }: PayloadChoice): CaseClassification {
	return variant % 4 === 3 ? pick(CASE_CLASSIFICATIONS, variant >> 2) : walkCase.classification;
}

const RESIDENTIAL = 'residential_out_of_scope';

function reclassify(to: CaseClassification) {
	return (c: WalkCase) => {
		c.classification = to;
	};
}

/**
 * Closing after a decision (§13.16): the case has an action plan item, or the form gives the
 * reason for none (left out one time in three, which must be refused when there is no item).
 */
function closing(choice: PayloadChoice, extra: Record<string, unknown>): PlannedPayload {
	const { variant, walkCase } = choice;
	const giveReason = variant % 3 !== 0;
	const noItem = walkCase.items.length === 0;
	return {
		payload: {
			...extra,
			...(giveReason ? { noActionPlanReason: 'The review found nothing to change' } : {})
		},
		refusal:
			noItem && !giveReason
				? '§13.16: a case closes with an action plan item or the reason for none'
				: null
	};
}

/** Names for the independent chair: the first and last are one person, typed differently. */
const CHAIRS = ['Irene Independent', 'Ivan Independent', 'Isla Independent', 'irene  independent.'];

/** The same person, as the procedure would recognise them: case, spaces and full stops aside. */
function samePerson(a: string, b: string): boolean {
	const key = (name: string) => name.toLowerCase().replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
	return key(a) === key(b);
}

const decision = (today: IsoDate) => ({ decidedOn: today, rationale: 'Recorded in the minutes' });

/**
 * A decision not to hold an SCR: rescind the files instruction or keep it with a reason, and,
 * after a child's death, the Chair's reason for departing from §13.2 (left out one time in five,
 * which must be refused).
 */
function notAnScr(choice: PayloadChoice, extra: Record<string, unknown>): PlannedPayload {
	const { today, variant, walkCase } = choice;
	const keep = variant % 2 === 1;
	const departure = walkCase.classification === 'child_death';
	const leaveOutDeparture = departure && variant % 5 === 0;
	const leaveOutKeepReason = keep && variant % 7 === 1;
	const payload: Record<string, unknown> = {
		...decision(today),
		...extra,
		filesHold: keep ? 'keep' : 'rescind',
		...(keep
			? leaveOutKeepReason
				? {}
				: { keepFilesReason: 'Criminal proceedings are pending' }
			: { rescindInstructionOn: today }),
		...(departure && !leaveOutDeparture
			? { departureReason: 'The family asked for a smaller review' }
			: {})
	};
	const refusal = leaveOutDeparture
		? '§13.2: a decision other than an SCR after a child died needs the reason for departing'
		: leaveOutKeepReason
			? '§13.5: keeping the hold needs a reason'
			: null;
	return {
		payload,
		refusal,
		effect: (c) => {
			c.chairDecided = true;
			c.held = c.held && keep;
		}
	};
}

function gathering(choice: PayloadChoice, withClassification: boolean): PlannedPayload {
	const to = classification(choice);
	const payload = {
		...(withClassification ? { classification: to } : {}),
		agencyIds: someAgencies(choice),
		filesSecureRequestedOn: choice.today
	};
	return {
		payload,
		refusal:
			withClassification && to === RESIDENTIAL
				? '§13.20: a residential-unit incident is out of scope'
				: null,
		effect: (c) => {
			if (withClassification) c.classification = to;
			c.held = true;
			c.everHeld = true;
		}
	};
}

const placesHold = (c: WalkCase) => {
	c.held = true;
	c.everHeld = true;
};

export const WALK_PAYLOADS: Record<TransitionKey, Planner> = {
	'received->triage': () => ({ payload: {}, refusal: null }),

	'triage->si_ofsted': (choice) => {
		const to = classification(choice);
		return {
			payload: { classification: to, ofstedReportedOn: choice.today },
			refusal: to === RESIDENTIAL ? '§13.20: a residential-unit incident is out of scope' : null,
			effect: reclassify(to)
		};
	},
	'triage->gathering': (choice) => gathering(choice, true),
	'triage->chair_decision': (choice) => {
		const to = classification(choice);
		return {
			payload: {
				classification: to,
				reason: 'Criteria clearly met',
				securingAgencyIds: someAgencies(choice),
				filesSecureRequestedOn: choice.today
			},
			refusal:
				to === RESIDENTIAL
					? '§13.20: out of scope'
					: to === 'serious_incident'
						? '§13.20: "All incidents will be reviewed by the SCR Panel"'
						: null,
			effect: (c) => {
				c.classification = to;
				placesHold(c);
			}
		};
	},
	'triage->closed': (choice) => {
		const { today, variant, model, walkCase } = choice;
		const others = openCases(model).filter((c) => c.id !== walkCase.id);
		switch (variant % 4) {
			case 0:
			case 1:
				return {
					payload: {
						closeAs: 'out_of_scope',
						reason: 'A residential unit',
						residentialReferralOn: today
					},
					refusal: null,
					effect: (c) => {
						c.classification = RESIDENTIAL;
						c.closure = 'out_of_scope';
						c.held = false;
					}
				};
			case 2: {
				const into = others[0];
				return {
					payload: {
						closeAs: 'merged',
						reason: 'Opened twice',
						mergedInto: into?.reference ?? walkCase.reference
					},
					refusal: into ? null : 'a case is merged only into another open case',
					effect: (c, m) => {
						c.closure = 'merged';
						c.held = false;
						if (!into) return;
						into.version += 1;
						for (const n of m.notifications) {
							if (n.place.kind === 'case' && n.place.caseId === c.id) {
								n.place = { kind: 'case', caseId: into.id };
							}
						}
					}
				};
			}
			default:
				// The old way round the Chair: closing a case at triage for any other reason.
				return {
					payload: { closeAs: 'no_further_action', reason: 'Nothing to review' },
					refusal: '§13.6: only the Chair decides there is to be no review'
				};
		}
	},

	'si_ofsted->gathering': (choice) => gathering(choice, false),
	'gathering->chair_briefed': ({ today }) => ({
		payload: { chairBriefedOn: today },
		refusal: null
	}),
	'chair_briefed->panel_scheduled': ({ today }) => ({
		payload: { meetingOn: today },
		refusal: null
	}),
	'chair_briefed->chair_decision': ({ walkCase }) => ({
		payload: { reason: 'Criteria clearly met' },
		refusal:
			walkCase.classification === 'serious_incident'
				? '§13.20: "All incidents will be reviewed by the SCR Panel"'
				: null,
		effect: placesHold
	}),
	'panel_scheduled->panel_recommended': ({ today, variant }) => {
		const recommendation = pick(PANEL_RECOMMENDATIONS, variant);
		return {
			payload: {
				meetingOn: today,
				recommendation,
				recommendationReasons: 'Set out in the minutes',
				subGroupChair: 'Sam Subgroup',
				...(variant % 3 === 0 ? { memberDissent: 'Police asked for a full review' } : {}),
				...(recommendation === 'defer' ? { deferUntil: addCalendarDays(today, 14) } : {})
			},
			refusal: null,
			effect: (c) => {
				c.panelRecommended = true;
			}
		};
	},
	'panel_recommended->chair_decision': ({ today }) => ({
		payload: { recommendationSentOn: today },
		refusal: null,
		effect: placesHold
	}),

	'chair_decision->scr_initiated': ({ today }) => ({
		payload: decision(today),
		refusal: null,
		effect: (c) => {
			c.chairDecided = true;
			placesHold(c);
		}
	}),
	'chair_decision->deferred': ({ today }) => ({
		payload: { ...decision(today), deferUntil: addCalendarDays(today, 14) },
		refusal: null,
		effect: (c) => {
			c.chairDecided = true;
		}
	}),
	'chair_decision->imrs_only': (choice) =>
		notAnScr(choice, { lead: 'Health', dueOn: addCalendarMonths(choice.today, 3) }),
	'chair_decision->audit': (choice) =>
		notAnScr(choice, { lead: 'Audit group', dueOn: addCalendarMonths(choice.today, 3) }),
	'chair_decision->internal_review': (choice) => notAnScr(choice, { lead: 'Education' }),
	'chair_decision->no_further_action': (choice) => notAnScr(choice, {}),

	'deferred->panel_scheduled': ({ today }) => ({ payload: { meetingOn: today }, refusal: null }),
	'no_further_action->closed': (choice) => closing(choice, {}),
	'imrs_only->closed': (choice) => closing(choice, { completedOn: choice.today }),
	'audit->closed': (choice) => closing(choice, { completedOn: choice.today }),
	// §13.20: an internal review's "Action Plan and Executive Summary should be agreed as above"
	// before it closes; one time in four the agreements are left out, which must be refused.
	'internal_review->closed': (choice) => {
		const agreed = choice.variant % 4 !== 1;
		const planned = closing(choice, {
			internalReviewFindingsOn: choice.today,
			...(agreed
				? { actionPlanAgreedOn: choice.today, executiveSummaryAgreedOn: choice.today }
				: {})
		});
		return {
			...planned,
			refusal: agreed
				? planned.refusal
				: '§13.20: the action plan and executive summary are agreed before closing'
		};
	},

	'scr_initiated->scoping': ({ dates }) => ({
		payload: {},
		refusal:
			dates.ofstedNotifiedOn && dates.lettersSentOn && dates.imrsRequestedOn
				? null
				: '§13.6: Ofsted notified, letters sent and IMRs requested come first'
	}),
	'scoping->in_review': ({ today, variant, walkCase }) => {
		const chair = pick(CHAIRS, variant);
		return {
			payload: {
				termsOfReferenceAgreedOn: today,
				independentChair: chair,
				overviewWriter: 'Owen Overview',
				panelAgreedOn: today,
				timetableAgreedOn: today,
				mediaStrategyAgreedOn: today
			},
			refusal: walkCase.chairs.some((previous) => samePerson(previous, chair))
				? '§13.16: "a new SCR Panel with a new Independent Chair"'
				: null,
			effect: (c) => {
				c.chairs.push(chair);
			}
		};
	},
	// The walk's agencies never answer their IMR requests, so a case that sent any waits (§13.9);
	// one that sent none moves on the typed date.
	'in_review->drafting': ({ today, walkCase }) => ({
		payload: {
			chronologiesReceivedOn: today,
			imrsSignedOffOn: today,
			healthOverviewReceivedOn: today
		},
		refusal:
			walkCase.imrAgencies.length > 0
				? '§13.9: "All IMRs should have been signed off by their respective agencies"'
				: null
	}),
	'drafting->executive': ({ today }) => ({
		payload: {
			overviewReportAgreedOn: today,
			executiveSummaryAgreedOn: today,
			actionPlanAgreedOn: today
		},
		refusal: null
	}),
	'executive->sent_to_ofsted': ({ today }) => ({
		payload: {
			executiveMeetingOn: today,
			publicationDecision: 'executive_summary_only',
			sentToOfstedOn: today
		},
		refusal: null
	}),
	'sent_to_ofsted->evaluated': ({ today, variant }) => {
		const grade = variant % 3 === 0 ? 'inadequate' : 'adequate';
		return {
			payload: { evaluationLetterOn: today, evaluationGrade: grade },
			refusal: null,
			effect: (c) => {
				c.evaluationGrade = grade;
			}
		};
	},
	'evaluated->publication': ({ walkCase }) => ({
		payload: {},
		refusal:
			walkCase.evaluationGrade === 'adequate' ? null : '§13.16: an inadequate review is redone'
	}),
	'evaluated->scoping': ({ walkCase }) => ({
		payload: {},
		refusal:
			walkCase.evaluationGrade === 'inadequate'
				? null
				: '§13.16: a new panel only after an inadequate evaluation'
	}),
	// §13.15: published only once the proceedings conclude or the Executive Group says why not.
	'publication->monitoring': ({ today, variant, walkCase }) =>
		variant % 3 === 2
			? {
					payload: {
						publicationOutcome: 'withheld',
						publicationOn: today,
						withheldReason: 'It would identify the family'
					},
					refusal: null
				}
			: {
					payload: { publicationOutcome: 'published', publicationOn: today },
					refusal: publicationHeld(walkCase)
						? '§13.15: publication waits for the proceedings, or the Executive’s reason'
						: null
				},
	'monitoring->closed': (choice) => {
		const planned = closing(choice, {});
		return {
			...planned,
			refusal: choice.walkCase.items.some((i) => !i.done)
				? '§13.16: every action plan item is done before closing'
				: planned.refusal
		};
	}
};
