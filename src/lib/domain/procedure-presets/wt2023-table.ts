import type { Role } from '$lib/domain/roles';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { isWt2023State, type Wt2023State } from './wt2023-states';
import { PARTNER_AGREEMENT_FIELDS, jointDecisionOn } from './wt2023-partners';
import type { Wt2023MoveKey, Wt2023Payload } from './wt2023-payloads';
import type { PresetMove } from './preset-moves';

/**
 * The Working Together 2023 state machine (docs/procedure-wt2023.md) as data, the same shape as the
 * seed's transition-table.ts. Every move is the Safeguarding Unit's: where the guidance has the
 * three safeguarding partners decide together, the Unit records each partner's agreement, and the
 * move is refused without all three (docs/decisions/033). The LSCB Chair has no part.
 *
 * `section` names the source: the guidance's chapter (its paragraph numbers are not yet checked
 * against the published text, docs/procedure-wt2023.md) or the law it restates.
 */

interface Wt2023MoveData<Key extends Wt2023MoveKey> {
	roles: readonly Role[];
	action: string;
	section: string;
	requires: readonly string[];
	records?: (payload: Wt2023Payload<Key>, today: IsoDate) => CaseDates;
}

const UNIT: readonly Role[] = ['unit'];
const JOINT = PARTNER_AGREEMENT_FIELDS;
const CH5 = 'WT2023 ch. 5';
const NOTIFY = `${CH5}; Children Act 2004 s16C`;
const LOCAL_REVIEW = `${CH5}; SI 2018/789 reg 11`;

/** A closed case owes nothing more: the seed's `closedOn`, today. */
function closedToday(_payload: unknown, today: IsoDate): CaseDates {
	return { closedOn: today };
}

/** The partners agree the incident is not notifiable; a looked-after child's death is told anyway. */
function notNotifiableRule(
	action: string
): Wt2023MoveData<'notification_decision->not_notifiable' | 'panel_notified->not_notifiable'> {
	return {
		roles: UNIT,
		action,
		section: CH5,
		requires: ['partnersReasons', 'lacDeathNotifiedOn', ...JOINT],
		records: (payload) => ({
			notNotifiableOn: jointDecisionOn(payload.agreements),
			...lacDeathNotified(payload)
		})
	};
}

/** A case whose road has ended closes with nothing more to record. */
function closeRule(): Wt2023MoveData<
	'not_notifiable->closed' | 'no_lcspr->closed' | 'published->closed'
> {
	return {
		roles: UNIT,
		action: 'Close the case',
		section: CH5,
		requires: [],
		records: closedToday
	};
}

