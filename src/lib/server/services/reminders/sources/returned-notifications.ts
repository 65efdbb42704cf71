import { and, eq, gte, isNull } from 'drizzle-orm';
import { notifications } from '$lib/server/db/schema';
import { returnedEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/** How far back a return for correction is still announced. */
const RETURNED_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** Notifications returned to their practitioner and not yet corrected. */
export const returnedNotificationSource: ReminderSource = {
	name: 'returned notifications',
	async due(db, now) {
		const rows = await db
			.select({
				id: notifications.id,
				reference: notifications.reference,
				submittedBy: notifications.submittedBy,
				returnedAt: notifications.returnedAt
			})
			.from(notifications)
			.where(
				and(
					eq(notifications.status, 'returned'),
					isNull(notifications.supersededById),
					gte(notifications.returnedAt, new Date(now.getTime() - RETURNED_WINDOW_MS))
				)
			);
		return returnedEvents(
			rows.flatMap((row) => (row.returnedAt ? [{ ...row, returnedAt: row.returnedAt }] : []))
		);
	}
};
