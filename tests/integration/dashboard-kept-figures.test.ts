import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { agencies, auditEvents, cases, shortReportRequests } from '$lib/server/db/schema';
import { openDatabase, type Db } from '$lib/server/db';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import type { ReportFilters } from '$lib/domain/reports/report-filters';
import {
	dashboardDataVersionOf,
	dashboardFigures,
	forgetKeptDashboards
} from '$lib/server/services/reports/dashboard';
import { storeClockFigures } from '$lib/server/services/cases/clock-figures';
import { procedureWorld, policeAskedForAReport, type ProcedureWorld } from '../support/procedure';
import { notificationReceivedAt, sessionUser } from '../support/triage';
import type { SessionUser } from '$lib/server/auth/session';

// The dashboard keeps its figures in memory per filter set and day while the data version (a
// counter bumped by triggers on every write to a table the figures read, migration 0021,
// decision 030) has not moved. A figure kept from before a change must never be served after it:
// every view here is compared with the figures computed afresh from the database.

let world: ProcedureWorld;
let db: Db;
let uma: SessionUser;
const today = todayIso();
const period: ReportFilters = { from: addCalendarDays(today, -365), to: today };

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris']);
	db = world.database.db;
	uma = await sessionUser(db, world.ids.uma);
});

/** A view as the page makes it (kept figures when current). */
const view = (filters: ReportFilters = period, now = new Date()) =>
	dashboardFigures(db, uma, filters, now);

/** The same figures computed afresh, nothing kept. */
async function fresh(filters: ReportFilters = period, now = new Date()) {
	forgetKeptDashboards(db);
	const figures = await dashboardFigures(db, uma, filters, now);
	forgetKeptDashboards(db);
	return figures;
}

/** Views once (keeping the figures), runs the change, and expects the next view to match afresh. */
async function seenAtTheNextView(change: () => Promise<unknown>, filters: ReportFilters = period) {
	const before = await view(filters);
	await view(filters); // kept now
	const version = await dashboardDataVersionOf(db);
	await change();
	expect(await dashboardDataVersionOf(db)).toBeGreaterThan(version);
	const after = await view(filters);
	expect(after).toEqual(await fresh(filters));
	return { before, after };
}

