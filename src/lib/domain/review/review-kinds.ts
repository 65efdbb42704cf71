// The kinds of review work entry and their form fields, without zod: the pages import these, and
// the schemas (review-entry.ts) stay out of the browser's bundle, whose shared zod chunk every page
// loads (the notification form's page weight, tests/e2e/support/page-weight.ts).
export const REVIEW_ENTRY_KINDS = [
	'other_body',
	'proceeding',
	'publication_go_ahead',
	'family_plan',
	'media_strategy',
	'three_strand_meeting'
] as const;
export type ReviewEntryKind = (typeof REVIEW_ENTRY_KINDS)[number];

/** Kinds the case holds one of: recording again is a correction of it. */
export const SINGLE_ENTRY_KINDS = [
	'family_plan',
	'media_strategy',
	'three_strand_meeting'
] as const satisfies readonly ReviewEntryKind[];

/** Kinds with a record id that a correction names. */
export const CORRECTABLE_KINDS = [
	'other_body',
	'proceeding'
] as const satisfies readonly ReviewEntryKind[];

export const REVIEW_ENTRY_NAMES: Record<ReviewEntryKind, string> = {
	other_body: 'a notice to another body',
	proceeding: 'a parallel proceeding',
	publication_go_ahead: "the Executive Group's reason to publish before proceedings conclude",
	family_plan: 'the family involvement and de-briefing plan',
	media_strategy: 'the media strategy',
	three_strand_meeting: 'the initial three-strand meeting'
};

/** The fields a form sends for each kind, in the order of the page (the schema is the authority). */
export const REVIEW_ENTRY_FIELDS: Record<ReviewEntryKind, readonly string[]> = {
	other_body: ['recordId', 'body', 'purpose', 'toldOn', 'toldBy', 'note'],
	proceeding: [
		'recordId',
		'proceeding',
		'status',
		'startedOn',
		'concludedOn',
		'nextDateOn',
		'detail'
	],
	publication_go_ahead: ['decidedOn', 'reason'],
	family_plan: ['lead', 'involvement', 'familyContactedOn', 'debriefPlannedOn', 'debriefHeldOn'],
	media_strategy: ['mediaLead', 'criminalMediaLead', 'strategy', 'agreedOn'],
	three_strand_meeting: [
		'meetingOn',
		'calledBy',
		'investigationLead',
		'caseManagementLead',
		'childrenSafeLead',
		'note'
	]
};

/** The prefix of each form's field ids, so the error summary links to the right form's field. */
export const REVIEW_FORM_PREFIX: Record<ReviewEntryKind, string> = {
	other_body: 'notice',
	proceeding: 'proceeding',
	publication_go_ahead: 'go-ahead',
	family_plan: 'family',
	media_strategy: 'media',
	three_strand_meeting: 'three-strand'
};
