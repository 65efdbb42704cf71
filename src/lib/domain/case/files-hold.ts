import { isOneOf } from '$lib/domain/one-of';
import type { CaseState } from './case-states';

/**
 * The files-secured hold (docs/procedure.md). While it is on, nothing attached to the case may be
 * deleted or overwritten; corrections are new versions.
 *
 * It is placed when the case is first considered for review (§13.5 "Securing the files"): on
 * entering `gathering`, or `chair_decision` straight from triage when the criteria are clearly met,
 * and again on an SCR decision (§13.6 asks agencies to secure files then too). It is lifted only by
 * a `no_further_action` decision, which records the instruction to rescind (§13.5, §13.6).
 */
export const FILES_HOLD_PLACED_ON_ENTERING = [
	'gathering',
	'chair_decision',
	'scr_initiated'
] as const satisfies readonly CaseState[];

export const FILES_HOLD_RELEASED_ON_ENTERING = [
	'no_further_action'
] as const satisfies readonly CaseState[];

/** Whether the case's files are on hold after it enters `to`, given whether they were before. */
export function filesHeldAfter(to: CaseState, heldBefore: boolean): boolean {
	if (isOneOf(FILES_HOLD_RELEASED_ON_ENTERING, to)) return false;
	if (isOneOf(FILES_HOLD_PLACED_ON_ENTERING, to)) return true;
	return heldBefore;
}
