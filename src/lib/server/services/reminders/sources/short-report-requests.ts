import { and, eq, ne } from 'drizzle-orm';
import { cases, shortReportRequests } from '$lib/server/db/schema';
import { requestDueEvents, requestSentEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/**
 * Short report requests still waiting for their report (§13.5): sent, due soon, overdue, on a case
 * not closed (a closed case waits for nothing more, as IMR requests, imr-requests.ts).
 */
export const shortReportRequestSource: ReminderSource = {
	name: 'short report requests',
	async due(db, now) {
		const rows = await db
			.select({
				id: shortReportRequests.id,
				caseId: shortReportRequests.caseId,
				reference: cases.reference,
				agencyId: shortReportRequests.agencyId,
				ownerId: cases.ownerId,
				requestedOn: shortReportRequests.requestedOn,
				dueOn: shortReportRequests.dueOn
			})
			.from(shortReportRequests)
			.innerJoin(cases, eq(shortReportRequests.caseId, cases.id))
			.where(and(eq(shortReportRequests.status, 'requested'), ne(cases.state, 'closed')));
		return [...requestSentEvents(rows, now), ...requestDueEvents(rows, now)];
	}
};
