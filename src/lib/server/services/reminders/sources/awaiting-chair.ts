import { and, eq, max } from 'drizzle-orm';
import { caseEvents, cases } from '$lib/server/db/schema';
import { awaitingChairEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/** Cases awaiting the Chair's decision, from when they last came to it. */
export const awaitingChairSource: ReminderSource = {
	name: 'awaiting the Chair',
	async due(db) {
		const rows = await db
			.select({ caseId: cases.id, reference: cases.reference, since: max(caseEvents.at) })
			.from(cases)
			.innerJoin(
				caseEvents,
				and(eq(caseEvents.caseId, cases.id), eq(caseEvents.toState, 'chair_decision'))
			)
			.where(eq(cases.state, 'chair_decision'))
			.groupBy(cases.id, cases.reference);
		return awaitingChairEvents(
			rows.flatMap((row) => (row.since ? [{ ...row, since: new Date(row.since) }] : []))
		);
	}
};
