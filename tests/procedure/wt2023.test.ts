import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { agreements, underSetting, wt2023Case, wt2023Payload } from '../support/wt2023';
import { notificationReceivedAt } from '../support/triage';
import type { Problem } from '$lib/server/infra/problem';
import { caseEvents, cases, clockFigures } from '$lib/server/db/schema';
import { migrateDatabase } from '$lib/server/db';
import { migrationsFrom, rollBackTo } from '../support/migration-rollback';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { addCalendarMonths, todayIso } from '$lib/domain/calendar/iso-date';

/*
 * The Working Together 2023 preset (docs/procedure-wt2023.md) through the real router on a real
 * database: each obligation named by its source and the words found for it. The guidance's
 * paragraph numbers are not confirmed (docs/research/wt2023-notes.md), so the sources are its
 * chapter and the law it restates.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'priya']);
	({ as } = world);
});

type View = Awaited<ReturnType<ProcedureWorld['as']['uma']['cases']['get']>>;

function clock(view: View, id: string) {
	return view.clocks.find((c) => c.id === id);
}

/** Moves a WT2023 case along `keys` with valid payloads; answers its last version. */
async function along(caseId: string, version: number, keys: string[]) {
	for (const key of keys) {
		const [, to] = key.split('->');
		({ version } = await as.uma.cases.transition({
			id: caseId,
			version,
			to: to as never,
			payload: wt2023Payload(key)
		}));
	}
	return version;
}

const TO_NOTIFIED = [
	'incident_recorded->notification_decision',
	'notification_decision->panel_notified'
];
const TO_LCSPR_DECISION = [
	...TO_NOTIFIED,
	'panel_notified->rapid_review_sent',
	'rapid_review_sent->lcspr_decision'
];

describe('decision 033: a deployment chooses the preset; each case keeps the preset it was opened under', () => {
	it('opens a case under SAFEGUARD_PROCEDURE and keeps it when the setting changes back', async () => {
		const seed = await underSetting(undefined, () => caseInTriage(world, 'serious_harm'));
		const wt = await wt2023Case(world);
		const seedView = await as.uma.cases.get({ id: seed.caseId });
		const wtView = await as.uma.cases.get({ id: wt.caseId });
		expect(seedView).toMatchObject({ procedure: 'lscb_2006', state: 'triage' });
		expect(wtView).toMatchObject({
			procedure: 'wt_2023',
			state: 'incident_recorded',
			stateLabel: 'Incident recorded',
			procedureName: 'Working Together to Safeguard Children 2023'
		});
		// The seed's clocks for the seed's case, WT2023's for WT2023's.
		expect(seedView.clocks.map((c) => c.id)).toEqual(['T1', 'T2']);
		expect(wtView.clocks.map((c) => c.id)).toEqual(['WT1', 'WT2']);
		// Moves come from the case's own table, whatever the deployment now says.
		expect(seedView.transitions.map((t) => t.to)).toContain('chair_decision');
		expect(wtView.transitions.map((t) => t.to)).toEqual(['notification_decision']);
		// A move of the other preset is refused and changes nothing.
		await expectProblem(
			as.uma.cases.transition({ id: wt.caseId, version: 1, to: 'gathering', payload: {} }),
			'TRANSITION_NOT_ALLOWED'
		);
		await expectProblem(
			as.uma.cases.transition({
				id: seed.caseId,
				version: 1,
				to: 'notification_decision',
				payload: wt2023Payload('incident_recorded->notification_decision')
			}),
			'TRANSITION_NOT_ALLOWED'
		);
		expect((await as.uma.cases.get({ id: wt.caseId })).version).toBe(1);
		expect((await as.uma.cases.get({ id: seed.caseId })).version).toBe(1);
	});

	it('refuses to open a case under a misspelt setting rather than guess the procedure', async () => {
		const casesNow = async () =>
			(await world.database.db.select({ n: count() }).from(cases))[0]?.n ?? 0;
		const fresh = await notificationReceivedAt(world.database.db, world.priya, new Date());
		const before = process.env.SAFEGUARD_PROCEDURE;
		const opened = await casesNow();
		process.env.SAFEGUARD_PROCEDURE = 'wt2023';
		try {
			await expect(
				as.uma.triage.openCase({ notificationId: fresh, classification: 'serious_harm' })
			).rejects.toThrow(/SAFEGUARD_PROCEDURE must be one of lscb_2006, wt_2023/);
			expect(await casesNow()).toBe(opened);
		} finally {
			if (before === undefined) delete process.env.SAFEGUARD_PROCEDURE;
			else process.env.SAFEGUARD_PROCEDURE = before;
		}
	});
});

