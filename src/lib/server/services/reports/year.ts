import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Tx } from '$lib/server/db/transaction';
import type { Db } from '$lib/server/db';
import {
	actionPlanItemRevisions,
	caseEvents,
	cases,
	shortReportRequests
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { yearFigures, type YearInput, type YearSection } from '$lib/domain/reports/year-figures';
import { notificationCounts } from './dashboard';
import { periodInstants } from './period';

// The year's figures for the Executive (§13.13, §13.20). A year has a few hundred cases, so the
// cases' dates, requests and action plan items are read whole and counted in year-figures.ts.

/** The latest revision of every item, with the day it was added and the day it was done. */
async function actionItemHistory(tx: Tx) {
	const rows = await tx
		.select({
			itemId: actionPlanItemRevisions.itemId,
			revision: actionPlanItemRevisions.revision,
			dueOn: actionPlanItemRevisions.dueOn,
			status: actionPlanItemRevisions.status,
			recordedAt: actionPlanItemRevisions.recordedAt
		})
		.from(actionPlanItemRevisions)
		.orderBy(actionPlanItemRevisions.itemId, actionPlanItemRevisions.revision);
	const items = new Map<string, YearInput['actionItems'][number]>();
	for (const row of rows) {
		const on = todayIso(row.recordedAt);
		const seen = items.get(row.itemId);
		const done = row.status === 'done';
		items.set(row.itemId, {
			addedOn: seen?.addedOn ?? on,
			dueOn: row.dueOn,
			done,
			// The first revision that marked it done, kept if a later one only adds evidence.
			doneOn: done ? (seen?.done ? seen.doneOn : on) : null
		});
	}
	return [...items.values()];
}

export async function yearReport(
	db: Db,
	user: SessionUser,
	year: number,
	now = new Date()
): Promise<{ year: number; sections: YearSection[] }> {
	const today = todayIso(now);
	const period: { from: IsoDate; to: IsoDate } = { from: `${year}-01-01`, to: `${year}-12-31` };
	return db.transaction(async (tx) => {
		const { start, end } = periodInstants(period);
		const [executive] = await tx
			.select({ count: count() })
			.from(caseEvents)
			.where(
				and(
					eq(caseEvents.kind, 'transition'),
					eq(caseEvents.fromState, 'executive'),
					eq(caseEvents.toState, 'sent_to_ofsted'),
					gte(caseEvents.at, start),
					lt(caseEvents.at, end)
				)
			);
		const sections = yearFigures({
			year,
			today,
			notifications: await notificationCounts(tx, period),
			cases: await tx
				.select({ dates: cases.dates, evaluationGrade: cases.evaluationGrade })
				.from(cases),
			executiveAgreed: executive?.count ?? 0,
			requests: await tx
				.select({
					requestedOn: shortReportRequests.requestedOn,
					dueOn: shortReportRequests.dueOn,
					status: shortReportRequests.status,
					submittedOn: shortReportRequests.submittedOn
				})
				.from(shortReportRequests),
			actionItems: await actionItemHistory(tx)
		});
		await recordAuditBy(tx, user, now, { action: 'report.year_viewed', detail: { year } });
		return { year, sections };
	});
}
