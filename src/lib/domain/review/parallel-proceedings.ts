import { listInWords } from '$lib/domain/text';

// Parallel proceedings (§13.2, §13.10, §13.15): criminal proceedings, the coroner's inquest and a
// domestic homicide review run beside the review. They do not delay it (§13.6 "should not
// routinely be delayed because of outstanding criminal proceedings or Coroners Hearings"), but
// publication waits for them (§13.15 "must be timed in accordance with the conclusion of any
// related Court or Coroner proceedings"; §13.10 "it may not be possible to complete or to publish
// a review until after the Coroners' investigation or criminal proceedings have been completed"),
// unless the Executive Group, which decides on publication (§13.13, §13.16), records why it goes
// ahead.

export const PROCEEDING_KINDS = {
	criminal: 'Criminal proceedings',
	inquest: "Coroner's inquest",
	domestic_homicide_review: 'Domestic homicide review'
} as const;
export type ProceedingKind = keyof typeof PROCEEDING_KINDS;
export const PROCEEDING_KIND_IDS = Object.keys(PROCEEDING_KINDS) as [
	ProceedingKind,
	...ProceedingKind[]
];

export const PROCEEDING_STATUSES = {
	active: 'Active: not yet concluded',
	concluded: 'Concluded'
} as const;
export type ProceedingStatus = keyof typeof PROCEEDING_STATUSES;
export const PROCEEDING_STATUS_IDS = Object.keys(PROCEEDING_STATUSES) as [
	ProceedingStatus,
	...ProceedingStatus[]
];

export interface Proceeding {
	/** The record's id: the same through every correction and change of status. */
	id: string;
	proceeding: ProceedingKind;
	status: ProceedingStatus;
	startedOn: string;
	concludedOn?: string;
	nextDateOn?: string;
	detail?: string;
}

/** The Executive Group's recorded reason to publish while proceedings are still active. */
export interface PublicationGoAhead {
	decidedOn: string;
	reason: string;
	/** The proceedings active when it was recorded: a proceeding begun later is not covered. */
	covers: readonly string[];
}

/** The active proceedings no recorded go-ahead covers: while any remain, publication waits. */
export function proceedingsHoldingPublication<P extends Proceeding>(
	proceedings: readonly P[],
	goAheads: readonly PublicationGoAhead[]
): P[] {
	return proceedings.filter(
		(p) => p.status === 'active' && !goAheads.some((goAhead) => goAhead.covers.includes(p.id))
	);
}

const PROCEEDING_PHRASES: Record<ProceedingKind, string> = {
	criminal: 'criminal proceedings',
	inquest: "the coroner's inquest",
	domestic_homicide_review: 'the domestic homicide review'
};

/** Why publishing is refused, and what to do: the message beside "Publication outcome". */
export function publicationHeldMessage(kinds: readonly ProceedingKind[]): string {
	const waiting = listInWords([...new Set(kinds)].map((kind) => PROCEEDING_PHRASES[kind]));
	return (
		`Publication waits until these are concluded: ${waiting} (§13.10, §13.15). ` +
		"Record the conclusion, or the Executive Group's reason for going ahead, on the case's review work page; or record the summary as withheld"
	);
}

/** "Criminal proceedings and Coroner's inquest", each kind once. */
export function proceedingsInWords(kinds: readonly ProceedingKind[]): string {
	return listInWords([...new Set(kinds)].map((kind) => PROCEEDING_KINDS[kind]));
}
