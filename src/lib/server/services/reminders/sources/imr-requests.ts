import { and, eq, ne, notExists } from 'drizzle-orm';
import { agencies, cases, imrRequests, imrVersions } from '$lib/server/db/schema';
import { imrDueEvents, imrRequestedEvents } from '$lib/domain/reminders/what-is-due';
import type { ReminderSource } from '../source';

/**
 * IMR requests still waiting for their IMR (§13.6, §13.9): no version sent, on a case not closed.
 * That is `imrStatus`'s "requested" or "overdue"; a version sent, signed off or not, answers the
 * request (docs/decisions/024-reminders.md).
 */
export const imrRequestSource: ReminderSource = {
	name: 'IMR requests',
	async due(db, now) {
		const rows = await db
			.select({
				id: imrRequests.id,
				caseId: imrRequests.caseId,
				reference: cases.reference,
				agencyId: imrRequests.agencyId,
				agencyName: agencies.name,
				ownerId: cases.ownerId,
				sentOn: imrRequests.sentOn,
				dueOn: imrRequests.dueOn
			})
			.from(imrRequests)
			.innerJoin(cases, eq(imrRequests.caseId, cases.id))
			.innerJoin(agencies, eq(imrRequests.agencyId, agencies.id))
			.where(
				and(
					ne(cases.state, 'closed'),
					notExists(
						db
							.select({ id: imrVersions.id })
							.from(imrVersions)
							.where(eq(imrVersions.requestId, imrRequests.id))
					)
				)
			);
		return [...imrRequestedEvents(rows, now), ...imrDueEvents(rows, now)];
	}
};
