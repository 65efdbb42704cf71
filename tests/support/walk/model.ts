import type { CaseState } from '$lib/domain/case/case-states';
import type { CaseClassification } from '$lib/domain/case/case-choices';
import type { YesNoNotKnown } from '$lib/domain/notification/notification-options';

// What the random walk expects the world to hold, kept by the moves from what they did and
// compared with the database after every step by the invariants. It restates the procedure in
// its own words instead of calling the code under test, so a wrong rule in the code shows up as
// a difference.

export interface WalkNotification {
	id: string;
	/** "Are other children likely to be at risk?" (§13.1). */
	answer: YesNoNotKnown;
	/** The Unit recorded what it did for the other children. */
	actionRecorded: boolean;
	/** The form reports a child's death: CDOP must be told (§13.5). */
	death: boolean;
	/** The Unit recorded "CDOP informed" on it. */
	cdopRecorded: boolean;
	/** Untriaged in the queue, returned to the practitioner, or in a case. */
	place: { kind: 'queue' } | { kind: 'returned' } | { kind: 'case'; caseId: string };
}

/** How a case came to close, if it did. */
export type Closure = 'out_of_scope' | 'merged' | 'after_decision';

export interface WalkCase {
	id: string;
	reference: string;
	state: CaseState;
	/** Every change bumps it by one (§ concurrency: docs/procedure.md, "Case edits"). */
	version: number;
	classification: CaseClassification;
	/** The files-secured hold as §13.5 and §13.6 say it should be. */
	held: boolean;
	/** Agencies were told to secure files at some point. */
	everHeld: boolean;
	/** The Chair recorded a decision on the case (chair_decision left by the Chair). */
	chairDecided: boolean;
	/** The Sub Group made a recommendation on the case (§13.20: every incident). */
	panelRecommended: boolean;
	closure: Closure | null;
	evaluationGrade: 'adequate' | 'inadequate' | null;
	/** Short report requests: which agency, and whether it has answered. */
	requests: { id: string; agencyId: string; answered: boolean }[];
	/** Agencies sent an IMR request letter (§13.6): each is asked once. */
	imrAgencies: string[];
	/** Action plan items and whether each is done. */
	items: { id: string; done: boolean }[];
	/** The independent chairs of the case's panels so far, as typed (§13.16: a new panel, a new chair). */
	chairs: string[];
	/** Parallel proceedings recorded on the case, each active or concluded (§13.10, §13.15). */
	proceedings: { id: string; active: boolean }[];
	/** The proceedings the Executive Group's recorded go-aheads cover. */
	goAheadCovers: string[];
}

export interface WalkModel {
	notifications: WalkNotification[];
	cases: WalkCase[];
	/** One line per step, printed when a run fails. */
	trace: string[];
}

export function emptyModel(): WalkModel {
	return { notifications: [], cases: [], trace: [] };
}

export function openCases(model: WalkModel): WalkCase[] {
	return model.cases.filter((c) => c.state !== 'closed');
}

export function untriaged(model: WalkModel): WalkNotification[] {
	return model.notifications.filter((n) => n.place.kind === 'queue');
}

/** §13.5: the notifications of a case that still wait for "CDOP informed" before it closes. */
export function awaitingCdop(model: WalkModel, c: WalkCase): WalkNotification[] {
	return model.notifications.filter(
		(n) =>
			n.place.kind === 'case' &&
			n.place.caseId === c.id &&
			(n.death || c.classification === 'child_death') &&
			!n.cdopRecorded
	);
}

/** §13.15: active proceedings no go-ahead covers hold publication. */
export function publicationHeld(c: WalkCase): boolean {
	return c.proceedings.some((p) => p.active && !c.goAheadCovers.includes(p.id));
}