describe("decision 033 with 030 and 034: a case's kept figures follow its own preset", () => {
	it("the dashboard's stored clocks and the cases list's next deadline are WT2023's for a WT2023 case", async () => {
		const wt = await wt2023Case(world);
		const stored = await world.database.db
			.select({ clockId: clockFigures.clockId, dueOn: clockFigures.dueOn })
			.from(clockFigures)
			.where(eq(clockFigures.caseId, wt.caseId));
		// Opened today, aware today: WT1 (the Panel) and WT2 (the partners), 5 working days each.
		expect(stored.map((row) => row.clockId).sort()).toEqual(['WT1', 'WT2']);
		expect(stored.every((row) => row.dueOn === addWorkingDays(today, 5))).toBe(true);
		const [row] = await world.database.db
			.select({ nextDueOn: cases.nextDueOn })
			.from(cases)
			.where(eq(cases.id, wt.caseId));
		expect(row?.nextDueOn).toBe(addWorkingDays(today, 5));
		// After a move, both are kept from the case's own clocks again, not the seed's T1/T2.
		await along(wt.caseId, 1, TO_NOTIFIED);
		const after = await world.database.db
			.select({ clockId: clockFigures.clockId, metOn: clockFigures.metOn })
			.from(clockFigures)
			.where(eq(clockFigures.caseId, wt.caseId));
		expect(after.some((row) => row.clockId.startsWith('T'))).toBe(false);
		expect(after.find((row) => row.clockId === 'WT1')?.metOn).toBe(today);
	});
});

describe("migration 0019: every case stored before presets existed follows the seed's procedure", () => {
	it("adds the column with the seed's preset for existing cases, which move on as before", async () => {
		const older = await procedureWorld(['uma']);
		const { database } = older;
		const opened = await caseInTriage(older, 'serious_harm');
		const { client } = database;
		expect(await rollBackTo(client, '0019_procedure_presets')).toBe(
			migrationsFrom('0019_procedure_presets')
		);
		await client.execute('ALTER TABLE cases DROP COLUMN procedure');
		await migrateDatabase(database);
		const rows = await database.db.select({ procedure: cases.procedure }).from(cases);
		expect(rows).toEqual([{ procedure: 'lscb_2006' }]);
		// The seed's case still takes the seed's moves, whatever the deployment now says.
		const moved = await underSetting('wt_2023', () =>
			older.as.uma.cases.transition({
				id: opened.caseId,
				version: 1,
				to: 'chair_decision',
				payload: {
					classification: 'serious_harm',
					reason: 'Criteria clearly met',
					securingAgencyIds: [older.agencies.police.id],
					filesSecureRequestedOn: today
				}
			})
		);
		expect(moved.version).toBe(2);
		const view = await older.as.uma.cases.get({ id: opened.caseId });
		expect(view).toMatchObject({ procedure: 'lscb_2006', state: 'chair_decision' });
		expect(view.clocks.map((c) => c.id)).toEqual(['T1', 'T2']);
	});
});

