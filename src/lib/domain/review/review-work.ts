import { z } from 'zod';
import { isIsoDate } from '$lib/domain/calendar/iso-date';
import { dateField, optionalTextField, textField } from '$lib/domain/case/payload-fields';
import {
	REVIEW_DOCUMENT_KINDS,
	MEETING_KINDS,
	INDEPENDENT_ROLES,
	OFSTED_DISPATCH_ITEMS,
	MAX_DOCUMENT_LENGTH,
	MAX_ATTENDEES,
	MAX_LINKED_REPORTS,
	type OfstedDispatchItem
} from './review-choices';

export * from './review-choices';

/*
 * The review as work (§13.7–§13.14, DESIGN §5b): the individual panel, its meetings, the
 * documents that come out of them (each kept as versions) and the dispatch to Ofsted. One zod
 * schema per input, shared by the pages and the tRPC procedures.
 */

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
