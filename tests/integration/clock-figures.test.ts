import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import {
	cases,
	clockFigures,
	clockFiguresMeta,
	dashboardNotificationDays,
	notifications
} from '$lib/server/db/schema';
import type { Db } from '$lib/server/db';
import { migrateDatabase } from '$lib/server/db';
import { addCalendarDays, todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { CASE_DATE_NAMES, type CaseDates } from '$lib/domain/case/case-dates';
import { computeClocks } from '$lib/domain/case/clocks';
import { clockFigures as figuresOf } from '$lib/domain/reports/figures';
import { storedClocks } from '$lib/domain/reports/clock-figures';
import {
	fillClockFigures,
	refillClockFigures,
	storeClockFigures
} from '$lib/server/services/cases/clock-figures';
import { clocksForPeriod, notificationCounts } from '$lib/server/services/reports/dashboard';
import { periodInstants } from '$lib/server/services/reports/period';
import { procedureWorld, type ProcedureWorld } from '../support/procedure';
import { morningOf, notificationReceivedAt } from '../support/triage';
import { migrationsFrom, rollBackTo } from '../support/migration-rollback';

// What the reports dashboard keeps instead of recounting (migration 0018, decision 030): each
// case's clocks and the notifications counted per day. Whatever is kept must equal what would be
// recomputed from the records themselves, after every path that changes them.

let world: ProcedureWorld;
let db: Db;

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris']);
	db = world.database.db;
});

/** The stored clocks, as they are. */
async function stored(): Promise<Record<string, unknown>[]> {
	const rows = await db.select().from(clockFigures);
	return rows
		.map(({ caseId, clockId, openedAt, startedOn, dueOn, metOn, metDaysLate, closedOn }) => ({
			caseId,
			clockId,
			openedAt: openedAt.getTime(),
			startedOn,
			dueOn,
			metOn,
			metDaysLate,
			closedOn
		}))
		.sort((a, b) => `${a.caseId}${a.clockId}`.localeCompare(`${b.caseId}${b.clockId}`));
}

/** The clocks each case's dates define now, computed afresh. */
async function recomputed(): Promise<Record<string, unknown>[]> {
	const rows = await db
		.select({ id: cases.id, openedAt: cases.openedAt, dates: cases.dates })
		.from(cases);
	return rows
		.flatMap((row) =>
			storedClocks(row.dates).map((clock) => ({
				caseId: row.id,
				openedAt: row.openedAt.getTime(),
				...clock
			}))
		)
		.sort((a, b) => `${a.caseId}${a.clockId}`.localeCompare(`${b.caseId}${b.clockId}`));
}

/** The clock figures as the dashboard computed them before 0018: every case's clocks, on `today`. */
async function figuresRecomputed(period: { from: IsoDate; to: IsoDate }, today: IsoDate) {
	const { end } = periodInstants(period);
	const rows = await db.select({ dates: cases.dates, openedAt: cases.openedAt }).from(cases);
	const clocks = rows
		.filter((row) => row.openedAt < end)
		.flatMap((row) => computeClocks(row.dates, today))
		.filter(
			(clock) =>
				clock.status === 'overdue' || (clock.dueOn >= period.from && clock.dueOn <= period.to)
		);
	return byId(figuresOf(clocks, period, today));
}

async function figuresStored(period: { from: IsoDate; to: IsoDate }, today: IsoDate) {
	return byId(figuresOf(await clocksForPeriod(db, period, today), period, today));
}

const byId = <T extends { id: string }>(figures: T[]) =>
	Object.fromEntries(figures.map((f) => [f.id, f]));

