import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import { caseInTriage, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { auditEvents, caseEvents, caseReviewEntries, cases } from '$lib/server/db/schema';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';

/*
 * The review work procedures (review.get, review.record) for every role and scope: the Unit
 * records, the Chair reads, agencies, practitioners and administrators get nothing; crafted ids
 * are refused as not found; bad input is refused field by field; nothing refused writes anything;
 * every view and change is audited.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
const today = todayIso();

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes', 'priya', 'ada']);
	({ as } = world);
});

/** One valid entry of each kind. */
const ENTRIES = {
	other_body: {
		kind: 'other_body',
		body: 'hmic',
		purpose: 'review',
		toldOn: today,
		toldBy: 'DCI Dee'
	},
	proceeding: { kind: 'proceeding', proceeding: 'criminal', status: 'active', startedOn: today },
	publication_go_ahead: {
		kind: 'publication_go_ahead',
		decidedOn: today,
		reason: 'The CPS raised no objection'
	},
	family_plan: {
		kind: 'family_plan',
		lead: "Children's Social Care",
		involvement: 'Invited to meet the overview writer',
		debriefPlannedOn: addCalendarDays(today, 30)
	},
	media_strategy: {
		kind: 'media_strategy',
		mediaLead: 'Local authority media team',
		strategy: 'Holding statement only',
		agreedOn: today
	},
	three_strand_meeting: {
		kind: 'three_strand_meeting',
		meetingOn: today,
		calledBy: 'The LSCB Chair',
		investigationLead: 'Police',
		caseManagementLead: "Children's Social Care",
		childrenSafeLead: 'The registered manager'
	}
} as const;

type Caller = ProcedureWorld['as']['uma'];
const record = (caller: Caller, caseId: string, version: number, entry: object) =>
	caller.review.record({ id: caseId, version, ...entry } as never);

async function stored(caseId: string) {
	const { db } = world.database;
	return {
		entries: await db.select().from(caseReviewEntries).where(eq(caseReviewEntries.caseId, caseId)),
		events: await db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)),
		row: (await db.select().from(cases).where(eq(cases.id, caseId)))[0]
	};
}

async function auditCount(caseId: string, action: string) {
	const rows = await world.database.db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.recordId, caseId), eq(auditEvents.action, action)));
	return rows.length;
}

describe('review.get', () => {
	it('answers the Unit and the Chair, each read audited, and nobody else', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		for (const reader of [as.uma, as.chris]) {
			const before = await auditCount(caseId, 'case.review_work_viewed');
			expect((await reader.review.get({ id: caseId })).caseId).toBe(caseId);
			expect(await auditCount(caseId, 'case.review_work_viewed')).toBe(before + 1);
		}
		for (const outsider of [as.agnes, as.priya, as.ada]) {
			await expectProblem(outsider.review.get({ id: caseId }), 'FORBIDDEN_ROLE');
		}
	});

	it('answers not found for a crafted case id, and refuses one that is not an id', async () => {
		await expectProblem(as.uma.review.get({ id: crypto.randomUUID() }), 'NOT_FOUND');
		await expectProblem(as.chris.review.get({ id: crypto.randomUUID() }), 'NOT_FOUND');
		await expectProblem(as.uma.review.get({ id: 'SCR-2026-0001' }), 'INVALID_INPUT');
	});
});

