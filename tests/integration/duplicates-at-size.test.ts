import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, isNull, ne, or } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { signedIn } from '../support/callers';
import type { Database } from '$lib/server/db';
import { cases, notifications } from '$lib/server/db/schema';
import { createPersonas } from '../support/factories';
import { seedQueueData } from '../../scripts/bench/seed';

// The case page lists possible duplicates (§13.6: what the Chair reads before deciding). With
// more notifications on one incident date than SQLite takes bound variables (32,766), the finder
// failed with "too many SQL variables"; it now picks the newest matches in SQL.

const ON_ONE_DATE = 33_000;
let database: Database;

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	// Every seeded notification has the same incident date (the factory's form).
	await seedQueueData(database.db, { notifications: ON_ONE_DATE, cases: 5 });
}, 120_000);

afterAll(() => database.client.close());

describe('the case page at size', () => {
	it('shows the newest 50 notifications on the same incident date, not an error', async () => {
		const [someCase] = await database.db.select({ id: cases.id }).from(cases).limit(1);
		if (!someCase) throw new Error('no case seeded');
		const { caller } = await signedIn(database.db, 'uma');
		const view = await caller.cases.get({ id: someCase.id });
		const shown = view.possibleDuplicates.notifications;
		expect(shown).toHaveLength(50);
		expect(shown.every((n) => n.matchedOn.includes('incident_date'))).toBe(true);
		const times = shown.map((n) => n.receivedAt);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		// The newest of all the others on that date, outside the case, comes first.
		const [linked] = view.notifications;
		const [newest] = await database.db
			.select({ id: notifications.id })
			.from(notifications)
			.where(
				and(
					eq(notifications.incidentDate, '2026-11-19'),
					ne(notifications.id, linked?.id ?? ''),
					or(isNull(notifications.caseId), ne(notifications.caseId, someCase.id))
				)
			)
			.orderBy(desc(notifications.receivedAt), desc(notifications.id))
			.limit(1);
		expect(shown[0]?.id).toBe(newest?.id);
	}, 60_000);
});
