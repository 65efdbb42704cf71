import { and, count, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	agencies,
	caseEvents,
	cases,
	notifications,
	shortReportRequests
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { computeClocks, shortReportClock, type ComputedClock } from '$lib/domain/case/clocks';
import type { ReportFilters } from '$lib/domain/reports/report-filters';
import {
	buildDashboard,
	DECISION_OUTCOMES,
	type Dashboard,
	type NotificationCount
} from '$lib/domain/reports/dashboard';
import { periodInstants } from './period';

// The dashboard's figures (§13.20). Notifications are counted in SQL, one pass over the period's
// rows grouped by every breakdown at once, so 100,000 of them cost one indexed range scan; the
// clocks are computed from each case's dates by the same rules as the case page (clocks.ts).

/** A notification counts once: a corrected version replaces the one it corrects. */
const current = isNull(notifications.supersededById);

/** The lead LSCB as leadLscb() would read it from the stored facts, in SQL. */
const leadLscbSql = sql<string | null>`case
	when json_extract(${notifications.leadAuthority}, '$.lookedAfter')
		and coalesce(json_extract(${notifications.leadAuthority}, '$.responsibleAuthority'), '') <> ''
	then json_extract(${notifications.leadAuthority}, '$.responsibleAuthority')
	else json_extract(${notifications.leadAuthority}, '$.childLivesIn') end`;

const monthSql = sql<string>`strftime('%Y-%m', ${notifications.receivedAt} / 1000, 'unixepoch')`;

export async function notificationCounts(
	tx: Tx | Db,
	filters: ReportFilters
): Promise<NotificationCount[]> {
	const { start, end } = periodInstants(filters);
	const conditions: SQL[] = [
		current,
		gte(notifications.receivedAt, start),
		lt(notifications.receivedAt, end)
	];
	if (filters.incidentType) conditions.push(eq(notifications.incidentType, filters.incidentType));
	if (filters.agencyId) conditions.push(eq(notifications.notifierAgencyId, filters.agencyId));
	const rows = await tx
		.select({
			incidentType: notifications.incidentType,
			category: notifications.seriousIncidentCategory,
			month: monthSql,
			agencyId: notifications.notifierAgencyId,
			lead: leadLscbSql,
			count: count()
		})
		.from(notifications)
		.where(and(...conditions))
		.groupBy(sql`1, 2, 3, 4, 5`);
	return rows;
}

async function casesByState(tx: Tx, filters: ReportFilters) {
	const { start, end } = periodInstants(filters);
	return tx
		.select({ key: cases.state, count: count() })
		.from(cases)
		.where(and(gte(cases.openedAt, start), lt(cases.openedAt, end)))
		.groupBy(cases.state);
}

/** The Chair's decisions made in the period, by outcome (the move out of chair_decision). */
async function decisions(tx: Tx, filters: ReportFilters) {
	const { start, end } = periodInstants(filters);
	return tx
		.select({ key: sql<string>`${caseEvents.toState}`, count: count() })
		.from(caseEvents)
		.where(
			and(
				eq(caseEvents.kind, 'transition'),
				eq(caseEvents.fromState, 'chair_decision'),
				inArray(caseEvents.toState, [...DECISION_OUTCOMES]),
				gte(caseEvents.at, start),
				lt(caseEvents.at, end)
			)
		)
		.groupBy(caseEvents.toState);
}

/**
 * Every clock that falls due in the period or is overdue today: the procedure's clocks of each
 * case opened by the period's end, and each short report request due in the period or still
 * awaited past its due date.
 */
export async function clocksForPeriod(
	tx: Tx | Db,
	period: { from: IsoDate; to: IsoDate },
	today: IsoDate
): Promise<ComputedClock[]> {
	const { end } = periodInstants(period);
	const caseRows = await tx
		.select({ dates: cases.dates })
		.from(cases)
		.where(lt(cases.openedAt, end));
	const clocks: ComputedClock[] = [];
	for (const row of caseRows) {
		for (const clock of computeClocks(row.dates, today)) {
			if (clock.status === 'overdue' || (clock.dueOn >= period.from && clock.dueOn <= period.to)) {
				clocks.push(clock);
			}
		}
	}
	const requests = await tx
		.select({
			requestedOn: shortReportRequests.requestedOn,
			dueOn: shortReportRequests.dueOn,
			submittedOn: shortReportRequests.submittedOn
		})
		.from(shortReportRequests)
		.where(
			and(
				ne(shortReportRequests.status, 'withdrawn'),
				or(
					and(
						gte(shortReportRequests.dueOn, period.from),
						lte(shortReportRequests.dueOn, period.to)
					),
					and(eq(shortReportRequests.status, 'requested'), lt(shortReportRequests.dueOn, today))
				)
			)
		);
	for (const request of requests) {
		clocks.push(
			shortReportClock({ ...request, submittedOn: request.submittedOn ?? undefined }, today)
		);
	}
	return clocks;
}

export async function agencyNames(tx: Tx | Db): Promise<Record<string, string>> {
	const rows = await tx.select({ id: agencies.id, name: agencies.name }).from(agencies);
	return Object.fromEntries(rows.map((row) => [row.id, row.name]));
}

/** The dashboard for these filters, as of `now`. Audited: who looked at which figures. */
export async function dashboardFigures(
	db: Db,
	user: SessionUser,
	filters: ReportFilters,
	now = new Date()
): Promise<Dashboard & { filters: ReportFilters; agencies: { id: string; name: string }[] }> {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const names = await agencyNames(tx);
		const dashboard = buildDashboard({
			period: filters,
			today,
			notifications: await notificationCounts(tx, filters),
			agencyNames: names,
			casesByState: await casesByState(tx, filters),
			decisions: await decisions(tx, filters),
			clocks: await clocksForPeriod(tx, filters, today)
		});
		await recordAuditBy(tx, user, now, {
			action: 'report.dashboard_viewed',
			detail: { filters: { ...filters } }
		});
		return {
			...dashboard,
			filters,
			agencies: Object.entries(names)
				.map(([id, name]) => ({ id, name }))
				.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
		};
	});
}
