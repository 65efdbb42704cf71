import { and, gt, isNull, lte } from 'drizzle-orm';
import { notifications } from '$lib/server/db/schema';
import { OTHER_CHILDREN_GRACE_MS, otherChildrenEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/** Notifications whose other-children action (§13.1) is still not recorded after an hour. */
export const otherChildrenSource: ReminderSource = {
	name: 'other children action',
	async due(db, now) {
		const rows = await db
			.select({
				id: notifications.id,
				reference: notifications.reference,
				receivedAt: notifications.receivedAt
			})
			.from(notifications)
			.where(
				and(
					// Pinned in the queue (yes or not known) until the Unit records what it did.
					gt(notifications.pinRank, 0),
					isNull(notifications.otherChildrenActionAt),
					lte(notifications.receivedAt, new Date(now.getTime() - OTHER_CHILDREN_GRACE_MS))
				)
			);
		return otherChildrenEvents(rows, now);
	}
};
