import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '$lib/server/db/transaction';
import { notifications, users, type NotificationRow } from '$lib/server/db/schema';
import { problem } from '$lib/server/infra/problem';
import {
	ANSWERS_NEEDING_ACTION,
	OTHER_CHILDREN_FLAG_LABELS,
	answerNeedsAction,
	otherChildrenRefusal,
	type AnswerNeedingAction,
	type MoveWaitingForAction
} from '$lib/domain/triage/other-children';

// Other children first (§13.1): the refusals of moves that wait for the Unit's recorded action,
// and the flags a case shows for its life. The rule itself is domain/triage/other-children.ts.

/**
 * Refuses `move` with OTHER_CHILDREN_FIRST while the notification still needs its action. The
 * field error points the triage page's error summary at the form that records it.
 */
export function requireOtherChildrenAction(
	row: Pick<NotificationRow, 'otherChildrenAtRisk' | 'otherChildrenActionAt'>,
	move: MoveWaitingForAction
): void {
	const refusal = otherChildrenRefusal(move, row);
	if (refusal) throw problem('OTHER_CHILDREN_FIRST', { otherChildrenAction: refusal }, refusal);
}

/**
 * Refuses to close a case while any notification in it still needs its action: only a case
 * opened before the rule can hold one (migration 0006), since nothing enters a case without it.
 */
export async function requireOtherChildrenActionInCase(tx: Tx, caseId: string): Promise<void> {
	const [waiting] = await tx
		.select({
			reference: notifications.reference,
			otherChildrenAtRisk: notifications.otherChildrenAtRisk,
			otherChildrenActionAt: notifications.otherChildrenActionAt
		})
		.from(notifications)
		.where(
			and(
				eq(notifications.caseId, caseId),
				inArray(notifications.otherChildrenAtRisk, [...ANSWERS_NEEDING_ACTION]),
				isNull(notifications.otherChildrenActionAt)
			)
		)
		.orderBy(notifications.receivedAt, notifications.id)
		.limit(1);
	const refusal = waiting ? otherChildrenRefusal('close', waiting) : null;
	if (refusal) throw problem('OTHER_CHILDREN_FIRST', undefined, refusal);
}

/** What the Unit recorded for the other children of one notification. */
export interface OtherChildrenAction {
	what: string;
	byName: string | null;
	at: number;
	/** Null when the action was recorded before the question was asked (migration 0006). */
	chapter6Referral: boolean | null;
}

/** The §13.1 flag of one notification in a case: its answer, and the action or null. */
export interface OtherChildrenFlag {
	notificationId: string;
	reference: string;
	answer: AnswerNeedingAction;
	label: string;
	action: OtherChildrenAction | null;
}

/**
 * The flags of the notifications in a case that answered yes or not known, oldest first. A case
 * opened before the rule may show one with no action ("No action recorded").
 */
export async function otherChildrenFlags(tx: Tx, caseId: string): Promise<OtherChildrenFlag[]> {
	const rows = await tx
		.select({
			id: notifications.id,
			reference: notifications.reference,
			answer: notifications.otherChildrenAtRisk,
			what: notifications.otherChildrenAction,
			at: notifications.otherChildrenActionAt,
			chapter6Referral: notifications.otherChildrenChapter6Referral,
			byName: users.name
		})
		.from(notifications)
		.leftJoin(users, eq(notifications.otherChildrenActionBy, users.id))
		.where(eq(notifications.caseId, caseId))
		.orderBy(notifications.receivedAt, notifications.id);
	return rows.flatMap((row): OtherChildrenFlag[] => {
		const { answer } = row;
		if (!answerNeedsAction(answer)) return [];
		return [
			{
				notificationId: row.id,
				reference: row.reference,
				answer,
				label: OTHER_CHILDREN_FLAG_LABELS[answer],
				action: row.at
					? {
							what: row.what ?? '',
							byName: row.byName,
							at: row.at.getTime(),
							chapter6Referral: row.chapter6Referral
						}
					: null
			}
		];
	});
}