describe('WT2023 ch. 5, Children Act 2004 s16C: "The local authority should notify the Panel within 5 working days of becoming aware that the incident has occurred"', () => {
	it('WT1 runs from the "became aware" date, 5 working days; the notification meets it and starts the rapid review\'s 15', async () => {
		const { caseId } = await wt2023Case(world);
		const opened = await as.uma.cases.get({ id: caseId });
		// Until told otherwise, the local authority became aware when the notification arrived.
		expect(opened.dates.becameAwareOn).toBe(today);
		expect(clock(opened, 'WT1')).toMatchObject({
			startedOn: today,
			dueOn: addWorkingDays(today, 5),
			section: 'WT2023 ch. 5; Children Act 2004 s16C'
		});
		const version = await along(caseId, 1, TO_NOTIFIED);
		const notified = await as.uma.cases.get({ id: caseId });
		expect(notified).toMatchObject({ state: 'panel_notified', version });
		expect(clock(notified, 'WT1')).toMatchObject({ status: 'met', metOn: today });
		expect(clock(notified, 'WT2')).toMatchObject({ status: 'met', metOn: today });
		expect(clock(notified, 'WT3')).toMatchObject({
			startedOn: today,
			dueOn: addWorkingDays(today, 15),
			status: 'on_track'
		});
	});

	it('an earlier "became aware" date moves the deadline earlier; a date after the notification arrived is refused', async () => {
		const { caseId } = await wt2023Case(world);
		const late = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version: 1,
				to: 'notification_decision',
				payload: { becameAwareOn: '2099-01-01', childDied: 'no', lookedAfter: 'no' }
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(late.fieldErrors?.becameAwareOn).toBeDefined();
		const aware = '2026-11-02';
		await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'notification_decision',
			payload: { becameAwareOn: aware, childDied: 'no', lookedAfter: 'no' }
		});
		const view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'WT1')).toMatchObject({ startedOn: aware, dueOn: addWorkingDays(aware, 5) });
		// A notification dated before the local authority knew is not a notification of it.
		const early = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version: 2,
				to: 'panel_notified',
				payload: { panelNotifiedOn: '2026-10-30', partnersInformedOn: aware }
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(early.fieldErrors?.panelNotifiedOn).toContain('must be on or after');
	});
});

describe('WT2023 ch. 5: "The local authority must also notify the Secretary of State and Ofsted where a child in care has died, whether or not abuse or neglect is known or suspected"', () => {
	it("a looked-after child's death starts WT4 at once, and neither notifying the Panel nor deciding not to is recorded without it", async () => {
		const { caseId } = await wt2023Case(world, 'child_death');
		await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'notification_decision',
			payload: { becameAwareOn: today, childDied: 'yes', lookedAfter: 'yes' }
		});
		const view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'WT4')).toMatchObject({ startedOn: today, dueOn: addWorkingDays(today, 5) });
		expect(view.transitions.find((t) => t.to === 'not_notifiable')?.requires).toContain(
			'lacDeathNotifiedOn'
		);
		for (const [to, key] of [
			['panel_notified', 'notification_decision->panel_notified'],
			['not_notifiable', 'notification_decision->not_notifiable']
		] as const) {
			const missing = (await expectProblem(
				as.uma.cases.transition({ id: caseId, version: 2, to, payload: wt2023Payload(key) }),
				'INVALID_INPUT'
			)) as Problem;
			expect(missing.fieldErrors?.lacDeathNotifiedOn).toContain('whatever its cause');
		}
		await as.uma.cases.transition({
			id: caseId,
			version: 2,
			to: 'not_notifiable',
			payload: {
				...wt2023Payload('notification_decision->not_notifiable'),
				lacDeathNotifiedOn: today
			}
		});
		const after = await as.uma.cases.get({ id: caseId });
		expect(clock(after, 'WT4')).toMatchObject({ status: 'met', metOn: today });
	});

	it('asks nothing of a case whose child was not looked after', async () => {
		const { caseId } = await wt2023Case(world, 'child_death');
		await along(caseId, 1, ['incident_recorded->notification_decision']);
		const view = await as.uma.cases.get({ id: caseId });
		expect(clock(view, 'WT4')).toBeUndefined();
		expect(view.transitions.find((t) => t.to === 'panel_notified')?.requires).not.toContain(
			'lacDeathNotifiedOn'
		);
	});
});

