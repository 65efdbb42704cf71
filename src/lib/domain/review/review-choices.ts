import type { CaseState } from '$lib/domain/case/case-states';

/*
 * The words and choices of the review as work (decision 027), apart from its zod schemas
 * (review-work.ts), so that pages import them without bundling zod's classic API (decision 013).
 */

/** The documents of a review: one versioned model for all of them. */
export const REVIEW_DOCUMENT_KINDS = [
	'terms_of_reference',
	'minutes',
	'overview_report',
	'executive_summary'
] as const;
export type ReviewDocumentKind = (typeof REVIEW_DOCUMENT_KINDS)[number];

/** Documents of the case as a whole (minutes belong to a meeting). */
export const CASE_DOCUMENT_KINDS = [
	'terms_of_reference',
	'overview_report',
	'executive_summary'
] as const satisfies readonly ReviewDocumentKind[];
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

export const REVIEW_DOCUMENT_LABELS: Record<ReviewDocumentKind, string> = {
	terms_of_reference: 'Terms of reference',
	minutes: 'Minutes',
	overview_report: 'Overview report',
	executive_summary: 'Executive summary'
};

export const MEETING_KINDS = ['sub_group', 'panel', 'draft_report', 'executive'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_LABELS: Record<MeetingKind, string> = {
	sub_group: 'SCR Sub Group meeting',
	panel: 'Individual panel meeting',
	draft_report: 'Draft report meeting',
	executive: 'Executive Group meeting'
};

/** The independent people the Sub Group appoints (§13.7), and the panel's members by agency. */
export const INDEPENDENT_ROLES = ['independent_chair', 'overview_author'] as const;
export type IndependentRole = (typeof INDEPENDENT_ROLES)[number];
export const INDEPENDENT_ROLE_LABELS: Record<IndependentRole, string> = {
	independent_chair: 'Independent chair',
	overview_author: 'Overview report author'
};

/**
 * The states in which the individual panel, its timetable and its reports are kept: from the
 * decision to hold an SCR (§13.7 "Once a decision has been made") to the end of monitoring, and an
 * internal review, which follows "the same standards and ways of working" with its own chair and
 * overview writer (§13.20).
 */
export const REVIEW_STATES = [
	'scr_initiated',
	'scoping',
	'in_review',
	'drafting',
	'executive',
	'sent_to_ofsted',
	'evaluated',
	'publication',
	'monitoring',
	'internal_review'
] as const satisfies readonly CaseState[];

export function isReviewState(state: string): boolean {
	return (REVIEW_STATES as readonly string[]).includes(state);
}

/** The states in which the review may be recorded as sent to Ofsted (§13.14). */
export const DISPATCH_STATES = [
	'executive',
	'sent_to_ofsted'
] as const satisfies readonly CaseState[];

export const MAX_DOCUMENT_LENGTH = 200_000;
export const MAX_ATTENDEES = 40;
export const MAX_LINKED_REPORTS = 50;

/** What was sent to Ofsted by registered post (§13.14), recorded once. */
export const OFSTED_DISPATCH_ITEMS = [
	'overview_report',
	'executive_summary',
	'multi_agency_chronology',
	'imrs',
	'health_overview_report',
	'action_plans'
] as const;
export type OfstedDispatchItem = (typeof OFSTED_DISPATCH_ITEMS)[number];
export const OFSTED_DISPATCH_LABELS: Record<OfstedDispatchItem, string> = {
	overview_report: 'The overview report',
	executive_summary: 'The executive summary',
	multi_agency_chronology: 'The multi-agency chronologies',
	imrs: 'The individual management reviews',
	health_overview_report: 'The health overview report',
	action_plans: 'The action plans'
};
