import { beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, type PersonaName } from '../support/factories';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { sessionUser } from '../support/triage';
import type { Database } from '$lib/server/db';
import { auditEvents, cases } from '$lib/server/db/schema';
import { casesListPage } from '$lib/server/services/cases/cases-list';
import type { CaseListRow } from '$lib/server/services/cases/cases';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import { CASE_STATES } from '$lib/domain/case/case-states';
import type { CaseDates } from '$lib/domain/case/case-dates';
import type { CasesListSort } from '$lib/domain/case/cases-list';

// The Unit's cases list pages on the server (docs/decisions/034): every case exactly once, in
// the order the list always had (next deadline first, none last, most recently changed first
// among equals), filtered by stage, owner and deadline passed, each page audited.

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
const today = todayIso();
const DAY = 86_400_000;
const ALL = 130;

/** Cases stored as the app stores them, with no list key yet (as rows from before 0020). */
async function storeCases() {
	const owners = [ids.uma, ids.ursula, null];
	const rows: (typeof cases.$inferInsert)[] = [];
	for (let i = 0; i < ALL; i++) {
		// Received over 60 days, several on the same day (equal deadlines) and at the same instant
		// (equal change times): ties must page without gaps. One in ten has no running clock.
		const receivedOn = addCalendarDays(today, -(i % 60));
		const dates: CaseDates =
			i % 10 === 0
				? {}
				: i % 10 === 1
					? { receivedOn, chairBriefedOn: receivedOn }
					: { receivedOn };
		rows.push({
			id: crypto.randomUUID(),
			reference: `SCR-LIST-${String(i).padStart(4, '0')}`,
			state: CASE_STATES[i % 4] ?? 'triage',
			ownerId: owners[i % 3],
			version: 1,
			openedAt: new Date(Date.now() - (i % 7) * DAY),
			updatedAt: new Date(Date.now() - (i % 7) * DAY),
			classification: 'serious_harm',
			dates
		});
	}
	await database.db.insert(cases).values(rows);
}

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
	for (const p of ['priya', 'uma', 'ursula', 'chris', 'ada'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
	await storeCases();
});

/** Every page in turn, following the cursors. */
async function allPages(caller: Signed, input: Parameters<Signed['cases']['page']>[0]) {
	const seen: CaseListRow[] = [];
	let cursor: string | null = null;
	let pages = 0;
	do {
		const page = await caller.cases.page({ ...input, cursor, limit: 7 });
		expect(page.items.length).toBeLessThanOrEqual(7);
		seen.push(...page.items);
		cursor = page.next;
		pages += 1;
	} while (cursor && pages < 100);
	return { seen, pages };
}

