import { isOneOf } from '$lib/domain/one-of';

/** Every state a case can be in (docs/procedure.md), in the order a case usually meets them. */
export const CASE_STATES = [
	'received',
	'triage',
	'si_ofsted',
	'gathering',
	'chair_briefed',
	'panel_scheduled',
	'panel_recommended',
	'chair_decision',
	'deferred',
	'no_further_action',
	'imrs_only',
	'audit',
	'internal_review',
	'scr_initiated',
	'scoping',
	'in_review',
	'drafting',
	'executive',
	'sent_to_ofsted',
	'evaluated',
	'publication',
	'monitoring',
	'closed'
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export function isCaseState(value: unknown): value is CaseState {
	return isOneOf(CASE_STATES, value);
}

/** What the Unit and the Chair see. */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
	received: 'Received',
	triage: 'Triage',
	si_ofsted: 'Serious incident reported to Ofsted',
	gathering: 'Gathering information',
	chair_briefed: 'Chair briefed',
	panel_scheduled: 'Sub Group meeting scheduled',
	panel_recommended: 'Sub Group recommendation made',
	chair_decision: "Awaiting Chair's decision",
	deferred: 'Decision deferred',
	no_further_action: 'No further action',
	imrs_only: 'Individual management reviews only',
	audit: 'Smaller scale audit',
	internal_review: 'Internal review',
	scr_initiated: 'Serious Case Review initiated',
	scoping: 'Scoping the review',
	in_review: 'Review in progress',
	drafting: 'Drafting the overview report',
	executive: 'With the Executive Group',
	sent_to_ofsted: 'Sent to Ofsted',
	evaluated: 'Ofsted evaluation received',
	publication: 'Publication',
	monitoring: 'Monitoring the action plan',
	closed: 'Closed'
};

/**
 * What the practitioner who made the notification sees, so that no report vanishes without a word.
 * Deliberately coarse: the reporter learns that their notification was received and is being
 * acted on, never which review the LSCB chose or why, which belongs to the case and not to the
 * reporter.
 */
export const PRACTITIONER_STATUSES = ['received', 'under_consideration', 'closed'] as const;
export type PractitionerStatus = (typeof PRACTITIONER_STATUSES)[number];

export const PRACTITIONER_STATUS_LABELS: Record<PractitionerStatus, string> = {
	received: 'Received',
	under_consideration: 'Under consideration',
	closed: 'Closed'
};

export function practitionerStatus(state: string): PractitionerStatus {
	if (state === 'received' || state === 'triage') return 'received';
	if (state === 'closed') return 'closed';
	return 'under_consideration';
}
