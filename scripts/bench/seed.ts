// Seeds a database for the queue benchmark: notifications and cases as the app stores them
// (triage columns, children for duplicate checks, case timelines, reference counters), inserted
// directly with batched multi-row INSERTs, much faster than through the services. Reusable:
//   npx tsx scripts/bench/seed.ts file:data/seeded.db [notifications] [cases]
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../src/lib/server/db';
import { migrateDatabase, openDatabase } from '../../src/lib/server/db';
import {
	agencies,
	caseEvents,
	cases,
	notificationChildren,
	notifications,
	referenceCounters,
	users
} from '../../src/lib/server/db/schema';
import { casesListColumns } from '../../src/lib/server/services/cases/cases-list';
import { seedDemo } from '../../src/lib/server/services/users/demo-seed';
import { createUser } from '../../src/lib/server/services/users/users';
import { refillClockFigures } from '../../src/lib/server/services/cases/clock-figures';
import { notificationFormSchema } from '../../src/lib/domain/notification/notification-form';
import {
	INCIDENT_TYPES,
	keysOf,
	type YesNoNotKnown
} from '../../src/lib/domain/notification/notification-options';
import type { NotificationStatus } from '../../src/lib/domain/notification/notification-status';
import { CASE_STATES, CASE_STATE_LABELS } from '../../src/lib/domain/case/case-states';
import { linkedNotificationStatus } from '../../src/lib/domain/case/case-access';
import { receiptDate, triageDueOn } from '../../src/lib/domain/triage/triage-deadline';
import { childIdentity } from '../../src/lib/domain/triage/duplicate-match';
import { answerNeedsAction, pinRank } from '../../src/lib/domain/triage/other-children';
import { formatReference, referenceScope } from '../../src/lib/domain/reference';
import { validNotificationForm } from '../../tests/support/factories';

