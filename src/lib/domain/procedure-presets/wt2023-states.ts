import { isOneOf } from '$lib/domain/one-of';

/**
 * The states of a case under Working Together to Safeguard Children 2023 (docs/procedure-wt2023.md,
 * DESIGN §5a), in the order a case usually meets them. `closed` has the seed's name and meaning:
 * the case owes nothing more.
 */
export const WT2023_STATES = [
	'incident_recorded',
	'notification_decision',
	'not_notifiable',
	'panel_notified',
	'rapid_review_sent',
	'national_review',
	'lcspr_decision',
	'no_lcspr',
	'lcspr_commissioned',
	'final_report_received',
	'publication_deferred',
	'published',
	'closed'
] as const;
export type Wt2023State = (typeof WT2023_STATES)[number];

export function isWt2023State(value: unknown): value is Wt2023State {
	return isOneOf(WT2023_STATES, value);
}

/** A case opens here: the notification reached the local authority, which is now aware. */
export const WT2023_INITIAL_STATE: Wt2023State = 'incident_recorded';

export const WT2023_STATE_LABELS: Record<Wt2023State, string> = {
	incident_recorded: 'Incident recorded',
	notification_decision: 'Deciding whether to notify the national Panel',
	not_notifiable: 'Not notifiable',
	panel_notified: 'Panel notified: rapid review under way',
	rapid_review_sent: "Rapid review sent: awaiting the Panel's answer",
	national_review: 'National review by the Panel',
	lcspr_decision: 'Partners deciding on a local review',
	no_lcspr: 'No local review',
	lcspr_commissioned: 'Local review commissioned',
	final_report_received: 'Final report accepted',
	publication_deferred: 'Publication deferred',
	published: 'Report published',
	closed: 'Closed'
};
