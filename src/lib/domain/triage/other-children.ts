import type { YesNoNotKnown } from '$lib/domain/notification/notification-options';

// Other children first (§13.1): "the first priority must be to consider immediately whether there
// are other children who are likely to be placed in the same situation". A notification whose
// answer to "Are other children likely to be at risk?" is yes or not known stays at the top of
// the triage queue, and cannot be put into a case, sent back or closed, until the Safeguarding
// Unit records what it did for those children and whether it made a Chapter 6 referral
// (docs/procedure.md, Triage).

/** The answers that call for the Unit's action before anything else. */
export const ANSWERS_NEEDING_ACTION = ['yes', 'not_known'] as const satisfies YesNoNotKnown[];
export type AnswerNeedingAction = (typeof ANSWERS_NEEDING_ACTION)[number];

/** Whether this answer calls for a recorded action (§13.1). */
export function answerNeedsAction(answer: YesNoNotKnown): answer is AnswerNeedingAction {
	return (ANSWERS_NEEDING_ACTION as readonly YesNoNotKnown[]).includes(answer);
}

/**
 * Where a notification sits in the triage queue, highest first: 2 other children may be at risk
 * ("yes"), 1 nobody knows ("not known"), 0 neither, or the action has been recorded.
 */
export type PinRank = 0 | 1 | 2;
export const PIN_RANKS = [0, 1, 2] as const satisfies PinRank[];

const RANK_OF_ANSWER: Record<YesNoNotKnown, PinRank> = { yes: 2, not_known: 1, no: 0 };

export function pinRank(answer: YesNoNotKnown, actionRecorded: boolean): PinRank {
	return actionRecorded ? 0 : RANK_OF_ANSWER[answer];
}

/** The facts of one notification the rule reads. */
export interface OtherChildrenFacts {
	otherChildrenAtRisk: YesNoNotKnown;
	/** When the Unit recorded its action, or null if it has not. */
	otherChildrenActionAt: Date | number | null;
}

/** The answer calls for an action and none is recorded yet. */
export function actionStillNeeded(facts: OtherChildrenFacts): boolean {
	return answerNeedsAction(facts.otherChildrenAtRisk) && facts.otherChildrenActionAt === null;
}

/** The moves that wait for the action, and what becomes possible once it is recorded. */
export const MOVES_WAITING_FOR_ACTION = {
	open_case: 'Then this notification can be opened as a case.',
	link_to_case: 'Then this notification can be added to a case.',
	send_back: 'Then this notification can be sent back to the practitioner.',
	close: 'Then the case can be closed.'
} as const;
export type MoveWaitingForAction = keyof typeof MOVES_WAITING_FOR_ACTION;

/**
 * Why `move` must wait, or null when it may go ahead: every move in MOVES_WAITING_FOR_ACTION is
 * refused while the action is still needed. The words follow the catalogue's
 * OTHER_CHILDREN_FIRST (src/lib/errors.ts) and say what the refused move needs. `reference` names
 * the notification where the page is not its own (closing a case).
 */
export function otherChildrenRefusal(
	move: MoveWaitingForAction,
	facts: OtherChildrenFacts & { reference?: string }
): string | null {
	if (!actionStillNeeded(facts)) return null;
	const on = facts.reference ? ` on notification ${facts.reference}` : '';
	return `Record the action taken for the other children first (§13.1)${on}: what was done and whether a Chapter 6 referral was made. ${MOVES_WAITING_FOR_ACTION[move]}`;
}

/** How the flag reads wherever it is shown (the triage page, the queue, the case header). */
export const OTHER_CHILDREN_FLAG_LABELS: Record<AnswerNeedingAction, string> = {
	yes: 'Other children at risk',
	not_known: 'Not known whether other children are at risk'
};

/** Did the Unit refer the other children under Chapter 6 of the procedures (§13.1)? */
export const CHAPTER_6_REFERRAL_ANSWERS = { yes: 'Yes', no: 'No' } as const;
export type Chapter6ReferralAnswer = keyof typeof CHAPTER_6_REFERRAL_ANSWERS;

/**
 * The words for a recorded Chapter 6 referral. Null means it was not asked: an action recorded
 * before the question existed.
 */
export function chapter6ReferralLabel(referral: boolean | null): string {
	if (referral === null) return 'Not recorded';
	return referral ? 'Yes, a Chapter 6 referral was made' : 'No Chapter 6 referral';
}
