import { describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { seedDemo } from '$lib/server/services/users/demo-seed';
import { seedYearOfActivity } from '$lib/server/services/demo/year-of-activity';
import {
	actionPlanItemRevisions,
	cases,
	notifications,
	shortReportRequests,
	shortReports
} from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { CASE_STATES } from '$lib/domain/case/case-states';
import { computeClocks } from '$lib/domain/case/clocks';
import { todayIso } from '$lib/domain/calendar/iso-date';

// Issue 16: `npm run demo` seeds a year of fictional activity once, through the services, so
// every role lands on a full screen.

describe('the demo year of activity', () => {
	it('makes about 200 notifications and 40 cases in every state, with every kind of clock and answer, once', async () => {
		const { db } = await freshDatabase();
		await seedDemo(db);
		const started = performance.now();
		const made = await seedYearOfActivity(db);
		const seconds = (performance.now() - started) / 1000;
		expect(made?.cases).toBe(40);
		expect(made?.notifications).toBeGreaterThanOrEqual(180);
		expect(made?.notifications).toBeLessThanOrEqual(220);
		// Every state but "received", which no case is opened in.
		const states = new Set(
			(await db.select({ state: cases.state }).from(cases)).map((c) => c.state)
		);
		expect([...CASE_STATES].filter((s) => s !== 'received' && !states.has(s))).toEqual([]);
		const today = todayIso();
		const clocks = (await db.select({ dates: cases.dates }).from(cases)).flatMap((c) =>
			computeClocks(c.dates, today)
		);
		expect(clocks.some((c) => c.status === 'met' && !c.metLate)).toBe(true);
		expect(clocks.some((c) => c.status === 'met' && c.metLate)).toBe(true);
		expect(clocks.some((c) => c.status === 'overdue')).toBe(true);
		expect(clocks.some((c) => c.status === 'on_track' || c.status === 'due_soon')).toBe(true);
		const kinds = new Set(
			(await db.select({ kind: shortReports.kind }).from(shortReports)).map((r) => r.kind)
		);
		expect(kinds).toEqual(new Set(['report', 'nil_return']));
		const [overdue] = await db
			.select({ n: count() })
			.from(shortReportRequests)
			.where(
				sql`${shortReportRequests.status} = 'requested' and ${shortReportRequests.dueOn} < ${today}`
			);
		expect(overdue?.n).toBeGreaterThan(0);
		expect((await db.select().from(actionPlanItemRevisions)).length).toBeGreaterThan(0);
		const [queued] = await db
			.select({ n: count() })
			.from(notifications)
			.where(sql`${notifications.status} = 'received' and ${notifications.caseId} is null`);
		expect(queued?.n).toBeGreaterThan(10);
		const [returned] = await db
			.select({ n: count() })
			.from(notifications)
			.where(eq(notifications.status, 'returned'));
		expect(returned?.n).toBeGreaterThan(0);
		expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
		// Once: a second start adds nothing.
		expect(await seedYearOfActivity(db)).toBeNull();
		await seedDemo(db);
		console.info(`seeded in ${seconds.toFixed(1)} s`);
	}, 120_000);
});
