import { isOneOf } from '$lib/domain/one-of';
import type { CaseState } from './case-states';

/**
 * The files-secured hold (docs/procedure.md). While it is on, nothing attached to the case may be
 * deleted or overwritten; corrections are new versions.
 *
 * It is placed when the case is first considered for review (§13.5 "Securing the files"): on
 * entering `gathering`, or `chair_decision` straight from triage when the criteria are clearly met,
 * and again on an SCR decision (§13.6 asks agencies to secure files then too).
 *
 * It is lifted by every decision not to hold an SCR (§13.5: "Where the decision is later taken not
 * to hold a Serious Case Review, the LSCB Manager will inform all relevant organisations to
 * rescind the instruction"; §13.6: "If for any reason a decision is taken not to undertake a SCR"),
 * unless the Chair keeps it with a recorded reason; and at the latest when the case closes, so an
 * SCR keeps it until then.
 */
export const FILES_HOLD_PLACED_ON_ENTERING = [
	'gathering',
	'chair_decision',
	'scr_initiated'
] as const satisfies readonly CaseState[];

/** The Chair's decisions not to hold an SCR (§13.6): each rescinds, unless the hold is kept. */
export const NOT_AN_SCR_DECISIONS = [
	'imrs_only',
	'audit',
	'internal_review',
	'no_further_action'
] as const satisfies readonly CaseState[];

/** Closing ends the hold on every path. */
export const FILES_HOLD_RELEASED_ON_ENTERING = ['closed'] as const satisfies readonly CaseState[];

/**
 * Whether the case's files are on hold after it enters `to`, given whether they were before and
 * whether the Chair chose to keep them secured on a decision not to hold an SCR.
 */
export function filesHeldAfter(to: CaseState, heldBefore: boolean, keptByChair = false): boolean {
	if (isOneOf(FILES_HOLD_RELEASED_ON_ENTERING, to)) return false;
	if (isOneOf(NOT_AN_SCR_DECISIONS, to)) return heldBefore && keptByChair;
	if (isOneOf(FILES_HOLD_PLACED_ON_ENTERING, to)) return true;
	return heldBefore;
}
