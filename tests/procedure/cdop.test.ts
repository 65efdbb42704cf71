import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import { migrationsFrom, rollBackTo } from '../support/migration-rollback';
import { procedureWorld, type ProcedureWorld } from '../support/procedure';
import { notificationReceivedAt, type FormOverrides } from '../support/triage';
import { auditEvents, notifications } from '$lib/server/db/schema';
import { migrateDatabase } from '$lib/server/db';
import { verifyAuditChain } from '$lib/server/services/audit';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';

/*
 * §13.5 "All child deaths should be reported to the CDOP": every notification of a death, and
 * every notification in a case triage classed as a child's death, carries "CDOP informed" (the
 * date, by whom), flagged in the queue and on the case until the Unit records it. Through the
 * real router on a real database.
 */

const ALL_CHILD_DEATHS = '§13.5 "All child deaths should be reported to the CDOP"';

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();
const DEATH: FormOverrides = { incidentType: 'death' };
const ACCOMMODATED_DEATH: FormOverrides = {
	incidentType: 'serious_incident',
	seriousIncidentCategory: 'accommodated_death'
};

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
});

const received = (overrides: FormOverrides = {}) =>
	notificationReceivedAt(world.database.db, world.priya, new Date(), overrides);

async function queueRow(id: string) {
	const { items } = await as.uma.triage.queue({ limit: 100 });
	return items.find((row) => row.id === id);
}

describe(ALL_CHILD_DEATHS, () => {
	it('flags a notification of a death, by its type or its §13.20 category, in the queue and at triage until CDOP informed is recorded', async () => {
		for (const overrides of [DEATH, ACCOMMODATED_DEATH]) {
			const notificationId = await received(overrides);
			expect((await queueRow(notificationId))?.cdopAwaited).toBe(true);
			expect(await as.uma.triage.notification({ id: notificationId })).toMatchObject({
				cdopNeeded: true,
				cdopInformed: null
			});
			await as.uma.triage.recordCdopInformed({
				notificationId,
				informedOn: today,
				informedBy: 'Dana Nurse, named nurse, hospital trust'
			});
			expect((await queueRow(notificationId))?.cdopAwaited).toBe(false);
			expect((await as.uma.triage.notification({ id: notificationId })).cdopInformed).toMatchObject(
				{
					informedOn: today,
					informedBy: 'Dana Nurse, named nurse, hospital trust',
					recordedByName: 'Uma Unit'
				}
			);
		}
	});

	it('does not flag serious harm', async () => {
		const notificationId = await received();
		expect((await queueRow(notificationId))?.cdopAwaited).toBe(false);
		expect((await as.uma.triage.notification({ id: notificationId })).cdopNeeded).toBe(false);
	});

	it('flags the case until recorded, for the Unit and the Chair, and a case triage classed as a death flags its notifications too', async () => {
		// "Death or serious harm of a looked-after child" does not say which: the case does.
		const notificationId = await received({ incidentType: 'looked_after' });
		expect((await as.uma.triage.notification({ id: notificationId })).cdopNeeded).toBe(false);
		const { caseId } = await as.uma.triage.openCase({
			notificationId,
			classification: 'child_death'
		});
		for (const reader of [as.uma, as.chris]) {
			expect((await reader.cases.get({ id: caseId })).leadAndCdop).toEqual([
				expect.objectContaining({ notificationId, cdopNeeded: true, cdopInformed: null })
			]);
		}
		// Recorded from the case, while it is open: the case's version is not the point.
		await as.uma.triage.recordCdopInformed({
			notificationId,
			informedOn: today,
			informedBy: 'Sam Police, coroner’s officer'
		});
		const view = await as.chris.cases.get({ id: caseId });
		expect(view.leadAndCdop[0]).toMatchObject({
			cdopNeeded: true,
			cdopInformed: { informedOn: today, informedBy: 'Sam Police, coroner’s officer' }
		});
	});

	it('is recorded by the Unit only, audited with what it replaced', async () => {
		const notificationId = await received(DEATH);
		const input = { notificationId, informedOn: today, informedBy: 'Dana Nurse' };
		await expectProblem(as.chris.triage.recordCdopInformed(input), 'FORBIDDEN_ROLE');
		await expectProblem(as.priya.triage.recordCdopInformed(input), 'FORBIDDEN_ROLE');
		await as.uma.triage.recordCdopInformed(input);
		await as.uma.triage.recordCdopInformed({ ...input, informedBy: 'Dana Nurse, hospital' });
		const events = await world.database.db
			.select()
			.from(auditEvents)
			.where(
				and(
					eq(auditEvents.recordId, notificationId),
					eq(auditEvents.action, 'notification.cdop_informed_recorded')
				)
			);
		expect(events.map((e) => e.actorRole)).toEqual(['unit', 'unit']);
		expect(events[1]?.detail).toMatchObject({
			before: { informedBy: 'Dana Nurse' },
			after: { informedBy: 'Dana Nurse, hospital', informedOn: today }
		});
		expect(await verifyAuditChain(world.database.db)).toMatchObject({ ok: true });
	});

	it('refuses a date in the future, a date that is not real, or no name, and stores nothing', async () => {
		const notificationId = await received(DEATH);
		for (const [informedOn, informedBy, field] of [
			[addCalendarDays(today, 1), 'Dana Nurse', 'informedOn'],
			['2026-02-30', 'Dana Nurse', 'informedOn'],
			[today, '   ', 'informedBy'],
			[today, 'x'.repeat(201), 'informedBy']
		] as const) {
			const refused = await expectProblem(
				as.uma.triage.recordCdopInformed({ notificationId, informedOn, informedBy }),
				'INVALID_INPUT'
			);
			expect(JSON.stringify(refused)).toContain(field);
		}
		expect((await as.uma.triage.notification({ id: notificationId })).cdopInformed).toBeNull();
	});
});

describe('data stored before migration 0007', () => {
	it('migrates cleanly: every notification keeps its row, nothing is recorded, and a death is flagged', async () => {
		const older = await procedureWorld(['uma']);
		const { database, priya } = older;
		const death = await notificationReceivedAt(database.db, priya, new Date(), DEATH);
		const harm = await notificationReceivedAt(database.db, priya, new Date());
		const { client } = database;
		expect(await rollBackTo(client, '0007_lead_authority_cdop')).toBe(
			migrationsFrom('0007_lead_authority_cdop')
		);
		await client.execute('ALTER TABLE notifications DROP COLUMN lead_authority');
		await client.execute('ALTER TABLE notifications DROP COLUMN cdop_informed');
		const before = await client.execute('SELECT count(*) AS n FROM notifications');
		await migrateDatabase(database);
		const after = await client.execute('SELECT count(*) AS n FROM notifications');
		expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
		const rows = await database.db.select().from(notifications);
		expect(rows.every((row) => row.leadAuthority === null && row.cdopInformed === null)).toBe(true);
		expect(rows.map((row) => row.id).sort()).toEqual([death, harm].sort());
		const { items } = await older.as.uma.triage.queue({ limit: 10 });
		expect(Object.fromEntries(items.map((row) => [row.id, row.cdopAwaited]))).toEqual({
			[death]: true,
			[harm]: false
		});
		expect(items.every((row) => row.leadLscb === null)).toBe(true);
	});
});