/** The list's order, as listCases has always sorted it in memory. */
function expectedOrder(rows: CaseListRow[], sort: CasesListSort): string[] {
	const byChange = [...rows].sort(
		(a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
	);
	if (sort === 'updated') return byChange.map((r) => r.id);
	return byChange
		.sort((a, b) => {
			if (a.nextClock && b.nextClock) return a.nextClock.dueOn.localeCompare(b.nextClock.dueOn);
			return a.nextClock ? -1 : b.nextClock ? 1 : 0;
		})
		.map((r) => r.id);
}

describe('the cases list, a page at a time', () => {
	for (const sort of ['deadline', 'updated'] as const) {
		it(`pages through every case exactly once, sorted by ${sort}`, async () => {
			const everything = await as.uma.cases.list({});
			expect(everything).toHaveLength(ALL);
			const { seen, pages } = await allPages(as.uma, { sort });
			expect(pages).toBe(Math.ceil(ALL / 7));
			expect(new Set(seen.map((c) => c.id)).size).toBe(ALL);
			expect(seen.map((c) => c.id)).toEqual(expectedOrder(everything, sort));
		});
	}

	it('shows the next deadline first and the cases with no running clock last', async () => {
		const first = await as.uma.cases.page({ sort: 'deadline' });
		const dues = first.items.map((c) => c.nextClock?.dueOn);
		expect(dues.every(Boolean)).toBe(true);
		expect(dues).toEqual([...dues].sort());
		const { seen } = await allPages(as.uma, { sort: 'deadline' });
		expect(seen.slice(-ALL / 10).every((c) => c.nextClock === null)).toBe(true);
	});

	it('filters by stage, by owner (me, nobody, a member) and by a deadline passed', async () => {
		const triage = await allPages(as.uma, { state: 'triage' });
		expect(triage.seen.length).toBe(Math.ceil(ALL / 4));
		expect(triage.seen.every((c) => c.state === 'triage')).toBe(true);

		const mine = await allPages(as.ursula, { owner: 'me' });
		expect(mine.seen.length).toBeGreaterThan(0);
		expect(mine.seen.every((c) => c.owner?.id === ids.ursula)).toBe(true);
		const umas = await allPages(as.ursula, { owner: ids.uma });
		expect(umas.seen.every((c) => c.owner?.id === ids.uma)).toBe(true);
		const nobody = await allPages(as.uma, { owner: 'none', sort: 'updated' });
		expect(nobody.seen.every((c) => c.owner === null)).toBe(true);
		expect(mine.seen.length + umas.seen.length + nobody.seen.length).toBe(ALL);

		const overdue = await allPages(as.uma, { overdue: true });
		expect(overdue.seen.length).toBeGreaterThan(0);
		expect(overdue.seen.every((c) => c.nextClock && c.nextClock.dueOn < today)).toBe(true);
		const everything = await as.uma.cases.list({});
		expect(overdue.seen.length).toBe(
			everything.filter((c) => c.nextClock && c.nextClock.dueOn < today).length
		);
	});

	it('audits each page with the cases it showed, and the filters, in the address no name', async () => {
		const page = await as.uma.cases.page({ state: 'triage', owner: ids.ursula, sort: 'updated' });
		const [event] = await database.db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'case.list_viewed'), eq(auditEvents.actorId, ids.uma)))
			.orderBy(desc(auditEvents.seq))
			.limit(1);
		expect(event?.detail).toMatchObject({
			ids: page.items.map((c) => c.id),
			sort: 'updated',
			filters: { state: 'triage', owner: ids.ursula }
		});
	});

	it('refuses a cursor of another order, a cursor not ours, and an owner not in the list', async () => {
		const first = await as.uma.cases.page({ sort: 'deadline', limit: 3 });
		expect(first.next).not.toBeNull();
		await expectProblem(
			as.uma.cases.page({ sort: 'updated', cursor: first.next }),
			'INVALID_INPUT'
		);
		await expectProblem(as.uma.cases.page({ cursor: 'not a cursor' }), 'INVALID_INPUT');
		await expect(as.uma.cases.page({ owner: 'Ursula Unit' })).rejects.toThrow(
			/Select an owner from the list/
		);
		await expect(as.uma.cases.page({ limit: 101 })).rejects.toThrow();
	});

	it('is for the Unit and the Chair only', async () => {
		expect((await as.chris.cases.page({})).items.length).toBeGreaterThan(0);
		await expectProblem(as.priya.cases.page({}), 'FORBIDDEN_ROLE');
		await expectProblem(as.ada.cases.page({}), 'FORBIDDEN_ROLE');
	});
});

describe('the stored next deadline', () => {
	it('moves with a recorded date', async () => {
		// T15 (§13.20): started by reporting to Ofsted, met by the serious incident report sent.
		const id = crypto.randomUUID();
		await database.db.insert(cases).values({
			id,
			reference: 'SCR-LIST-MOVE',
			state: 'triage',
			version: 1,
			openedAt: new Date(),
			updatedAt: new Date(),
			classification: 'serious_harm',
			dates: { ofstedReportedOn: addCalendarDays(today, -1) }
		});
		const before = await as.uma.cases.get({ id });
		expect(before.nextClock?.id).toBe('T15');
		await as.uma.cases.recordDate({ id, version: 1, name: 'siReportSentOn', date: today });
		const [row] = await database.db.select().from(cases).where(eq(cases.id, id));
		expect((await as.uma.cases.get({ id })).nextClock).toBeNull();
		expect(row).toMatchObject({ nextDueOn: '9999-12-31', listKeyValidUntil: '9999-12-31' });
	});

	it('is renewed when a date recorded ahead arrives (a clock starts that day)', async () => {
		const ahead = addCalendarDays(today, 10);
		const id = crypto.randomUUID();
		await database.db.insert(cases).values({
			id,
			reference: 'SCR-LIST-AHEAD',
			state: 'triage',
			version: 1,
			openedAt: new Date(),
			updatedAt: new Date(),
			classification: 'serious_harm',
			dates: { receivedOn: ahead }
		});
		const uma = await sessionUser(database.db, ids.uma);
		const request = {
			sort: 'deadline' as const,
			after: null,
			limit: 100,
			state: 'triage' as const
		};
		const now = await casesListPage(database.db, uma, request);
		const [stored] = await database.db.select().from(cases).where(eq(cases.id, id));
		expect(stored).toMatchObject({ nextDueOn: '9999-12-31', listKeyValidUntil: ahead });
		expect(now.items.find((c) => c.id === id)?.nextClock).toBeNull();

		const later = new Date(Date.parse(`${ahead}T12:00:00Z`));
		const then = await casesListPage(database.db, uma, request, later);
		const shown = then.items.find((c) => c.id === id);
		expect(shown?.nextClock?.id).toBe('T1');
		const [renewed] = await database.db.select().from(cases).where(eq(cases.id, id));
		expect(renewed?.nextDueOn).toBe(shown?.nextClock?.dueOn);
		expect(renewed?.listKeyValidUntil).toBe('9999-12-31');
	});
});
