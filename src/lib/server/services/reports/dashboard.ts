import { and, count, eq, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	agencies,
	caseEvents,
	cases,
	clockFigures,
	dashboardDataVersion,
	dashboardNotificationDays,
	shortReportRequests
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { shortReportClock } from '$lib/domain/case/clocks';
import type { ReportFilters } from '$lib/domain/reports/report-filters';
import type { CountedClock } from '$lib/domain/reports/figures';
import { talliedClocks, type StoredClockTally } from '$lib/domain/reports/clock-figures';
import {
	buildDashboard,
	DECISION_OUTCOMES,
	type Dashboard,
	type NotificationCount
} from '$lib/domain/reports/dashboard';
import { periodInstants } from './period';

// The dashboard's figures (§13.20), read from what is kept for it (migration 0018, decision 030):
// notifications counted per day and breakdown by triggers, so a year of 100,000 is a few thousand
// rows summed; each case's clocks stored as its dates define them, read as of today and counted
// in one grouped query. Both are read outside any write transaction; only the audit event of the
// view is written, in a short transaction of its own.

const days = dashboardNotificationDays;

/** '' stands for none in the kept counts' key; the figures read null. */
const noneAsNull = (column: SQLiteColumn) => sql<string | null>`nullif(${column}, '')`;

/**
 * Current notifications (a corrected version replaces the one it corrects) received in the
 * period, counted by every breakdown at once. Days are UTC days, as the triggers count them.
 */
export async function notificationCounts(
	tx: Tx | Db,
	filters: ReportFilters
): Promise<NotificationCount[]> {
	const conditions: SQL[] = [gte(days.day, filters.from), lte(days.day, filters.to)];
	if (filters.incidentType) conditions.push(eq(days.incidentType, filters.incidentType));
	if (filters.agencyId) conditions.push(eq(days.agencyId, filters.agencyId));
	const rows = await tx
		.select({
			incidentType: days.incidentType,
			category: noneAsNull(days.category),
			month: sql<string>`substr(${days.day}, 1, 7)`,
			agencyId: noneAsNull(days.agencyId),
			lead: noneAsNull(days.lead),
			count: sql<number>`sum(${days.total})`
		})
		.from(days)
		.where(and(...conditions))
		.groupBy(sql`1, 2, 3, 4, 5`);
	return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

async function casesByState(tx: Tx | Db, filters: ReportFilters) {
	const { start, end } = periodInstants(filters);
	return tx
		.select({ key: cases.state, count: count() })
		.from(cases)
		.where(and(gte(cases.openedAt, start), lt(cases.openedAt, end)))
		.groupBy(cases.state);
}

/** The Chair's decisions made in the period, by outcome (the move out of chair_decision). */
async function decisions(tx: Tx | Db, filters: ReportFilters) {
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
 * The stored clocks (clock_figures) that count on `today`, by the rules of `computeClocks`: a
 * clock counts once its start has arrived, is met once its meeting date has arrived, and a case
 * closed by today drops the clocks it had not met. Only those due in the period or overdue today
 * are read, counted per clock and due date in one pass along clock_figures_tally_idx (which is
 * in that order and holds every column read): a year of 20,000 cases comes back as a few
 * thousand rows.
 */
export async function storedClockTallies(
	tx: Tx | Db,
	period: { from: IsoDate; to: IsoDate },
	today: IsoDate
): Promise<StoredClockTally[]> {
	const { end } = periodInstants(period);
	const c = clockFigures;
	const met = sql`(${c.metOn} is not null and ${c.metOn} <= ${today})`;
	const rows = await tx
		.select({
			clockId: c.clockId,
			dueOn: c.dueOn,
			metOnTime: sql<number>`sum(${met} and ${c.metOn} <= ${c.dueOn})`,
			metLateDays: sql<
				string | null
			>`group_concat(case when ${met} and ${c.metOn} > ${c.dueOn} then ${c.metDaysLate} end)`,
			notMet: sql<number>`sum(not ${met})`
		})
		.from(c)
		.where(
			and(
				lt(c.openedAt, end),
				lte(c.startedOn, today),
				sql`(${c.closedOn} is null or ${c.closedOn} > ${today} or ${met})`,
				sql`((${c.dueOn} >= ${period.from} and ${c.dueOn} <= ${period.to}) or (not ${met} and ${c.dueOn} < ${today}))`
			)
		)
		.groupBy(c.clockId, c.dueOn);
	return rows.map((row) => ({
		...row,
		metOnTime: Number(row.metOnTime),
		notMet: Number(row.notMet)
	}));
}

/**
 * Every clock that falls due in the period or is overdue today: the procedure's clocks of each
 * case opened by the period's end (stored, counted), and each short report request due in the
 * period or still awaited past its due date.
 */
export async function clocksForPeriod(
	tx: Tx | Db,
	period: { from: IsoDate; to: IsoDate },
	today: IsoDate
): Promise<CountedClock[]> {
	const clocks: CountedClock[] = talliedClocks(await storedClockTallies(tx, period, today), today);
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

/**
 * The version of everything the figures read: a counter that triggers bump in the writer's own
 * transaction on every insert, update and delete of the kept notification counts, cases, case
 * events, stored clocks, short report requests and agencies (migration 0021). One row by its key.
 */
export async function dashboardDataVersionOf(db: Db): Promise<number> {
	const [row] = await db
		.select({ version: dashboardDataVersion.version })
		.from(dashboardDataVersion)
		.where(eq(dashboardDataVersion.id, 1));
	if (!row) throw new Error('dashboard_data_version has no row: migration 0021 not applied');
	return row.version;
}

type KeptDashboard = { dashboard: Dashboard; names: Record<string, string> };

/** Filter sets kept per database, data version and day; beyond it the oldest is dropped. */
export const KEPT_FILTER_SETS = 64;

/**
 * The figures computed per database (tests open many in one process), kept only for one data
 * version and one day: a new version or a new day empties them, so nothing computed before a
 * change is served after it, and memory holds at most KEPT_FILTER_SETS dashboards per database.
 */
const keptFigures = new WeakMap<
	Db,
	{ version: number; today: IsoDate; byFilters: Map<string, KeptDashboard> }
>();

const filtersKey = (f: ReportFilters) =>
	[f.from, f.to, f.incidentType ?? '', f.agencyId ?? ''].join('|');

/** Forgets every kept figure of `db` (for tests that compare with figures computed afresh). */
export function forgetKeptDashboards(db: Db): void {
	keptFigures.delete(db);
}

async function computeDashboard(
	db: Db,
	filters: ReportFilters,
	today: IsoDate
): Promise<KeptDashboard> {
	const names = await agencyNames(db);
	const dashboard = buildDashboard({
		period: filters,
		today,
		notifications: await notificationCounts(db, filters),
		agencyNames: names,
		casesByState: await casesByState(db, filters),
		decisions: await decisions(db, filters),
		clocks: await clocksForPeriod(db, filters, today)
	});
	return { dashboard, names };
}

/**
 * The figures for these filters as of `today`: those kept for the same data version and day, or
 * computed and kept. The version is read before any figure, so figures kept under it were read
 * from data at least as new as it (reads outside a transaction see committed data only: one
 * connection's statements wait for its open transaction, other processes' for their commit); a
 * write committed since moves the version and the next view computes afresh.
 */
async function currentDashboard(
	db: Db,
	filters: ReportFilters,
	today: IsoDate
): Promise<KeptDashboard> {
	const version = await dashboardDataVersionOf(db);
	let kept = keptFigures.get(db);
	if (!kept || version > kept.version || kept.today !== today) {
		kept = { version, today, byFilters: new Map() };
		keptFigures.set(db, kept);
	}
	const key = filtersKey(filters);
	// A view that read an older version than a newer view already keeps computes its own figures.
	const hit = kept.version === version ? kept.byFilters.get(key) : undefined;
	// A copy, so no caller can change what the next view is served.
	if (hit) return structuredClone(hit);
	const computed = await computeDashboard(db, filters, today);
	// Kept only under the version they were read at, if that is still the one kept.
	if (kept.version === version && keptFigures.get(db) === kept) {
		if (kept.byFilters.size >= KEPT_FILTER_SETS) {
			const oldest = kept.byFilters.keys().next().value;
			if (oldest !== undefined) kept.byFilters.delete(oldest);
		}
		kept.byFilters.set(key, structuredClone(computed));
	}
	return computed;
}

/**
 * The dashboard for these filters, as of `now`. Audited: who looked at which figures. The figures
 * are those kept for the current data version and day (currentDashboard), or else read first,
 * outside any write transaction (each query takes its turn on the connection, so a view never
 * holds up a practitioner's submission for long); the audit event is then committed
 * before the figures are returned, so no page shows figures whose viewing is not on record.
 */
export async function dashboardFigures(
	db: Db,
	user: SessionUser,
	filters: ReportFilters,
	now = new Date()
): Promise<Dashboard & { filters: ReportFilters; agencies: { id: string; name: string }[] }> {
	const today = todayIso(now);
	const { dashboard, names } = await currentDashboard(db, filters, today);
	// Every view is audited, whether its figures were kept or computed.
	await db.transaction((tx) =>
		recordAuditBy(tx, user, now, {
			action: 'report.dashboard_viewed',
			detail: { filters: { ...filters } }
		})
	);
	return {
		...dashboard,
		filters,
		agencies: Object.entries(names)
			.map(([id, name]) => ({ id, name }))
			.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
	};
}
