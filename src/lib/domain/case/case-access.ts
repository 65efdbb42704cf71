import { CASE_TRANSITIONS } from '$lib/domain/case/case-transitions';
import { practitionerStatus, type CaseState } from '$lib/domain/case/case-states';
import type { NotificationStatus } from '$lib/domain/notification/notification-status';

/**
 * The cases awaiting or holding the Chair's decision: the states from which the transition table
 * lets the Chair move a case on. Derived, so the table stays the one authority. The Chair reads
 * every case, from triage on (§13.6: the Chair decides, and sees everything the decision rests
 * on), but acts only on these.
 */
export const CHAIR_DECISION_STATES: readonly CaseState[] = [
	...new Set(CASE_TRANSITIONS.filter((t) => t.roles.includes('chair')).map((t) => t.from))
];

/**
 * The status the practitioner sees for a notification linked to a case in `state`. It follows
 * the case (`practitionerStatus`), except that a notification triage has put into a case is
 * already "under consideration" while the case itself is still in triage: the reporter learns
 * that the Unit has acted on it, never which review was chosen.
 */
export function linkedNotificationStatus(state: string): NotificationStatus {
	const status = practitionerStatus(state);
	return status === 'received' ? 'under_consideration' : status;
}
