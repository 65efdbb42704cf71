import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, notifications } from '$lib/server/db/schema';
import { migrateDatabase } from '$lib/server/db';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { procedureWorld, type ProcedureWorld } from '../support/procedure';
import { morningOf, notificationReceivedAt } from '../support/triage';
import { expectProblem } from '../support/expect-problem';
import { signedIn } from '../support/callers';
import { migrationsFrom, rollBackTo } from '../support/migration-rollback';

// The dashboard's figures on a small set worked out by hand (§13.20 "analysed for trends").
// Priya (health) sends six notifications; Agnes's police none.
//   Dec 2025: serious harm (outside the period)
//   12 Jan 2026: serious harm, lead "North Yorkshire"; 13 Jan: serious harm, lead "north yorkshire LSCB"
//   14 Jan 2026: death, a looked-after child whose responsible authority is Leeds
//   3 Mar 2026: serious incident, police called; 4 Mar: serious incident, police called
// Cases: the 12 Jan one opened (in triage); the 14 Jan one sent to the Chair, who decides no
// further action. Both open today, so both are counted as opened in the period.

let world: ProcedureWorld;
const period = { from: '2026-01-01', to: todayIso() };
const ids: Record<string, string> = {};

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes']);
	const { db } = world.database;
	const at = (date: string, overrides = {}) =>
		notificationReceivedAt(db, world.priya, morningOf(date), overrides);
	ids.december = await at('2025-12-10');
	ids.first = await at('2026-01-12');
	ids.second = await at('2026-01-13');
	ids.death = await at('2026-01-14', { incidentType: 'death' });
	ids.incident1 = await at('2026-03-03', {
		incidentType: 'serious_incident',
		seriousIncidentCategory: 'police_called'
	});
	ids.incident2 = await at('2026-03-04', {
		incidentType: 'serious_incident',
		seriousIncidentCategory: 'police_called'
	});
	const { uma, chris } = world.as;
	await uma.triage.recordLeadAuthority({
		notificationId: ids.first,
		childLivesIn: 'North Yorkshire',
		lookedAfter: 'no',
		partnerLscbs: []
	});
	await uma.triage.recordLeadAuthority({
		notificationId: ids.second,
		childLivesIn: 'north yorkshire LSCB',
		lookedAfter: 'no',
		partnerLscbs: []
	});
	await uma.triage.recordLeadAuthority({
		notificationId: ids.death,
		childLivesIn: 'York',
		lookedAfter: 'yes',
		responsibleAuthority: 'Leeds',
		partnerLscbs: []
	});
	await uma.triage.openCase({ notificationId: ids.first, classification: 'serious_harm' });
	const { caseId } = await uma.triage.openCase({
		notificationId: ids.death,
		classification: 'child_death'
	});
	await uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [world.agencies.police.id],
			filesSecureRequestedOn: todayIso()
		}
	});
	await chris.cases.transition({
		id: caseId,
		version: 2,
		to: 'no_further_action',
		payload: {
			decidedOn: todayIso(),
			rationale: 'Recorded in the minutes',
			departureReason: 'The death was not caused by abuse or neglect.',
			filesHold: 'rescind',
			rescindInstructionOn: todayIso()
		}
	});
});

const chart = async (id: string, filters: Record<string, string> = {}) => {
	const dashboard = await world.as.uma.reports.dashboard({ ...period, ...filters });
	const found = dashboard.charts.find((c) => c.id === id);
	if (!found) throw new Error(`no chart ${id}`);
	return Object.fromEntries(
		found.tallies.filter((t) => t.count > 0).map((t) => [t.label, t.count])
	);
};