describe('the dashboard’s kept figures (decision 030)', () => {
	it('serves the figures kept for the same version and day, a copy each time', async () => {
		await notificationReceivedAt(db, world.priya, new Date());
		const first = await view();
		const version = await dashboardDataVersionOf(db);
		first.notificationTotal = 999;
		first.charts.length = 0;
		const second = await view();
		expect(await dashboardDataVersionOf(db)).toBe(version);
		expect(second).toEqual(await fresh());
		expect(second.notificationTotal).toBe(1);
	});

	it('serves kept figures while the version stands, so the triggers are what keeps them true', async () => {
		// Proves the figures are kept (and why the version must move): a write with the case
		// triggers dropped is not seen; the same write with them is, at the next view.
		const { caseId } = await policeAskedForAReport(world);
		const kept = await view();
		await db.run(sql`DROP TRIGGER dashboard_data_version_cases_update`);
		try {
			await db.update(cases).set({ state: 'closed' }).where(eq(cases.id, caseId));
			expect(await view()).toEqual(kept);
			expect(await fresh()).not.toEqual(kept);
		} finally {
			await db.run(sql`CREATE TRIGGER dashboard_data_version_cases_update AFTER UPDATE ON cases
				BEGIN UPDATE dashboard_data_version SET version = version + 1 WHERE id = 1; END`);
		}
		await db.update(cases).set({ state: 'gathering' }).where(eq(cases.id, caseId));
		expect(await view()).toEqual(await fresh());
	});

	it('sees a new notification, a new case, a transition and the Chair’s decision at the next view', async () => {
		const added = await seenAtTheNextView(() =>
			notificationReceivedAt(db, world.priya, new Date())
		);
		expect(added.after.notificationTotal).toBe(added.before.notificationTotal + 1);
		const opened = await seenAtTheNextView(async () => {
			const notificationId = await notificationReceivedAt(db, world.priya, new Date());
			return world.as.uma.triage.openCase({ notificationId, classification: 'child_death' });
		});
		expect(opened.after).not.toEqual(opened.before);
		const [triage] = await db
			.select({ id: cases.id, version: cases.version })
			.from(cases)
			.where(eq(cases.state, 'triage'));
		if (!triage) throw new Error('no case in triage');
		const sent = await seenAtTheNextView(() =>
			world.as.uma.cases.transition({
				id: triage.id,
				version: triage.version,
				to: 'chair_decision',
				payload: {
					classification: 'child_death',
					reason: 'Criteria clearly met',
					securingAgencyIds: [world.agencies.police.id],
					filesSecureRequestedOn: today
				}
			})
		);
		expect(sent.after.charts).not.toEqual(sent.before.charts);
		const decided = await seenAtTheNextView(() =>
			world.as.chris.cases.transition({
				id: triage.id,
				version: triage.version + 1,
				to: 'no_further_action',
				payload: {
					decidedOn: today,
					rationale: 'Recorded in the minutes',
					departureReason: 'The death was not caused by abuse or neglect.',
					filesHold: 'rescind',
					rescindInstructionOn: today
				}
			})
		);
		expect(decided.after.charts).not.toEqual(decided.before.charts);
	});

	it('sees a short report submitted, a case’s clocks stored again and an agency renamed', async () => {
		const { requestId } = await policeAskedForAReport(world);
		// The request and the case's clocks fall due after today: a period that runs past them.
		const ahead: ReportFilters = { from: today, to: addCalendarDays(today, 60) };
		const submitted = await seenAtTheNextView(
			() =>
				db
					.update(shortReportRequests)
					.set({ status: 'received', submittedOn: today })
					.where(eq(shortReportRequests.id, requestId)),
			ahead
		);
		expect(submitted.after.clocks).not.toEqual(submitted.before.clocks);
		const [opened] = await db.select({ id: cases.id, dates: cases.dates }).from(cases);
		if (!opened) throw new Error('no case');
		const briefed = await seenAtTheNextView(async () => {
			const dates = { ...opened.dates, chairBriefedOn: today };
			await db.update(cases).set({ dates }).where(eq(cases.id, opened.id));
			await db.transaction((tx) => storeClockFigures(tx, opened.id));
		}, ahead);
		expect(briefed.after.clocks).not.toEqual(briefed.before.clocks);
		const renamed = await seenAtTheNextView(() =>
			db
				.update(agencies)
				.set({ name: 'Harrogate and District Health' })
				.where(eq(agencies.id, world.agencies.health.id))
		);
		expect(JSON.stringify(renamed.after)).toContain('Harrogate and District Health');
		expect(JSON.stringify(renamed.before)).not.toContain('Harrogate and District Health');
	});

	it('sees a change another process commits, through the database’s counter', async () => {
		const other = await openDatabase(world.database.url);
		try {
			const { after, before } = await seenAtTheNextView(() =>
				other.client.execute({
					sql: "UPDATE cases SET state = 'closed' WHERE state = 'gathering'",
					args: []
				})
			);
			expect(after.charts).not.toEqual(before.charts);
		} finally {
			other.client.close();
		}
	});

	it('computes afresh on a new day, and keeps filter sets apart', async () => {
		// A month on, clocks due in the next weeks are overdue: the same filters, other figures.
		const later = new Date(Date.now() + 30 * 24 * 3600_000);
		const todays = await view();
		const next = await view(period, later);
		expect(next).toEqual(await fresh(period, later));
		expect(next.clocks).not.toEqual(todays.clocks);
		const deaths: ReportFilters = { ...period, incidentType: 'death' };
		await view();
		expect(await view(deaths)).toEqual(await fresh(deaths));
		expect(await view()).toEqual(await fresh());
	});

	it('still audits every view, kept or computed', async () => {
		const viewed = async () =>
			(
				await db
					.select({ seq: auditEvents.seq })
					.from(auditEvents)
					.where(eq(auditEvents.action, 'report.dashboard_viewed'))
			).length;
		const before = await viewed();
		await world.as.uma.reports.dashboard(period);
		await world.as.uma.reports.dashboard(period);
		await world.as.chris.reports.dashboard(period);
		expect(await viewed()).toBe(before + 3);
	});

	it('bumps the version on insert, update and delete of every table the figures read', async () => {
		const bumps = async (statement: string) => {
			const version = await dashboardDataVersionOf(db);
			await db.run(sql.raw(statement));
			return (await dashboardDataVersionOf(db)) - version;
		};
		// One row of each table, changed to itself: a write all the same.
		for (const [table, column, key] of [
			['cases', 'version', 'id'],
			['case_events', 'kind', 'id'],
			['clock_figures', 'due_on', 'case_id, clock_id'],
			['short_report_requests', 'status', 'id'],
			['agencies', 'name', 'id']
		] as const) {
			const one = `(${key}) IN (SELECT ${key} FROM ${table} LIMIT 1)`;
			expect(await bumps(`UPDATE ${table} SET ${column} = ${column} WHERE ${one}`), table).toBe(1);
		}
		const day = "day = '2001-01-01'";
		expect(
			await bumps(
				"INSERT INTO dashboard_notification_days VALUES ('2001-01-01', 'death', '', '', '', 1)"
			)
		).toBe(1);
		expect(await bumps(`UPDATE dashboard_notification_days SET total = 2 WHERE ${day}`)).toBe(1);
		expect(await bumps(`DELETE FROM dashboard_notification_days WHERE ${day}`)).toBe(1);
		// Deleting a case deletes its stored clocks too (cascade): each row a bump.
		const [opened] = await db.select({ id: cases.id }).from(cases).limit(1);
		if (!opened) throw new Error('no case');
		expect(await bumps(`DELETE FROM clock_figures WHERE case_id = '${opened.id}'`)).toBeGreaterThan(
			0
		);
	});
});