describe('review.record', () => {
	for (const [kind, entry] of Object.entries(ENTRIES)) {
		it(`records ${kind} for the Unit only: the Chair, an agency, a practitioner and an administrator are refused and nothing is written`, async () => {
			const { caseId } = await caseInTriage(world, 'serious_harm');
			let version = 1;
			if (kind === 'publication_go_ahead') {
				version = (await record(as.uma, caseId, version, ENTRIES.proceeding)).version;
			}
			const before = await stored(caseId);
			for (const outsider of [as.chris, as.agnes, as.priya, as.ada]) {
				await expectProblem(record(outsider, caseId, version, entry), 'FORBIDDEN_ROLE');
			}
			expect(await stored(caseId)).toEqual(before);
			const done = await record(as.uma, caseId, version, entry);
			expect(done.version).toBe(version + 1);
			const after = await stored(caseId);
			expect(after.entries).toHaveLength(before.entries.length + 1);
			expect(after.events.at(-1)).toMatchObject({
				kind: 'review_entry_recorded',
				version: version + 1
			});
			expect(await auditCount(caseId, 'case.review_entry_recorded')).toBe(after.entries.length);
			const view = await as.chris.review.get({ id: caseId });
			expect(view.version).toBe(version + 1);
		});
	}

	it('answers not found for a crafted case id or an entry of another case or kind, writing nothing', async () => {
		const first = await caseInTriage(world, 'serious_harm');
		const second = await caseInTriage(world, 'serious_harm');
		const { entryId } = await record(as.uma, first.caseId, 1, ENTRIES.proceeding);
		await expectProblem(record(as.uma, crypto.randomUUID(), 1, ENTRIES.other_body), 'NOT_FOUND');
		const before = await stored(second.caseId);
		await expectProblem(
			record(as.uma, second.caseId, 1, { ...ENTRIES.proceeding, recordId: entryId }),
			'NOT_FOUND'
		);
		const firstBefore = await stored(first.caseId);
		await expectProblem(
			record(as.uma, first.caseId, 2, { ...ENTRIES.other_body, recordId: entryId }),
			'NOT_FOUND'
		);
		expect(await stored(second.caseId)).toEqual(before);
		expect(await stored(first.caseId)).toEqual(firstBefore);
	});

	it('refuses bad input field by field and writes nothing', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		const before = await stored(caseId);
		const cases: [object, string][] = [
			[{ ...ENTRIES.other_body, body: 'ofsted' }, 'body'],
			[{ ...ENTRIES.other_body, toldOn: addCalendarDays(today, 1) }, 'toldOn'],
			[{ ...ENTRIES.other_body, toldOn: '1999-12-31' }, 'toldOn'],
			[{ ...ENTRIES.other_body, toldOn: '2026-02-30' }, 'toldOn'],
			[{ ...ENTRIES.other_body, toldBy: 'x'.repeat(201) }, 'toldBy'],
			[{ ...ENTRIES.other_body, toldBy: '   ' }, 'toldBy'],
			[{ ...ENTRIES.proceeding, status: 'concluded' }, 'concludedOn'],
			[{ ...ENTRIES.proceeding, concludedOn: today }, 'concludedOn'],
			[{ ...ENTRIES.proceeding, nextDateOn: addCalendarDays(today, 4000) }, 'nextDateOn'],
			[{ ...ENTRIES.proceeding, recordId: 'not-an-id' }, 'recordId'],
			[{ ...ENTRIES.family_plan, debriefPlannedOn: undefined }, 'debriefPlannedOn'],
			[{ ...ENTRIES.media_strategy, strategy: 'x'.repeat(2001) }, 'strategy'],
			[{ ...ENTRIES.three_strand_meeting, childrenSafeLead: '' }, 'childrenSafeLead'],
			[{ ...ENTRIES.other_body, kind: 'ofsted_letter' }, 'kind']
		];
		for (const [entry, field] of cases) {
			const refused = await expectProblem(record(as.uma, caseId, 1, entry), 'INVALID_INPUT');
			expect(
				'issues' in refused ? refused.issues.map((i) => i.path.join('.')) : [],
				JSON.stringify(entry)
			).toContain(field);
		}
		expect(await stored(caseId)).toEqual(before);
	});

	it('refuses a stale version naming what changed, and any change to a closed case', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		await record(as.uma, caseId, 1, ENTRIES.media_strategy);
		await expectProblem(record(as.uma, caseId, 1, ENTRIES.family_plan), 'VERSION_CONFLICT');
		const other = await caseInTriage(world, 'serious_harm');
		await as.uma.cases.transition({
			id: other.caseId,
			version: 1,
			to: 'closed',
			payload: {
				closeAs: 'merged',
				reason: 'Opened twice',
				mergedInto: (await stored(caseId)).row?.reference
			}
		});
		const closed = await stored(other.caseId);
		await expectProblem(
			record(as.uma, other.caseId, closed.row?.version ?? 0, ENTRIES.media_strategy),
			'CASE_CLOSED'
		);
		expect(await stored(other.caseId)).toEqual(closed);
		// What was recorded stays readable, read-only, on the closed case.
		expect((await as.chris.review.get({ id: other.caseId })).closed).toBe(true);
	});
});