describe('each case’s stored clocks (decision 030)', () => {
	it('equal the clocks its dates define after opening, every transition and a decision', async () => {
		const { uma, chris } = world.as;
		const opened = async (date: string) =>
			uma.triage.openCase({
				notificationId: await notificationReceivedAt(db, world.priya, morningOf(date)),
				classification: 'serious_harm'
			});
		await opened('2026-09-01');
		expect(await stored()).toEqual(await recomputed());
		expect((await stored()).map((r) => r.clockId)).toContain('T1');

		const { caseId } = await opened('2026-10-05');
		await uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'chair_decision',
			payload: {
				classification: 'serious_harm',
				reason: 'Criteria clearly met',
				securingAgencyIds: [world.agencies.police.id],
				filesSecureRequestedOn: todayIso()
			}
		});
		expect(await stored()).toEqual(await recomputed());
		await chris.cases.transition({
			id: caseId,
			version: 2,
			to: 'no_further_action',
			payload: {
				decidedOn: todayIso(),
				rationale: 'Recorded in the minutes',
				departureReason: 'The harm was not caused by abuse or neglect.',
				filesHold: 'rescind',
				rescindInstructionOn: todayIso()
			}
		});
		const after = await stored();
		expect(after).toEqual(await recomputed());
		// The Chair's decision meets T1 and T2 (clock-preset.ts): the stored rows say so.
		expect(after.filter((r) => r.caseId === caseId && r.metOn === todayIso())).toHaveLength(2);
	});

	it('follow a date corrected on the case, in the same transaction as the change', async () => {
		const [row] = await db.select({ id: cases.id, dates: cases.dates }).from(cases).limit(1);
		if (!row) throw new Error('no case');
		await db.transaction(async (tx) => {
			await tx
				.update(cases)
				.set({ dates: { ...row.dates, receivedOn: '2026-08-28', chairBriefedOn: '2026-09-20' } })
				.where(eq(cases.id, row.id));
			await storeClockFigures(tx, row.id);
		});
		expect(await stored()).toEqual(await recomputed());
	});

	it('give the dashboard the figures computing every case’s clocks would, on any day', async () => {
		for (const today of ['2026-09-01', '2026-09-20', todayIso(), '2027-03-01']) {
			const period = { from: '2026-01-01', to: today };
			expect(await figuresStored(period, today)).toEqual(await figuresRecomputed(period, today));
		}
	});

	it('are refilled at start-up when never computed or computed by another calendar, and only then', async () => {
		await db.delete(clockFigures);
		await db.delete(clockFiguresMeta);
		const count = (await db.select({ id: cases.id }).from(cases)).length;
		expect(await fillClockFigures(db)).toBe(count);
		expect(await stored()).toEqual(await recomputed());
		expect(await fillClockFigures(db)).toBe(0);
		await db.update(clockFiguresMeta).set({ fingerprint: 'another calendar' });
		expect(await fillClockFigures(db)).toBe(count);
	});

	it('drop the clocks a case closed today had not met, as the case page does', async () => {
		const [owner] = await db.select({ id: cases.ownerId }).from(cases).limit(1);
		if (!owner) throw new Error('no case');
		await db.insert(cases).values({
			id: 'closed-today',
			reference: 'CLOSED-TODAY',
			state: 'closed',
			ownerId: owner.id,
			version: 1,
			openedAt: morningOf('2026-05-01'),
			updatedAt: new Date(),
			classification: 'serious_harm',
			dates: { receivedOn: '2026-05-01', closedOn: '2026-06-10' }
		});
		await db.transaction((tx) => storeClockFigures(tx, 'closed-today'));
		const period = { from: '2026-05-01', to: '2026-06-30' };
		for (const today of ['2026-06-09', '2026-06-10']) {
			expect(await figuresStored(period, today)).toEqual(await figuresRecomputed(period, today));
		}
		expect((await figuresStored(period, '2026-06-10')).T1?.overdueNow).toBeUndefined();
		await db.delete(cases).where(eq(cases.id, 'closed-today'));
	});

	it('read as of any day equal the clocks computed from random dates (property)', async () => {
		const [owner] = await db.select({ id: cases.ownerId }).from(cases).limit(1);
		if (!owner) throw new Error('no case');
		const first = '2026-01-01';
		// A narrow window, so that a case closes, a clock starts or is met on the very day looked at.
		const day = fc.integer({ min: 0, max: 45 }).map((n) => addCalendarDays(first, n));
		const dates = fc
			.array(fc.tuple(fc.constantFrom(...CASE_DATE_NAMES), day), { maxLength: 12 })
			.chain((pairs) =>
				day.map((receivedOn): CaseDates => ({ receivedOn, ...Object.fromEntries(pairs) }))
			);
		await fc.assert(
			fc.asyncProperty(
				fc.array(dates, { minLength: 1, maxLength: 12 }),
				day,
				day,
				async (datesOfCases, today, from) => {
					await db.delete(clockFigures).where(sql`case_id like 'prop-%'`);
					await db.delete(cases).where(sql`id like 'prop-%'`);
					await db.insert(cases).values(
						datesOfCases.map((caseDates, i) => ({
							id: `prop-${i}`,
							reference: `PROP-${i}`,
							state: 'gathering' as const,
							ownerId: owner.id,
							version: 1,
							openedAt: morningOf(caseDates.receivedOn ?? first),
							updatedAt: new Date(),
							classification: 'serious_harm' as const,
							dates: caseDates
						}))
					);
					for (let i = 0; i < datesOfCases.length; i++) {
						await db.transaction((tx) => storeClockFigures(tx, `prop-${i}`));
					}
					const period = from <= today ? { from, to: today } : { from: today, to: from };
					expect(await figuresStored(period, today)).toEqual(
						await figuresRecomputed(period, today)
					);
				}
			),
			{ numRuns: 60 }
		);
		await db.delete(clockFigures).where(sql`case_id like 'prop-%'`);
		await db.delete(cases).where(sql`id like 'prop-%'`);
	});
});

