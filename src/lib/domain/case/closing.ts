// What a case needs before it closes after a decision, and who may chair a new panel
// (docs/procedure.md, "Rules the moves hold"):
// - §13.16: the action plan is what the review leaves behind ("Monitoring of the Action Plans"),
//   so a case closes only with at least one action plan item, or a recorded reason for none.
// - §13.20: an internal review's "Action Plan and Executive Summary should be agreed as above"
//   (as for an SCR, §13.12) before its findings close the case.
// - §13.16: after an inadequate evaluation "a new SCR Panel with a new Independent Chair will be
//   convened", so no one who chaired an earlier panel of the case chairs the new one.

/** The payload field that records why a case closes without an action plan item. */
export const NO_ACTION_PLAN_REASON = 'noActionPlanReason';

export const NO_ACTION_PLAN_MESSAGE =
	'Enter why this case closes without an action plan item, or add an item to the action plan first (§13.16)';

/**
 * Whether a close may go ahead: the case has an action plan item, or a reason for none.
 * `actionPlanItems` undefined means the caller did not say (a page listing steps); the server
 * always does.
 */
export function hasActionPlanOrReason(
	reason: string | undefined,
	actionPlanItems: number | undefined
): boolean {
	return actionPlanItems === undefined || actionPlanItems > 0 || !!reason;
}

/** A person's name as compared: case, accents' composed forms, spacing and full stops ignored. */
export function personKey(name: string): string {
	return name
		.normalize('NFKC')
		.toLocaleLowerCase('en-GB')
		.replace(/[.,]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Whether `name` chaired an earlier panel of the case. */
export function chairedBefore(name: string, previousChairs: readonly string[]): boolean {
	const key = personKey(name);
	return previousChairs.some((previous) => personKey(previous) === key);
}

export const NEW_CHAIR_MESSAGE =
	'Enter a new independent chair: this person chaired an earlier panel of this review, and after an inadequate evaluation a new panel needs a new independent chair (§13.16)';