describe('Children Act 2004 s16E, WT2023 ch. 2 and 5: the three safeguarding partners decide together, in place of the LSCB Chair', () => {
	it("a joint decision without the police's agreement is refused, naming each missing field, and changes nothing", async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, ['incident_recorded->notification_decision']);
		const { policeAgreedBy, policeCapacity, policeAgreedOn, ...twoOfThree } = wt2023Payload(
			'notification_decision->not_notifiable'
		);
		expect([policeAgreedBy, policeCapacity, policeAgreedOn]).toHaveLength(3);
		const refused = (await expectProblem(
			as.uma.cases.transition({ id: caseId, version, to: 'not_notifiable', payload: twoOfThree }),
			'INVALID_INPUT'
		)) as Problem;
		expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual([
			'policeAgreedBy',
			'policeAgreedOn',
			'policeCapacity'
		]);
		expect(refused.fieldErrors?.policeAgreedBy).toBe('Enter the name of who agreed for the police');
		expect((await as.uma.cases.get({ id: caseId })).version).toBe(version);
	});

	it('records who agreed for each partner, as lead or delegate, and when, on the timeline', async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, [
			'incident_recorded->notification_decision',
			'notification_decision->not_notifiable'
		]);
		const view = await as.uma.cases.get({ id: caseId });
		expect(view).toMatchObject({ state: 'not_notifiable', version });
		expect(view.timeline.at(-1)?.summary).toBe(
			'moved this case to Not notifiable, with the agreement of the local authority, the integrated care board and the police'
		);
		// The stopped clocks: nothing is owed to the Panel once the partners agree it is not notifiable.
		expect(clock(view, 'WT1')).toMatchObject({ status: 'met' });
		const [event] = await world.database.db
			.select({ detail: caseEvents.detail })
			.from(caseEvents)
			.where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.version, version)));
		const detail = event?.detail as { payload: { agreements: unknown[] } };
		expect(detail.payload.agreements).toEqual([
			{
				partner: 'la',
				agreedBy: 'Director of Children’s Services',
				capacity: 'delegated',
				agreedOn: today
			},
			{ partner: 'icb', agreedBy: 'ICB Chief Executive', capacity: 'lead', agreedOn: today },
			{
				partner: 'police',
				agreedBy: 'Detective Superintendent, Public Protection',
				capacity: 'delegated',
				agreedOn: today
			}
		]);
	});

	it('only the Safeguarding Unit records a move: the LSCB Chair has no part, a practitioner none', async () => {
		const { caseId } = await wt2023Case(world);
		const payload = wt2023Payload('incident_recorded->notification_decision');
		const chair = (await expectProblem(
			as.chris.cases.transition({ id: caseId, version: 1, to: 'notification_decision', payload }),
			'FORBIDDEN_ROLE'
		)) as Problem;
		expect(chair.message).toContain('Only the Safeguarding Unit');
		await expectProblem(
			as.priya.cases.transition({ id: caseId, version: 1, to: 'notification_decision', payload }),
			'FORBIDDEN_ROLE'
		);
		expect((await as.chris.cases.get({ id: caseId })).transitions).toEqual([]);
		expect((await as.uma.cases.get({ id: caseId })).version).toBe(1);
	});
});

