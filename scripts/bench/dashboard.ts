// The reports dashboard's server time on 100,000 notifications and 20,000 cases (issue 16,
// docs/decisions/030): `reports.dashboard` called in-process through tRPC as the page calls it
// (input checked, role checked, figures read, the view's audit event committed), no HTTP.
// A benchmark, not a test: it prints figures and asserts nothing. Run alone with
//   npx tsx scripts/bench/dashboard.ts [database file]
// or within `npm run bench` (scripts/bench/run.ts).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCookieJar, callerFor } from '../../tests/support/callers';
import { totpCodeAt, totpStep } from '../../src/lib/domain/second-factor';
import { DEMO_PERSONAS } from '../../src/lib/server/services/users/personas';
import { addCalendarDays, todayIso } from '../../src/lib/domain/calendar/iso-date';
import { defaultPeriod, type ReportFilters } from '../../src/lib/domain/reports/report-filters';
import * as schema from '../../src/lib/server/db/schema';
import { seedDatabase, type SeedCounts } from './seed';
import { refillClockFigures } from '../../src/lib/server/services/cases/clock-figures';

const COUNTS: SeedCounts = { notifications: 100_000, cases: 20_000 };
const CALLS = 200;
const WARM_UP = 10;
const BUDGET_P95_MS = 200;

export interface DashboardTimes {
	calls: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	/** Per filter set: its name and p95. */
	byFilters: { name: string; p95: number }[];
	/** One-minute load average before and after, to read the figures against. */
	load: [number, number];
}

export interface DashboardFigures {
	/** On the seed as it is: every case with its receipt date only. */
	early: DashboardTimes;
	/** The same, each view the first after a change (nothing kept: the figures computed). */
	earlyChanged: DashboardTimes;
	/** After giving the cases past triage a year's dates (more clocks, met and late). */
	mature: DashboardTimes;
	/** The same, each view the first after a change. */
	matureChanged: DashboardTimes;
	matureNote: string;
	seeded: string;
}

// Dates a case past triage would hold, each a random number of days after its receipt.
const after = (name: string, least: number, spread: number) =>
	`'$.${name}', date(json_extract(dates, '$.receivedOn'), '+' || (${least} + abs(random()) % ${spread}) || ' days')`;
const MATURE_DATES = `UPDATE cases SET dates = json_set(dates, ${[
	after('chairBriefedOn', 3, 20),
	after('meetingOn', 5, 25),
	after('recommendationSentOn', 8, 30),
	after('firstPanelMeetingOn', 10, 35),
	after('chairDecidedOn', 20, 40),
	after('scrDecidedOn', 25, 40),
	after('ofstedNotifiedOn', 25, 50),
	after('lettersSentOn', 25, 60),
	after('ofstedReportedOn', 0, 5),
	after('siReportSentOn', 1, 40)
].join(', ')}) WHERE state <> 'triage'`;

/** The p-th percentile of sorted times. */
const at = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

type Caller = Awaited<ReturnType<typeof callerFor>>;

/**
 * Times CALLS views, taking the filter sets in turn. `beforeEach`, untimed, runs before every
 * view: a write, so that no figures are kept and each view computes them (the first view after
 * a change).
 */
async function timeViews(
	caller: Caller,
	filterSets: [string, ReportFilters][],
	beforeEach?: () => Promise<unknown>
): Promise<DashboardTimes> {
	for (let i = 0; i < WARM_UP; i++) {
		await beforeEach?.();
		await caller.reports.dashboard(filterSets[i % filterSets.length]?.[1] as ReportFilters);
	}
	const loadBefore = loadavg()[0] ?? 0;
	const times: number[] = [];
	const perSet = new Map<string, number[]>();
	for (let i = 0; i < CALLS; i++) {
		const [name, filters] = filterSets[i % filterSets.length] as [string, ReportFilters];
		await beforeEach?.();
		const start = performance.now();
		await caller.reports.dashboard(filters);
		const took = performance.now() - start;
		times.push(took);
		perSet.set(name, [...(perSet.get(name) ?? []), took]);
	}
	times.sort((a, b) => a - b);
	return {
		calls: CALLS,
		p50: at(times, 50),
		p95: at(times, 95),
		p99: at(times, 99),
		max: times[times.length - 1] ?? Number.NaN,
		byFilters: [...perSet].map(([name, list]) => ({
			name,
			p95: at(
				[...list].sort((a, b) => a - b),
				95
			)
		})),
		load: [loadBefore, loadavg()[0] ?? 0]
	};
}

