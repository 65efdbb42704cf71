import { beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, type PersonaName } from '../support/factories';
import { callerFor, signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import {
	morningOf,
	notificationReceivedAt,
	notificationsReceivedAt,
	OTHER_CHILDREN_AT_RISK,
	sessionUser,
	type FormOverrides
} from '../support/triage';
import type { Database } from '$lib/server/db';
import { auditEvents, notifications } from '$lib/server/db/schema';
import { createUser } from '$lib/server/services/users/users';
import type { SessionUser } from '$lib/server/auth/session';
import type { QueueRow } from '$lib/server/services/triage/queue';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { addCalendarDays } from '$lib/domain/calendar/iso-date';
import { workingDaysBetween } from '$lib/domain/calendar/working-days';
import { triageDueOn } from '$lib/domain/triage/triage-deadline';
import type { QueueSort } from '$lib/domain/triage/queue-cursor';
import type { ZodError } from 'zod';

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
let agencies: Awaited<ReturnType<typeof createPersonas>>['agencies'];
let priya: SessionUser;
let police: SessionUser;
const today = todayIso();

beforeAll(async () => {
	database = await freshDatabase();
	({ ids, agencies } = await createPersonas(database.db));
	for (const p of ['priya', 'pete', 'uma', 'ursula', 'chris', 'ada', 'agnes'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
	priya = await sessionUser(database.db, ids.priya);
	const officer = await createUser(database.db, {
		email: 'olly@example.org',
		name: 'Olly Officer',
		password: 'correct horse battery staple',
		role: 'practitioner',
		agencyId: agencies.police.id
	});
	if (!officer) throw new Error('no officer');
	police = await sessionUser(database.db, officer.id);

	// Sixty notifications over twelve days, five arriving at the same instant each day (ties on
	// the receipt time must still page without gaps), some from the police, some about other
	// children at risk, one kind of incident in three a death.
	for (let day = 0; day < 12; day++) {
		const received = morningOf(addCalendarDays(today, -3 * day));
		const forms: FormOverrides[] = [];
		for (let i = 0; i < 5; i++) {
			const n = day * 5 + i;
			forms.push({
				...(n % 7 === 0 ? OTHER_CHILDREN_AT_RISK : {}),
				incidentType: n % 3 === 0 ? 'death' : 'serious_harm'
			});
		}
		await notificationsReceivedAt(database.db, day % 4 === 0 ? police : priya, received, forms);
	}
});

type QueueInput = Parameters<Signed['triage']['queue']>[0];

async function allPages(input: Omit<QueueInput, 'cursor'>, caller = as.uma): Promise<QueueRow[]> {
	const rows: QueueRow[] = [];
	let cursor: string | null = null;
	let pages = 0;
	do {
		const page: { items: QueueRow[]; next: string | null } = await caller.triage.queue({
			...input,
			cursor
		});
		expect(page.items.length).toBeLessThanOrEqual(input.limit ?? 25);
		rows.push(...page.items);
		cursor = page.next;
		pages += 1;
		if (pages > 100) throw new Error('the queue does not end');
	} while (cursor);
	return rows;
}

async function untriagedIds(): Promise<string[]> {
	const rows = await database.db
		.select({ id: notifications.id })
		.from(notifications)
		.where(and(eq(notifications.status, 'received'), isNull(notifications.caseId)));
	return rows.map((r) => r.id);
}

function compareBy(sort: QueueSort) {
	return (a: QueueRow, b: QueueRow): number => {
		if (a.pinRank !== b.pinRank) return b.pinRank - a.pinRank;
		const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
		if (sort === 'newest') return b.receivedAt - a.receivedAt || -byId;
		if (sort === 'oldest') return a.receivedAt - b.receivedAt || byId;
		return a.dueOn.localeCompare(b.dueOn) || a.receivedAt - b.receivedAt || byId;
	};
}

describe('the triage queue', () => {
	it.each(['deadline', 'newest', 'oldest'] as const)(
		'pages by %s through every untriaged notification, pinned first, without gaps or repeats',
		async (sort) => {
			const rows = await allPages({ sort, limit: 7 });
			const expected = await untriagedIds();
			expect(expected.length).toBeGreaterThanOrEqual(60);
			expect(rows.length).toBe(expected.length);
			expect(new Set(rows.map((r) => r.id))).toEqual(new Set(expected));
			expect(rows).toEqual([...rows].sort(compareBy(sort)));
			const firstUnpinned = rows.findIndex((r) => !r.pinned);
			expect(firstUnpinned).toBeGreaterThan(0);
			expect(rows.slice(firstUnpinned).every((r) => !r.pinned)).toBe(true);
		}
	);

	it('sorts by the next deadline by default', async () => {
		const page = await as.uma.triage.queue({ limit: 100 });
		expect(page.items).toEqual([...page.items].sort(compareBy('deadline')));
		expect(page.next).toBeNull();
	});

	it('shows each deadline as T1, 10 working days from receipt, with days left and urgency', async () => {
		const received = addCalendarDays(today, -9);
		const id = await notificationReceivedAt(database.db, priya, morningOf(received));
		const rows = await allPages({ limit: 100 });
		const row = rows.find((r) => r.id === id);
		const dueOn = triageDueOn(received);
		expect(row).toMatchObject({
			dueOn,
			daysLeft: Math.min(workingDaysBetween(today, dueOn), today > dueOn ? -1 : Infinity),
			firstChildName: 'Jamie Example',
			childCount: 1,
			agencyName: 'Harrogate District NHS Foundation Trust',
			assignee: null,
			pinned: false
		});
		for (const r of rows) {
			const expected = r.dueOn < today ? 'overdue' : r.daysLeft <= 2 ? 'due_soon' : 'on_track';
			expect(r.clockStatus).toBe(expected);
		}
	});

	it('filters by type, agency, other children at risk, overdue and assignee', async () => {
		const all = await allPages({ limit: 100 });
		const deaths = await allPages({ type: 'death', limit: 100 });
		expect(deaths.length).toBe(all.filter((r) => r.incidentType === 'death').length);
		expect(deaths.length).toBeGreaterThan(0);

		const fromPolice = await allPages({ agencyId: agencies.police.id, limit: 100 });
		expect(fromPolice.length).toBeGreaterThan(0);
		expect(fromPolice.every((r) => r.agencyName === 'North Yorkshire Police')).toBe(true);

		const atRisk = await allPages({ otherChildrenAtRisk: true, limit: 100 });
		expect(atRisk.length).toBe(all.filter((r) => r.otherChildrenAtRisk !== 'no').length);
		const notAtRisk = await allPages({ otherChildrenAtRisk: false, limit: 100 });
		expect(atRisk.length + notAtRisk.length).toBe(all.length);

		const overdue = await allPages({ overdue: true, limit: 100 });
		expect(overdue.length).toBeGreaterThan(0);
		expect(overdue.every((r) => r.dueOn < today && r.clockStatus === 'overdue')).toBe(true);
		const onTime = await allPages({ overdue: false, limit: 100 });
		expect(overdue.length + onTime.length).toBe(all.length);

		const [first, second] = notAtRisk;
		if (!first || !second) throw new Error('too few rows');
		await as.uma.triage.assign({ notificationId: first.id, assigneeId: ids.uma });
		await as.uma.triage.assign({ notificationId: second.id, assigneeId: ids.ursula });
		const mine = await allPages({ assignedToMe: true, limit: 100 });
		expect(mine.map((r) => r.id)).toEqual([first.id]);
		expect(mine[0]?.assignee).toEqual({ id: ids.uma, name: 'Uma Unit' });
		const ursulas = await allPages({ assignedToMe: true, limit: 100 }, as.ursula);
		expect(ursulas.map((r) => r.id)).toEqual([second.id]);

		const combined = await allPages({ type: 'death', overdue: true, limit: 100 });
		expect(combined.every((r) => r.incidentType === 'death' && r.dueOn < today)).toBe(true);
	});

	it('unpins a notification once the action for other children is recorded', async () => {
		const id = await notificationReceivedAt(
			database.db,
			priya,
			morningOf(addCalendarDays(today, -1)),
			OTHER_CHILDREN_AT_RISK
		);
		const before = (await allPages({ limit: 100 })).find((r) => r.id === id);
		expect(before).toMatchObject({ pinned: true, otherChildrenActionAt: null });
		await as.uma.triage.recordOtherChildrenAction({
			notificationId: id,
			action: 'Strategy discussion held with police; siblings seen and safe with grandparents.',
			chapter6Referral: 'yes'
		});
		const after = (await allPages({ limit: 100 })).find((r) => r.id === id);
		expect(after?.pinned).toBe(false);
		expect(after?.otherChildrenActionAt).toBeGreaterThan(0);
		const detail = await as.uma.triage.notification({ id });
		expect(detail.otherChildrenAction).toContain('Strategy discussion');
		expect(detail.otherChildrenActionByName).toBe('Uma Unit');
	});

	it('audits each page with the ids it showed', async () => {
		const page = await as.uma.triage.queue({ limit: 5, sort: 'newest' });
		const [event] = await database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'triage.queue_viewed'))
			.orderBy(desc(auditEvents.seq))
			.limit(1);
		expect(event).toMatchObject({ actorId: ids.uma, actorRole: 'unit' });
		expect((event?.detail as { ids: string[] }).ids).toEqual(page.items.map((i) => i.id));
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('refuses a cursor that is not ours, or from another sort order', async () => {
		const error = await expectProblem(as.uma.triage.queue({ cursor: 'bogus' }), 'INVALID_INPUT');
		expect('fieldErrors' in error ? error.fieldErrors : {}).toHaveProperty('cursor');
		const page = await as.uma.triage.queue({ limit: 2, sort: 'newest' });
		await expectProblem(
			as.uma.triage.queue({ limit: 2, sort: 'oldest', cursor: page.next }),
			'INVALID_INPUT'
		);
		const bad = (await expectProblem(
			as.uma.triage.queue({ limit: 0 }),
			'INVALID_INPUT'
		)) as ZodError;
		expect(bad.issues[0]?.path).toEqual(['limit']);
	});

	it('leaves triaged and returned notifications out', async () => {
		const [opened, returned] = await notificationsReceivedAt(database.db, priya, new Date(), [
			{},
			{}
		]);
		if (!opened || !returned) throw new Error('not stored');
		await as.uma.triage.openCase({ notificationId: opened, classification: 'serious_harm' });
		await as.uma.triage.returnToPractitioner({
			notificationId: returned,
			message: 'Add the school.'
		});
		const shown = (await allPages({ limit: 100 })).map((r) => r.id);
		expect(shown).not.toContain(opened);
		expect(shown).not.toContain(returned);
		const rows = await database.db
			.select({ id: notifications.id })
			.from(notifications)
			.where(inArray(notifications.id, [opened, returned]));
		expect(rows.length).toBe(2);
	});

	it('is for the Safeguarding Unit only', async () => {
		for (const p of ['priya', 'chris', 'ada', 'agnes'] as const) {
			await expectProblem(as[p].triage.queue({}), 'FORBIDDEN_ROLE');
		}
		await expectProblem((await callerFor(database.db)).triage.queue({}), 'UNAUTHENTICATED');
	});
});
