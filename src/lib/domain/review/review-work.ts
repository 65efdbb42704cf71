import { z } from 'zod';
import { isIsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseState } from '$lib/domain/case/case-states';
import { dateField, optionalTextField, textField } from '$lib/domain/case/payload-fields';

/*
 * The review as work (§13.7–§13.14, DESIGN §5b): the individual panel, its meetings, the
 * documents that come out of them (each kept as versions) and the dispatch to Ofsted. One zod
 * schema per input, shared by the pages and the tRPC procedures.
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

export function isReviewState(state: CaseState): boolean {
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

const uuid = (message: string) => z.uuid(message);

/** A version of a document: the text as agreed or circulated. Immutable once saved. */
export const documentVersionInput = z.object({
	kind: z.enum(REVIEW_DOCUMENT_KINDS, { error: 'Select which document this is' }),
	meetingId: uuid('Select the meeting these minutes are of').optional(),
	body: textField('the text of this version', MAX_DOCUMENT_LENGTH),
	note: optionalTextField('what changed in this version', 500)
});
export type DocumentVersionInput = z.output<typeof documentVersionInput>;

/** An independent chair or overview report author, with their declaration (§13.7, §13.8). */
export const independentAppointmentInput = z.object({
	role: z.enum(INDEPENDENT_ROLES, { error: 'Select independent chair or overview report author' }),
	name: textField('their name', 200),
	employer: textField('who employs them', 200),
	/** The agency on our list that employs them, if any: an involved one is refused. */
	employerAgencyId: uuid('Select the agency from the list').optional(),
	notEmployedByInvolvedAgency: z.literal(true, {
		error:
			'Confirm they are not employed by an agency involved in the case (§13.7: they must be independent)'
	}),
	declaredOn: dateField('the date of their declaration')
});
export type IndependentAppointmentInput = z.output<typeof independentAppointmentInput>;

/** A member of the individual panel, by agency (§13.8). */
export const panelMemberInput = z.object({
	name: textField('the member’s name', 200),
	agencyId: uuid('Select the agency the member represents'),
	jobTitle: textField('the member’s job title', 200)
});

/** One milestone of the review timetable (§13.7, §13.8). */
export const milestoneInput = z.object({
	milestone: textField('the milestone', 200),
	dueOn: dateField('the date it is due')
});

/**
 * A specialist opinion not in the terms of reference (§13.11): it "must firstly be agreed with
 * the Chair of the SCR Sub Group and the Chair of the LSCB", so both agreements are required.
 */
export const specialistOpinionInput = z.object({
	specialism: textField('the specialist opinion needed', 500),
	reason: textField('why it is needed', 2000),
	subGroupChairName: textField('the name of the Chair of the SCR Sub Group who agreed', 200),
	subGroupChairAgreedOn: dateField('the date the Chair of the SCR Sub Group agreed'),
	lscbChairName: textField('the name of the Chair of the LSCB who agreed', 200),
	lscbChairAgreedOn: dateField('the date the Chair of the LSCB agreed')
});

/** Someone at a meeting: a user of the app, or someone named (with their organisation). */
export const attendeeInput = z.union([
	z.object({ userId: uuid('Select the person from the list') }),
	z.object({
		name: textField('the attendee’s name', 200),
		organisation: optionalTextField('the attendee’s organisation', 200)
	})
]);
export type AttendeeInput = z.output<typeof attendeeInput>;

export const meetingInput = z.object({
	kind: z.enum(MEETING_KINDS, { error: 'Select which meeting this was' }),
	heldOn: dateField('the date of the meeting'),
	attendees: z
		.array(attendeeInput, { error: 'Enter who attended' })
		.min(1, 'Enter at least one person who attended')
		.max(MAX_ATTENDEES, `Enter at most ${MAX_ATTENDEES} people who attended`),
	agenda: textField('the agenda', 5000),
	decisions: textField('the decisions taken', 5000),
	/** The short reports presented at a Sub Group meeting, kept with its minutes (§13.5). */
	shortReportRequestIds: z
		.array(uuid('Select short reports from the list'))
		.max(MAX_LINKED_REPORTS)
		.default([])
});
export type MeetingInput = z.output<typeof meetingInput>;

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

export const ofstedDispatchInput = z.object({
	sentOn: dateField('the date it was sent to Ofsted'),
	overviewReportVersion: z
		.number({ error: 'Select the version of the overview report sent' })
		.int()
		.min(1, 'Select the version of the overview report sent'),
	executiveSummaryVersion: z
		.number({ error: 'Select the version of the executive summary sent' })
		.int()
		.min(1, 'Select the version of the executive summary sent'),
	itemsSent: z
		.array(z.enum(OFSTED_DISPATCH_ITEMS, { error: 'Select what was sent from the list' }))
		.max(OFSTED_DISPATCH_ITEMS.length),
	twoHardCopies: z.literal(true, {
		error: 'Confirm two hard copies were sent (§13.14)'
	}),
	registeredPostReference: textField('the registered post reference', 100)
});
export type OfstedDispatchInput = z.output<typeof ofstedDispatchInput>;

/** §13.14 lists the whole SCR: every item must be ticked before it can be recorded as sent. */
export function missingDispatchItems(items: readonly OfstedDispatchItem[]): OfstedDispatchItem[] {
	return OFSTED_DISPATCH_ITEMS.filter((item) => !items.includes(item));
}

/**
 * "Not employed by an agency involved in the case" (§13.7 "independent", §13.6 "not representing
 * ... agencies [that] have a major role"): an agency is involved when the case has asked it for a
 * short report, told it to secure its files, or received a notification from it
 * (docs/decisions/027).
 */
export function employedByInvolvedAgency(
	employerAgencyId: string | undefined,
	involvedAgencyIds: readonly string[]
): boolean {
	return employerAgencyId !== undefined && involvedAgencyIds.includes(employerAgencyId);
}

/** A date no later than `today` (a meeting held, a version agreed): the caller's check. */
export function notAfter(date: string, today: string): boolean {
	return isIsoDate(date) && date <= today;
}