export interface SeedCounts {
	notifications: number;
	cases: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const INCIDENT_TYPE_KEYS = keysOf(INCIDENT_TYPES);
const FIRST_NAMES = ['Jamie', 'Alex', 'Sam', 'Charlie', 'Robin', 'Morgan', 'Taylor', 'Jordan'];
const LAST_NAMES = ['Example', 'Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Khan'];

/** A small deterministic generator, so two seeded databases hold the same figures. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Adds `counts` notifications and cases to a migrated database holding the demo users (the
 * Safeguarding Unit's members own cases and are assigned notifications). One notification in
 * each case, a fifth of the rest returned or untriaged as they come; received over the last year.
 */
export async function seedQueueData(db: Db, counts: SeedCounts, now = new Date()): Promise<void> {
	const rand = random(42);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
	const agencyIds = (await db.select({ id: agencies.id }).from(agencies)).map((a) => a.id);
	const [practitioner] = await db
		.select({ id: users.id })
		.from(users)
		.where(eq(users.role, 'practitioner'));
	if (!practitioner || agencyIds.length === 0) throw new Error('seed the demo users first');
	const unitIds = (await db.select({ id: users.id }).from(users).where(eq(users.role, 'unit'))).map(
		(u) => u.id
	);
	for (let i = unitIds.length; i < 6; i++) {
		const created = await createUser(db, {
			name: `Unit Member ${i}`,
			email: `unit${i}@bench.test`,
			role: 'unit',
			password: 'bench-password-2026',
			agencyId: null
		});
		if (created) unitIds.push(created.id);
	}

	const dueOnByDay = new Map<number, { receivedOn: string; dueOn: string }>();
	const dayOf = (at: number) => {
		const day = Math.floor(at / DAY_MS);
		let found = dueOnByDay.get(day);
		if (!found) {
			const receivedOn = receiptDate(at);
			found = { receivedOn, dueOn: triageDueOn(receivedOn) };
			dueOnByDay.set(day, found);
		}
		return found;
	};

	// Cases first: each opened from one notification.
	const caseRows: (typeof cases.$inferInsert)[] = [];
	const eventRows: (typeof caseEvents.$inferInsert)[] = [];
	const counters = new Map<string, number>();
	const nextReference = (kind: 'notification' | 'case', year: number) => {
		const scope = referenceScope(kind, year);
		const last = (counters.get(scope) ?? 0) + 1;
		counters.set(scope, last);
		return formatReference(kind, year, last);
	};
	const template = notificationFormSchema.parse(validNotificationForm());
	const notificationRows: (typeof notifications.$inferInsert)[] = [];
	const childRows: (typeof notificationChildren.$inferInsert)[] = [];
	for (let i = 0; i < counts.notifications; i++) {
		const receivedAt = new Date(now.getTime() - Math.floor(rand() * 365 * DAY_MS));
		const { dueOn } = dayOf(receivedAt.getTime());
		const id = uuidv7();
		// One in twenty say other children may be at risk, three in a hundred that nobody knows.
		const risk = rand();
		const otherChildrenAtRisk: YesNoNotKnown =
			risk < 0.05 ? 'yes' : risk < 0.08 ? 'not_known' : 'no';
		const atRisk = answerNeedsAction(otherChildrenAtRisk);
		const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
		const child = {
			...template.children[0],
			name,
			dateOfBirth: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`
		};
		const form = {
			...template,
			incidentType: pick(INCIDENT_TYPE_KEYS),
			otherChildrenAtRisk,
			children: [child]
		};
		const formJson = JSON.stringify(form);
		let caseId: string | null = null;
		let status: NotificationStatus = 'received';
		if (i < counts.cases) {
			caseId = uuidv7();
			const state = pick(CASE_STATES);
			status = linkedNotificationStatus(state);
			const openedAt = new Date(receivedAt.getTime() + DAY_MS);
			const dates = { receivedOn: dayOf(receivedAt.getTime()).receivedOn };
			caseRows.push({
				id: caseId,
				reference: nextReference('case', openedAt.getUTCFullYear()),
				state,
				ownerId: pick(unitIds),
				version: 2,
				openedAt,
				updatedAt: openedAt,
				classification: 'serious_harm',
				// T0 recorded, so the dashboard computes each case's T1 and T2 as the app would.
				dates,
				// The cases list's sort key, as the app stores it with every change.
				...casesListColumns(dates, now)
			});
			eventRows.push(
				{
					caseId,
					version: 1,
					at: openedAt,
					actorId: pick(unitIds),
					kind: 'opened',
					toState: 'triage',
					summary: 'opened this case'
				},
				{
					caseId,
					version: 2,
					at: openedAt,
					actorId: pick(unitIds),
					kind: 'transition',
					fromState: 'triage',
					toState: state,
					summary: `moved this case to ${CASE_STATE_LABELS[state]}`
				}
			);
		} else if (rand() < 0.05) {
			status = 'returned';
		}
		// Nothing enters a case before its action for other children is recorded (§13.1).
		const actioned = atRisk && (rand() < 0.5 || caseId !== null);
		notificationRows.push({
			id,
			reference: nextReference('notification', receivedAt.getUTCFullYear()),
			submittedBy: practitioner.id,
			notifierAgencyId: pick(agencyIds),
			receivedAt,
			contentHash: createHash('sha256').update(formJson).digest('hex'),
			form,
			incidentType: form.incidentType,
			otherChildrenAtRisk: form.otherChildrenAtRisk,
			otherChildrenActionAt: actioned ? receivedAt : null,
			otherChildrenAction: actioned ? 'Siblings seen by the duty social worker.' : null,
			otherChildrenChapter6Referral: actioned ? i % 2 === 0 : null,
			status,
			caseId,
			createdAt: receivedAt,
			triageDueOn: dueOn,
			assigneeId: rand() < 0.3 ? pick(unitIds) : null,
			pinRank: pinRank(otherChildrenAtRisk, actioned),
			firstChildName: name,
			childCount: 1,
			incidentDate: template.incidentDate
		});
		childRows.push({ notificationId: id, position: 0, ...childIdentity(child) });
	}
	await db.transaction(async (tx) => {
		await inChunks(caseRows, 500, (chunk) => tx.insert(cases).values(chunk));
		await inChunks(eventRows, 1000, (chunk) => tx.insert(caseEvents).values(chunk));
		await inChunks(notificationRows, 500, (chunk) => tx.insert(notifications).values(chunk));
		await inChunks(childRows, 2000, (chunk) => tx.insert(notificationChildren).values(chunk));
		for (const [scope, last] of counters) {
			await tx
				.insert(referenceCounters)
				.values({ scope, last })
				.onConflictDoUpdate({ target: referenceCounters.scope, set: { last } });
		}
	});
	// Cases inserted directly pass by the services that keep each case's clocks for the dashboard.
	await refillClockFigures(db);
}

/** Opens (creating and migrating) the database at `url` and seeds it. */
export async function seedDatabase(url: string, counts: SeedCounts) {
	const database = await openDatabase(url);
	await migrateDatabase(database);
	await seedDemo(database.db);
	await seedQueueData(database.db, counts);
	return database;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [url = 'file:data/seeded.db', n = '100000', c = '20000'] = process.argv.slice(2);
	const started = performance.now();
	const database = await seedDatabase(url, { notifications: Number(n), cases: Number(c) });
	database.client.close();
	console.log(`seeded ${url} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
