import type { IsoDate } from '$lib/domain/calendar/iso-date';

/*
 * A short report request's status (§13.5), in one place for the server, the Unit's pages and the
 * agency's. Only the first three are stored; "overdue" is a requested one past its due date.
 */

export const STORED_REQUEST_STATUSES = [
	'requested',
	'received',
	'nil_return',
	'withdrawn'
] as const;
export type StoredRequestStatus = (typeof STORED_REQUEST_STATUSES)[number];

export type ShortReportRequestStatus = StoredRequestStatus | 'overdue';

/** What an agency sends in answer: a short report, or a nil return (no involvement). */
export const SHORT_REPORT_KINDS = ['report', 'nil_return'] as const;
export type ShortReportKind = (typeof SHORT_REPORT_KINDS)[number];

/** The stored status of a request answered with `kind`. */
export function answeredStatus(kind: ShortReportKind): 'received' | 'nil_return' {
	return kind === 'report' ? 'received' : 'nil_return';
}

/** The status as of `today`: a request still waiting after its due date is overdue. */
export function requestStatus(
	stored: StoredRequestStatus,
	dueOn: IsoDate,
	today: IsoDate
): ShortReportRequestStatus {
	if (stored !== 'requested') return stored;
	return today > dueOn ? 'overdue' : 'requested';
}

/** Still waiting for the agency's answer. */
export function isOutstanding(status: ShortReportRequestStatus): boolean {
	return status === 'requested' || status === 'overdue';
}

/** Answered, with a report or a nil return. */
export function isAnswered(status: ShortReportRequestStatus): boolean {
	return status === 'received' || status === 'nil_return';
}

/** How the Safeguarding Unit reads each status. */
export const UNIT_REQUEST_STATUS_LABELS: Record<ShortReportRequestStatus, string> = {
	requested: 'Requested',
	overdue: 'Overdue',
	received: 'Received',
	nil_return: 'Nil return: no involvement',
	withdrawn: 'Withdrawn'
};

/** How the agency that was asked reads each status. */
export const AGENCY_REQUEST_STATUS_LABELS: Record<ShortReportRequestStatus, string> = {
	requested: 'Waiting for your report',
	overdue: 'Overdue',
	received: 'Report sent',
	nil_return: 'No involvement sent',
	withdrawn: 'Withdrawn by the Safeguarding Unit'
};

/** The GOV.UK tag colour of each status. */
export const REQUEST_STATUS_TAG_COLOURS: Record<ShortReportRequestStatus, string> = {
	requested: 'govuk-tag--yellow',
	overdue: 'govuk-tag--red',
	received: 'govuk-tag--green',
	nil_return: 'govuk-tag--green',
	withdrawn: 'govuk-tag--grey'
};