/** The notifications counted per day as the dashboard counted them before 0018: from the rows. */
async function daysRecounted() {
	const rows = await db.all<Record<string, unknown>>(sql`
		select strftime('%Y-%m-%d', received_at / 1000, 'unixepoch') as day, incident_type,
			coalesce(serious_incident_category, '') as category, coalesce(notifier_agency_id, '') as agency_id,
			coalesce(case when json_extract(lead_authority, '$.lookedAfter')
					and coalesce(json_extract(lead_authority, '$.responsibleAuthority'), '') <> ''
				then json_extract(lead_authority, '$.responsibleAuthority')
				else json_extract(lead_authority, '$.childLivesIn') end, '') as lead,
			count(*) as total
		from notifications where superseded_by_id is null group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`);
	return rows.map((r) => ({ ...r, total: Number(r.total) }));
}

async function daysKept() {
	const rows = await db.all<Record<string, unknown>>(sql`
		select day, incident_type, category, agency_id, lead, total from dashboard_notification_days
		order by 1, 2, 3, 4, 5`);
	return rows.map((r) => ({ ...r, total: Number(r.total) }));
}

describe('the notifications counted per day (decision 030)', () => {
	it('equal a recount after inserts, corrections, re-classifying, leads recorded and deletions (property)', async () => {
		const ids: string[] = [];
		for (const date of ['2026-02-03', '2026-02-03', '2026-02-04', '2026-03-31', '2026-04-01']) {
			ids.push(await notificationReceivedAt(db, world.priya, morningOf(date)));
		}
		expect(await daysKept()).toEqual(await daysRecounted());
		const id = fc.constantFrom(...ids);
		const move = fc.oneof(
			fc.record({ kind: fc.constant('supersede' as const), id, by: fc.option(id) }),
			fc.record({
				kind: fc.constant('type' as const),
				id,
				type: fc.constantFrom('serious_harm', 'death', 'serious_incident'),
				category: fc.option(fc.constantFrom('police_called', 'serious_complaint'))
			}),
			fc.record({
				kind: fc.constant('agency' as const),
				id,
				agency: fc.option(fc.constantFrom(world.agencies.police.id, world.agencies.health.id))
			}),
			fc.record({
				kind: fc.constant('lead' as const),
				id,
				lead: fc.option(
					fc.record({
						childLivesIn: fc.constantFrom('Leeds', 'York', ''),
						lookedAfter: fc.boolean(),
						responsibleAuthority: fc.option(fc.constantFrom('Leeds', 'Hull', ''))
					})
				)
			}),
			fc.record({
				kind: fc.constant('received' as const),
				id,
				at: fc.integer({ min: 0, max: 90 * 24 }).map((h) => Date.UTC(2026, 1, 1) + h * 3_600_000)
			})
		);
		await fc.assert(
			fc.asyncProperty(fc.array(move, { maxLength: 15 }), async (moves) => {
				for (const m of moves) {
					const where = eq(notifications.id, m.id);
					if (m.kind === 'supersede') {
						await db.update(notifications).set({ supersededById: m.by }).where(where);
					} else if (m.kind === 'type') {
						await db
							.update(notifications)
							.set({
								incidentType: m.type,
								seriousIncidentCategory: m.category
							})
							.where(where);
					} else if (m.kind === 'agency') {
						await db.update(notifications).set({ notifierAgencyId: m.agency }).where(where);
					} else if (m.kind === 'lead') {
						await db.run(
							sql`update notifications set lead_authority = ${m.lead ? JSON.stringify(m.lead) : null} where id = ${m.id}`
						);
					} else {
						await db
							.update(notifications)
							.set({ receivedAt: new Date(m.at) })
							.where(where);
					}
				}
				expect(await daysKept()).toEqual(await daysRecounted());
			}),
			{ numRuns: 40 }
		);
		// A notification deleted (as a test or an administrator might) leaves the counts too.
		await db.run(sql`delete from notification_children where notification_id = ${ids[0]}`);
		await db.run(sql`delete from notifications where id = ${ids[0]}`);
		expect(await daysKept()).toEqual(await daysRecounted());
		// No group is kept at zero: a lead or agency no longer present leaves no empty bar.
		const zero = await db.all(sql`select * from dashboard_notification_days where total <= 0`);
		expect(zero).toEqual([]);
	});

	it('give the dashboard the counts the notifications themselves give, by filter', async () => {
		const period = { from: '2026-01-01', to: '2026-12-31' };
		const recount = async (filter: string) =>
			Number(
				(
					await db.all<{ n: number }>(
						sql.raw(
							`select count(*) as n from notifications where superseded_by_id is null and received_at >= ${Date.UTC(2026, 0, 1)} and received_at < ${Date.UTC(2027, 0, 1)} ${filter}`
						)
					)
				)[0]?.n
			);
		const total = (rows: { count: number }[]) => rows.reduce((sum, r) => sum + r.count, 0);
		expect(total(await notificationCounts(db, period))).toBe(await recount(''));
		expect(total(await notificationCounts(db, { ...period, incidentType: 'death' }))).toBe(
			await recount(`and incident_type = 'death'`)
		);
		const police = world.agencies.police.id;
		expect(total(await notificationCounts(db, { ...period, agencyId: police }))).toBe(
			await recount(`and notifier_agency_id = '${police}'`)
		);
	});

	it('are filled from the notifications already stored when 0018 runs', async () => {
		const { client } = world.database;
		expect(await rollBackTo(client, '0018_dashboard_figures')).toBe(
			migrationsFrom('0018_dashboard_figures')
		);
		// rollBackTo undoes what came after; the test undoes 0018 itself.
		for (const statement of [
			'DROP INDEX cases_opened_idx',
			'DROP TABLE clock_figures_meta',
			'DROP INDEX clock_figures_tally_idx',
			'DROP TABLE clock_figures',
			'DROP TRIGGER dashboard_notification_days_delete',
			'DROP TRIGGER dashboard_notification_days_update',
			'DROP TRIGGER dashboard_notification_days_insert',
			'DROP TABLE dashboard_notification_days'
		]) {
			await client.execute(statement);
		}
		await migrateDatabase(world.database);
		expect((await daysKept()).length).toBeGreaterThan(0);
		expect(await daysKept()).toEqual(await daysRecounted());
		// The clocks need the bank holiday calendar, so start-up fills them, not the SQL.
		expect(await db.select().from(clockFigures)).toEqual([]);
		await fillClockFigures(db);
		expect(await stored()).toEqual(await recomputed());
		void dashboardNotificationDays;
		void refillClockFigures;
	});
});
