/*
 * The words of the action plan (§13.12–§13.16): each item's status, and how it reads in a
 * sentence ("marked … in progress") and in a list ("In progress").
 */

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** The status inside a sentence of the case's timeline. */
export const ACTION_ITEM_STATUS_WORDS: Record<ActionItemStatus, string> = {
	open: 'open',
	in_progress: 'in progress',
	done: 'done'
};

/** The status as a choice or a label on its own. */
export const ACTION_ITEM_STATUS_LABELS: Record<ActionItemStatus, string> = {
	open: 'Open',
	in_progress: 'In progress',
	done: 'Done'
};