describe('the dashboard (§13.20)', () => {
	it('counts the period’s notifications by type, category, month, agency and lead LSCB', async () => {
		expect(await chart('by-type')).toEqual({
			'Serious harm': 2,
			'Death of a child': 1,
			'Serious incident (§13.20)': 2
		});
		expect(await chart('by-category')).toEqual({
			'Serious incident that required the police to be called to the home': 2
		});
		expect(await chart('by-month')).toEqual({ 'Jan 2026': 3, 'Mar 2026': 2 });
		expect(await chart('by-agency')).toEqual({ 'Harrogate District NHS Foundation Trust': 5 });
		// "North Yorkshire" and "north yorkshire LSCB" are one authority; a looked-after child's
		// lead is the responsible authority (§13.4), not where the child lives.
		expect(await chart('by-lead')).toEqual({
			'North Yorkshire': 2,
			Leeds: 1,
			'Lead LSCB not yet recorded': 2
		});
		const dashboard = await world.as.uma.reports.dashboard(period);
		expect(dashboard.notificationTotal).toBe(5);
		expect(dashboard.charts.find((c) => c.id === 'by-type')?.summary).toBe(
			'5 notifications; 2 groups share the most, 2 each.'
		);
	});

	it('filters by type and agency from the address', async () => {
		expect(await chart('by-type', { incidentType: 'death' })).toEqual({ 'Death of a child': 1 });
		expect(await chart('by-type', { agencyId: world.agencies.police.id })).toEqual({});
		expect(await chart('by-month', { from: '2025-12-01', to: '2025-12-31' })).toEqual({
			'Dec 2025': 1
		});
	});

	it("counts the Chair's decisions by outcome, cases by stage, and the clocks", async () => {
		expect(await chart('decisions')).toEqual({ 'No further action': 1 });
		expect(await chart('by-stage')).toEqual({ Triage: 1, 'No further action': 1 });
		const { clocks } = await world.as.chris.reports.dashboard(period);
		// T1 (10 working days from receipt): the 12 Jan case never briefed the Chair, overdue; the
		// 14 Jan case met it only with today's decision, late.
		const t1 = clocks.find((c) => c.id === 'T1');
		expect(t1).toMatchObject({ metOnTime: 0, metLate: 1, overdue: 1, shareOnTime: 0 });
		expect(t1?.overdueNow).toBe(1);
		// Agnes's short report: none was asked on the route straight to the Chair.
		expect(clocks.find((c) => c.id === 'short_report')).toBeUndefined();
	});

	it('is audited with its filters, and refused to agencies and practitioners', async () => {
		const { db } = world.database;
		const before = await db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'report.dashboard_viewed'));
		await world.as.uma.reports.dashboard({ ...period, incidentType: 'death' });
		const after = await db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'report.dashboard_viewed'));
		expect(after.length).toBe(before.length + 1);
		expect(after.at(-1)?.detail).toEqual({ filters: { ...period, incidentType: 'death' } });
		await expectProblem(world.as.agnes.reports.dashboard(period), 'FORBIDDEN_ROLE');
		const priya = (await signedIn(db, 'priya')).caller;
		await expectProblem(priya.reports.year({ year: 2026 }), 'FORBIDDEN_ROLE');
	});

	it('refuses a backwards or unbounded period with a clear message', async () => {
		await expectProblem(
			world.as.uma.reports.dashboard({ from: '2026-05-01', to: '2026-01-01' }),
			'INVALID_INPUT'
		);
		await expectProblem(
			world.as.uma.reports.dashboard({ from: '2001-01-01', to: '2026-01-01' }),
			'INVALID_INPUT'
		);
		await expectProblem(world.as.uma.reports.year({ year: 1999 }), 'INVALID_INPUT');
	});
});

describe("the year's figures (§13.13, §13.20)", () => {
	it('reads the year from the stored records', async () => {
		const { sections } = await world.as.chris.reports.year({ year: 2026 });
		const lines = Object.fromEntries(
			sections.flatMap((s) => s.lines).map((l) => [l.label, l.value])
		);
		expect(lines['Serious Incident Notification Forms received']).toBe(5);
		expect(lines['Serious child care incidents']).toBe(2);
		expect(lines['Decisions made by the LSCB Chair']).toBe(Number(todayIso().startsWith('2026-')));
	});
});

describe('data stored before migration 0013', () => {
	it('copies each serious incident’s §13.20 category out of its stored form, and no other', async () => {
		const older = await procedureWorld([]);
		const { database, priya } = older;
		const incident = await notificationReceivedAt(database.db, priya, new Date(), {
			incidentType: 'serious_incident',
			seriousIncidentCategory: 'serious_complaint'
		});
		const harm = await notificationReceivedAt(database.db, priya, new Date());
		const { client } = database;
		expect(await rollBackTo(client, '0013_report_columns')).toBe(
			migrationsFrom('0013_report_columns')
		);
		await client.execute('DROP INDEX case_events_transition_idx');
		await client.execute('ALTER TABLE notifications DROP COLUMN serious_incident_category');
		await migrateDatabase(database);
		const rows = await database.db
			.select({ id: notifications.id, category: notifications.seriousIncidentCategory })
			.from(notifications);
		expect(Object.fromEntries(rows.map((r) => [r.id, r.category]))).toEqual({
			[incident]: 'serious_complaint',
			[harm]: null
		});
	});
});