describe('WT2023 ch. 5: the rapid review "should be sent to the Child Safeguarding Practice Review Panel" with the partners\' recommendation', () => {
	it('records the attendees, findings and recommendation, within 15 working days of the notification', async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, TO_NOTIFIED);
		const { attendees, findings, ...noFindings } = wt2023Payload(
			'panel_notified->rapid_review_sent'
		);
		expect([attendees, findings]).toHaveLength(2);
		const refused = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version,
				to: 'rapid_review_sent',
				payload: noFindings
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual(['attendees', 'findings']);
		await along(caseId, version, ['panel_notified->rapid_review_sent']);
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.state).toBe('rapid_review_sent');
		expect(clock(view, 'WT3')).toMatchObject({ status: 'met', metOn: today });
		expect(view.transitions.map((t) => t.to)).toEqual(['national_review', 'lcspr_decision']);
	});

	it("SI 2018/789 reg 3: the Panel's answer of a national review ends the local track when its outcome is recorded", async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, [
			...TO_NOTIFIED,
			'panel_notified->rapid_review_sent',
			'rapid_review_sent->national_review'
		]);
		expect((await as.uma.cases.get({ id: caseId })).dates.panelAnswerOn).toBe(today);
		await along(caseId, version, ['national_review->closed']);
		const closed = await as.uma.cases.get({ id: caseId });
		expect(closed).toMatchObject({ state: 'closed', stateLabel: 'Closed' });
		expect(closed.dates.closedOn).toBe(today);
	});
});

describe('SI 2018/789 reg 11, WT2023 ch. 5: the partners "commission and oversee the review", which is published', () => {
	it('the local review runs from commissioning with its reviewer to publication, and WT5 is met on publication', async () => {
		const { caseId } = await wt2023Case(world);
		let version = await along(caseId, 1, TO_LCSPR_DECISION);
		const noReviewer = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version,
				to: 'lcspr_commissioned',
				payload: { ...agreements(), partnersReasons: 'Two agencies' }
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(noReviewer.fieldErrors?.reviewer).toBe('Enter the name of the reviewer commissioned');
		version = await along(caseId, version, ['lcspr_decision->lcspr_commissioned']);
		const commissioned = await as.uma.cases.get({ id: caseId });
		expect(clock(commissioned, 'WT5')).toMatchObject({ dueOn: addCalendarMonths(today, 6) });
		version = await along(caseId, version, [
			'lcspr_commissioned->final_report_received',
			'final_report_received->published',
			'published->closed'
		]);
		const closed = await as.uma.cases.get({ id: caseId });
		expect(closed).toMatchObject({ state: 'closed', version });
		expect(clock(closed, 'WT5')).toMatchObject({ status: 'met', metOn: today });
		expect(closed.dates).toMatchObject({ prePublicationSentOn: today, publishedOn: today });
	});

	it('a publication published before the report went to the Panel and Secretary of State is refused', async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, [
			...TO_LCSPR_DECISION,
			'lcspr_decision->lcspr_commissioned',
			'lcspr_commissioned->final_report_received'
		]);
		const refused = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version,
				to: 'published',
				payload: { prePublicationSentOn: today, publishedOn: '2026-01-05' }
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(refused.fieldErrors?.publishedOn).toContain(
			'must be on or after the date the report was sent to the Panel and the Secretary of State'
		);
	});

	it('deferring publication needs the partners, a reason and a date to look again, which is a clock', async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, [
			...TO_LCSPR_DECISION,
			'lcspr_decision->lcspr_commissioned',
			'lcspr_commissioned->final_report_received'
		]);
		const past = (await expectProblem(
			as.uma.cases.transition({
				id: caseId,
				version,
				to: 'publication_deferred',
				payload: {
					...wt2023Payload('final_report_received->publication_deferred'),
					publicationReviewOn: '2020-01-01'
				}
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(past.fieldErrors?.publicationReviewOn).toContain('today or in the future');
		await along(caseId, version, ['final_report_received->publication_deferred']);
		const deferred = await as.uma.cases.get({ id: caseId });
		expect(clock(deferred, 'wt_publication_deferral')).toMatchObject({ dueOn: today });
	});

	it('a decision not to commission records its reasons sent to the Panel, and the case then closes', async () => {
		const { caseId } = await wt2023Case(world);
		const version = await along(caseId, 1, [...TO_LCSPR_DECISION, 'lcspr_decision->no_lcspr']);
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.state).toBe('no_lcspr');
		expect(view.transitions.map((t) => t.to)).toEqual(['closed']);
		await along(caseId, version, ['no_lcspr->closed']);
		expect((await as.uma.cases.get({ id: caseId })).state).toBe('closed');
	});
});