/** Seeds `file` and times CALLS dashboard views, taking the filter sets in turn. */
export async function benchDashboard(file: string): Promise<DashboardFigures> {
	process.env.RECEIPT_KEY_SECRET ??= randomBytes(32).toString('base64url');
	const seedStart = performance.now();
	const database = await seedDatabase(`file:${file}`, COUNTS);
	const seeded = `${COUNTS.notifications} notifications, ${COUNTS.cases} cases in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`;
	const { db } = database;
	try {
		const jar = new TestCookieJar();
		const signIn = await (
			await callerFor(db, jar)
		).auth.signIn({ email: DEMO_PERSONAS.people.unit.email, password: DEMO_PERSONAS.password });
		if (signIn.secondFactor === 'code') {
			await (
				await callerFor(db, jar)
			).auth.secondFactor({ code: totpCodeAt(DEMO_PERSONAS.totpSecret, totpStep(new Date())) });
		}
		const caller = await callerFor(db, jar);
		const [agency] = await db.select({ id: schema.agencies.id }).from(schema.agencies);
		const today = todayIso();
		const year = defaultPeriod(today);
		const filterSets: [string, ReportFilters][] = [
			['the last twelve months (the default)', year],
			['the last month', { from: addCalendarDays(today, -30), to: today }],
			[
				'a quarter, deaths only',
				{
					from: addCalendarDays(today, -120),
					to: addCalendarDays(today, -30),
					incidentType: 'death'
				}
			],
			['twelve months, one agency', { ...year, agencyId: agency?.id }],
			['two years', { from: addCalendarDays(today, -730), to: today }]
		];
		// A write to a table the figures read (an agency's name set to itself): the triggers move
		// the data version, so the next view cannot be served kept figures (decision 030).
		const change = () =>
			db.run(sql`UPDATE agencies SET name = name WHERE id = ${agency?.id ?? ''}`);
		const early = await timeViews(caller, filterSets);
		const earlyChanged = await timeViews(caller, filterSets, change);
		// The seed's cases hold only their receipt date (T1 and T2 running). Give those past
		// triage the dates a year of work records (a briefing, meetings, decisions, Ofsted told,
		// letters, reports), as the procedure's clocks would see them, and time again.
		await db.run(sql.raw(MATURE_DATES));
		const clockRows = await refillClockFigures(db);
		const [stored] = await db.all<{ n: number }>(sql`select count(*) as n from clock_figures`);
		const mature = await timeViews(caller, filterSets);
		const matureChanged = await timeViews(caller, filterSets, change);
		return {
			early,
			earlyChanged,
			mature,
			matureChanged,
			matureNote: `${clockRows} cases, ${Number(stored?.n ?? 0)} stored clocks`,
			seeded
		};
	} finally {
		database.client.close();
	}
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

function rowsOf(label: string, times: DashboardTimes): string[][] {
	return [
		[
			`reports dashboard, ${label} (reports.dashboard, ${times.calls} calls, ${times.byFilters.length} filter sets)`,
			`p50 ${ms(times.p50)}, p95 ${ms(times.p95)}, p99 ${ms(times.p99)}, max ${ms(times.max)}; load ${times.load.map((l) => l.toFixed(1)).join(' → ')}`,
			`p95 < ${BUDGET_P95_MS} ms`,
			times.p95 < BUDGET_P95_MS ? 'yes' : 'NO'
		],
		...times.byFilters.map((set) => [`  dashboard: ${set.name}`, `p95 ${ms(set.p95)}`, '', ''])
	];
}

/** The bench table's rows for these figures: measure, figure, target, met. */
export function dashboardRows(figures: DashboardFigures): string[][] {
	return [
		...rowsOf('cases at receipt', figures.early),
		...rowsOf('cases at receipt, each view the first after a change', figures.earlyChanged),
		...rowsOf(`cases a year on (${figures.matureNote})`, figures.mature),
		...rowsOf('cases a year on, each view the first after a change', figures.matureChanged)
	];
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const file =
		process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'safeguard-bench-')), 'dashboard.db');
	const figures = await benchDashboard(file);
	console.log(
		`\nreports dashboard: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; seeded ${figures.seeded}\n`
	);
	for (const row of dashboardRows(figures)) console.log(row.filter(Boolean).join(' | '));
}
