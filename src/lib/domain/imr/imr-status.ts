import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import type { CaseState } from '$lib/domain/case/case-states';

/**
 * Where a case may send IMR requests: after the decision to hold an SCR (§13.6) and while the
 * review gathers its IMRs (§13.9), before the draft report; and on a decision that requires
 * agencies "to undertake internal management reviews" without an SCR (§13.6's recommendations,
 * the "IMRs only" decision), until that work is closed.
 */
export const IMR_REQUEST_STATES = [
	'scr_initiated',
	'scoping',
	'in_review',
	'imrs_only'
] as const satisfies readonly CaseState[];

export function mayRequestImrs(state: string): boolean {
	return (IMR_REQUEST_STATES as readonly string[]).includes(state);
}

/** Which decision the IMRs answer: a Serious Case Review, or IMRs without one (§13.6). */
export type ImrDecision = 'scr' | 'imrs_only';

/**
 * The decision a case's IMR requests answer and its date, or null where the case may not send
 * them: the letters say what was decided and when, and may not be dated before it.
 */
export function imrDecision(
	state: string,
	dates: { scrDecidedOn?: IsoDate; chairDecidedOn?: IsoDate }
): { decision: ImrDecision; decidedOn: IsoDate } | null {
	if (!mayRequestImrs(state)) return null;
	if (state === 'imrs_only') {
		return dates.chairDecidedOn ? { decision: 'imrs_only', decidedOn: dates.chairDecidedOn } : null;
	}
	return dates.scrDecidedOn ? { decision: 'scr', decidedOn: dates.scrDecidedOn } : null;
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

/**
 * What the move to drafting needs from a case's IMR requests (§13.9 "All IMRs should have been
 * signed off by their respective agencies before they are presented to the panel"): how many are
 * not yet signed off and, once all are, the day the last was. Each request gives the sign-off
 * date of its latest version, or null. Without requests: nothing to wait for and no date, so the
 * move asks for the typed date as before (docs/decisions/026).
 */
export function imrSignOffFacts(signedOffOn: readonly (IsoDate | null)[]): {
	imrsNotSignedOff: number;
	imrsSignedOffOn?: IsoDate;
} {
	const dates = signedOffOn.filter((d): d is IsoDate => d !== null).sort();
	const imrsNotSignedOff = signedOffOn.length - dates.length;
	const last = dates.at(-1);
	return imrsNotSignedOff === 0 && last !== undefined
		? { imrsNotSignedOff, imrsSignedOffOn: last }
		: { imrsNotSignedOff };
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
	decision: ImrDecision;
	decidedOn: IsoDate;
	/** Whether the case's files-secured hold is in place: then the letter asks for the files. */
	filesSecured: boolean;
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
 * template; on an "IMRs only" decision, the letter requiring the agency "to undertake internal
 * management reviews" without an SCR. It names the case by reference only: the agency reads the
 * child's details in its inbox, not in a letter that may be printed and posted.
 */
export function renderImrLetter(facts: ImrLetterFacts): string {
	const scr = facts.decision === 'scr';
	return [
		`To: ${imrAddressee(facts.agencyName)}`,
		`Date: ${formatIsoDate(facts.sentOn)}`,
		`Case: ${facts.caseReference}`,
		'',
		scr
			? 'Serious Case Review: request for an Individual Management Review'
			: 'Request for an Individual Management Review',
		'',
		scr
			? `On ${formatIsoDate(facts.decidedOn)} the Chair of the Local Safeguarding Children Board decided to hold a Serious Case Review of case ${facts.caseReference}. ${facts.agencyName} is known to be a relevant agency.`
			: `On ${formatIsoDate(facts.decidedOn)} the Chair of the Local Safeguarding Children Board decided not to hold a Serious Case Review of case ${facts.caseReference}, but to require the agencies involved to undertake internal management reviews. ${facts.agencyName} is known to be a relevant agency.`,
		'',
		`Please commence an Individual Management Review (IMR) of your agency's involvement, with a single agency chronology, and send it by ${formatIsoDate(facts.dueOn)}. The IMR is sent through your agency's requests in Safeguard Tracker: its author, the chronology, the analysis, the recommendations and the senior manager's sign-off. ${scr ? 'It must be signed off by your agency before it is presented to the review panel (§13.9).' : 'It must be signed off by your agency.'}`,
		...(facts.filesSecured
			? [
					'',
					'Please make sure that both the paper and the electronic files relating to the case are secured. Nothing in them may be destroyed or altered.'
				]
			: []),
		...(scr
			? [
					'',
					'No member agency should comment publicly on the case without first consulting the Chair of the LSCB.'
				]
			: []),
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
