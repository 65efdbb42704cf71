import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { workingDaysBetween } from '$lib/domain/calendar/working-days';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import type { CaseState } from '$lib/domain/case/case-states';

/**
 * Where a case may send IMR requests: after the decision to hold an SCR (§13.6) and while the
 * review gathers its IMRs (§13.9), before the draft report.
 */
export const IMR_REQUEST_STATES = [
	'scr_initiated',
	'scoping',
	'in_review'
] as const satisfies readonly CaseState[];

export function mayRequestImrs(state: CaseState): boolean {
	return (IMR_REQUEST_STATES as readonly CaseState[]).includes(state);
}

/*
 * An IMR request's status (§13.6, §13.9), in one place for the server, the Unit's pages, the
 * Chair's and the agency's. Nothing is stored: it follows from the latest version sent and the
 * due date. A version without the senior manager's sign-off is received, not signed off: §13.9
 * "All IMRs should have been signed off by their respective agencies before they are presented
 * to the panel".
 */
export const IMR_STATUSES = ['requested', 'overdue', 'received', 'signed_off'] as const;
export type ImrStatus = (typeof IMR_STATUSES)[number];

export function imrStatus(
	latest: { signedOff: boolean } | null,
	dueOn: IsoDate,
	today: IsoDate
): ImrStatus {
	if (latest) return latest.signedOff ? 'signed_off' : 'received';
	return today > dueOn ? 'overdue' : 'requested';
}

/** Working days past the due date, counted on the England calendar; 0 when not overdue. */
export function imrWorkingDaysOverdue(status: ImrStatus, dueOn: IsoDate, today: IsoDate): number {
	return status === 'overdue' ? Math.max(workingDaysBetween(dueOn, today), 0) : 0;
}

export const UNIT_IMR_STATUS_LABELS: Record<ImrStatus, string> = {
	requested: 'Requested',
	overdue: 'Overdue',
	received: 'Received, not signed off',
	signed_off: 'Signed off'
};

export const AGENCY_IMR_STATUS_LABELS: Record<ImrStatus, string> = {
	requested: 'Waiting for your IMR',
	overdue: 'Overdue',
	received: 'Sent, waiting for sign-off',
	signed_off: 'Signed off and sent'
};

export const IMR_STATUS_TAG_COLOURS: Record<ImrStatus, string> = {
	requested: 'govuk-tag--yellow',
	overdue: 'govuk-tag--red',
	received: 'govuk-tag--blue',
	signed_off: 'govuk-tag--green'
};

/** "Overdue by 3 working days", or the label alone. */
export function imrStatusText(
	labels: Record<ImrStatus, string>,
	status: ImrStatus,
	workingDaysOverdue: number
): string {
	if (status !== 'overdue' || workingDaysOverdue === 0) return labels[status];
	return `${labels.overdue} by ${workingDaysOverdue} working ${workingDaysOverdue === 1 ? 'day' : 'days'}`;
}

export interface ImrLetterFacts {
	agencyName: string;
	caseReference: string;
	scrDecidedOn: IsoDate;
	sentOn: IsoDate;
	dueOn: IsoDate;
	senderName: string;
}

/** Who the letter is addressed to: the chief executive or equivalent (§13.6). */
export function imrAddressee(agencyName: string): string {
	return `The Chief Executive (or equivalent), ${agencyName}`;
}

/**
 * The letter to an agency's chief executive (§13.6 "Decision to hold a SCR"), from the one
 * template. It names the case by reference only: the agency reads the child's details in its
 * inbox, not in a letter that may be printed and posted.
 */
export function renderImrLetter(facts: ImrLetterFacts): string {
	return [
		`To: ${imrAddressee(facts.agencyName)}`,
		`Date: ${formatIsoDate(facts.sentOn)}`,
		`Case: ${facts.caseReference}`,
		'',
		'Serious Case Review: request for an Individual Management Review',
		'',
		`On ${formatIsoDate(facts.scrDecidedOn)} the Chair of the Local Safeguarding Children Board decided to hold a Serious Case Review of case ${facts.caseReference}. ${facts.agencyName} is known to be a relevant agency.`,
		'',
		`Please commence an Individual Management Review (IMR) of your agency's involvement, with a single agency chronology, and send it by ${formatIsoDate(facts.dueOn)}. The IMR is sent through your agency's requests in Safeguard Tracker: its author, the chronology, the analysis, the recommendations and the senior manager's sign-off. It must be signed off by your agency before it is presented to the review panel (§13.9).`,
		'',
		'Please make sure that both the paper and the electronic files relating to the case are secured. Nothing in them may be destroyed or altered.',
		'',
		'No member agency should comment publicly on the case without first consulting the Chair of the LSCB.',
		'',
		'Yours sincerely,',
		facts.senderName,
		'for the LSCB Manager, Safeguarding Unit'
	].join('\n');
}

/** The case dates the IMR request letters record (T8, §13.6), no longer typed once there are any. */
export function isImrLetterDate(name: string): boolean {
	return name === 'lettersSentOn' || name === 'imrsRequestedOn';
}

export const IMR_LETTER_DATE_REFUSAL =
	'This case sends its IMR request letters from the case, so the date the letters were sent and the date IMRs were requested follow from them and cannot be typed';
