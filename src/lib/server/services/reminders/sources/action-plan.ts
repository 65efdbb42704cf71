import { and, eq, ne, sql } from 'drizzle-orm';
import { actionPlanItemRevisions, cases } from '$lib/server/db/schema';
import { actionItemEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/** The latest revision of each action plan item not yet done, on an open case. */
export const actionPlanSource: ReminderSource = {
	name: 'action plan',
	async due(db, now) {
		const rows = await db
			.select({
				itemId: actionPlanItemRevisions.itemId,
				caseId: actionPlanItemRevisions.caseId,
				reference: cases.reference,
				ownerId: cases.ownerId,
				dueOn: actionPlanItemRevisions.dueOn
			})
			.from(actionPlanItemRevisions)
			.innerJoin(cases, eq(actionPlanItemRevisions.caseId, cases.id))
			.where(
				and(
					ne(actionPlanItemRevisions.status, 'done'),
					ne(cases.state, 'closed'),
					// Only the item's latest revision says what it is now (the table is append-only).
					sql`${actionPlanItemRevisions.revision} = (SELECT max(r.revision) FROM action_plan_item_revisions r WHERE r.item_id = ${actionPlanItemRevisions.itemId})`
				)
			);
		return actionItemEvents(rows, now);
	}
};
