import { and, isNotNull, ne } from 'drizzle-orm';
import { cases } from '$lib/server/db/schema';
import { clockEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/** Every running clock of every open case with an owner. */
export const caseClockSource: ReminderSource = {
	name: 'case clocks',
	async due(db, now) {
		const rows = await db
			.select({
				caseId: cases.id,
				reference: cases.reference,
				ownerId: cases.ownerId,
				procedure: cases.procedure,
				dates: cases.dates
			})
			.from(cases)
			.where(and(ne(cases.state, 'closed'), isNotNull(cases.ownerId)));
		return clockEvents(rows, now);
	}
};