const RULES: { [Key in Wt2023MoveKey]: Wt2023MoveData<Key> } = {
	'incident_recorded->notification_decision': {
		roles: UNIT,
		action: 'Record when the local authority became aware',
		section: NOTIFY,
		requires: ['becameAwareOn', 'childDied', 'lookedAfter'],
		// A looked-after child's death is told to the Secretary of State and Ofsted whatever the
		// cause, so its clock starts on the facts alone, before any decision to notify.
		records: (payload) => ({
			becameAwareOn: payload.becameAwareOn,
			...(payload.childDied === 'yes' && payload.lookedAfter === 'yes'
				? { lacDeathKnownOn: payload.becameAwareOn }
				: {})
		})
	},
	'notification_decision->panel_notified': {
		roles: UNIT,
		action: 'Record the notification to the national Panel',
		section: NOTIFY,
		requires: ['panelNotifiedOn', 'partnersInformedOn', 'lacDeathNotifiedOn'],
		records: (payload) => ({
			panelNotifiedOn: payload.panelNotifiedOn,
			partnersInformedOn: payload.partnersInformedOn,
			...lacDeathNotified(payload)
		})
	},
	'notification_decision->not_notifiable': notNotifiableRule(
		'Record the partners’ agreement that it is not notifiable'
	),
	'panel_notified->rapid_review_sent': {
		roles: UNIT,
		action: 'Record the rapid review sent to the Panel',
		section: CH5,
		requires: [
			'rapidReviewHeldOn',
			'attendees',
			'findings',
			'partnersRecommendation',
			'rapidReviewSentOn',
			...JOINT
		],
		records: (payload) => ({ rapidReviewSentOn: payload.rapidReviewSentOn })
	},
	'panel_notified->not_notifiable': notNotifiableRule(
		'Record that the incident turned out not to be notifiable'
	),
	'rapid_review_sent->national_review': {
		roles: UNIT,
		action: "Record the Panel's answer: a national review",
		section: `${CH5}; SI 2018/789 reg 3`,
		requires: ['panelAnswerOn'],
		records: (payload) => ({ panelAnswerOn: payload.panelAnswerOn })
	},
	'rapid_review_sent->lcspr_decision': {
		roles: UNIT,
		action: "Record the Panel's answer: no national review",
		section: LOCAL_REVIEW,
		requires: ['panelAnswerOn'],
		records: (payload) => ({ panelAnswerOn: payload.panelAnswerOn })
	},
	'lcspr_decision->lcspr_commissioned': {
		roles: UNIT,
		action: 'Record the partners’ decision to commission a local review',
		section: LOCAL_REVIEW,
		requires: ['reviewer', 'partnersReasons', ...JOINT],
		records: (payload) => ({ lcsprCommissionedOn: jointDecisionOn(payload.agreements) })
	},
	'lcspr_decision->no_lcspr': {
		roles: UNIT,
		action: 'Record the partners’ decision not to commission a local review',
		section: LOCAL_REVIEW,
		requires: ['partnersReasons', 'reasonsSentToPanelOn', ...JOINT]
	},
	'lcspr_commissioned->final_report_received': {
		roles: UNIT,
		action: 'Record the final report accepted by the partners',
		section: `${CH5}; SI 2018/789 reg 14`,
		requires: ['finalReportReceivedOn', ...JOINT],
		records: (payload) => ({ finalReportReceivedOn: payload.finalReportReceivedOn })
	},
	'final_report_received->published': {
		roles: UNIT,
		action: 'Record the report sent to the Panel and published',
		section: CH5,
		requires: ['prePublicationSentOn', 'publishedOn'],
		records: published
	},
	'final_report_received->publication_deferred': {
		roles: UNIT,
		action: 'Record the partners’ decision to defer publication',
		section: CH5,
		requires: ['partnersReasons', 'publicationReviewOn', ...JOINT],
		records: (payload) => ({
			publicationDeferredOn: jointDecisionOn(payload.agreements),
			publicationReviewOn: payload.publicationReviewOn
		})
	},
	'publication_deferred->published': {
		roles: UNIT,
		action: 'Record the report sent to the Panel and published',
		section: CH5,
		requires: ['prePublicationSentOn', 'publishedOn'],
		records: published
	},
	'national_review->closed': {
		roles: UNIT,
		action: "Record the national review's outcome and close the case",
		section: `${CH5}; Children Act 2004 s16B`,
		requires: ['nationalReviewOutcome'],
		records: closedToday
	},
	'not_notifiable->closed': closeRule(),
	'no_lcspr->closed': closeRule(),
	'published->closed': closeRule()
};

function lacDeathNotified(payload: { lacDeathNotifiedOn?: IsoDate }): CaseDates {
	return payload.lacDeathNotifiedOn ? { lacDeathNotifiedOn: payload.lacDeathNotifiedOn } : {};
}

function published(payload: { prePublicationSentOn: IsoDate; publishedOn: IsoDate }): CaseDates {
	return { prePublicationSentOn: payload.prePublicationSentOn, publishedOn: payload.publishedOn };
}

export interface Wt2023Move extends PresetMove {
	key: Wt2023MoveKey;
	from: Wt2023State;
	to: Wt2023State;
}

function statesOf(key: Wt2023MoveKey): [Wt2023State, Wt2023State] {
	const [from, to] = key.split('->');
	if (!isWt2023State(from) || !isWt2023State(to)) throw new Error(`Malformed move key ${key}`);
	return [from, to];
}

/** Every allowed move under Working Together 2023, in table order. */
export const WT2023_MOVES: readonly Wt2023Move[] = (Object.keys(RULES) as Wt2023MoveKey[]).map(
	(key) => {
		const { roles, action, section, requires } = RULES[key];
		const [from, to] = statesOf(key);
		return { key, from, to, roles, action, section, requires };
	}
);

/** The case dates a move records, from its parsed payload. */
export function wt2023RecordedDates(
	key: Wt2023MoveKey,
	payload: unknown,
	today: IsoDate
): CaseDates {
	const records = RULES[key].records as
		((payload: unknown, today: IsoDate) => CaseDates) | undefined;
	return records ? records(payload, today) : {};
}
