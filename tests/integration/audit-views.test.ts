import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { signedIn } from '../support/callers';
import { morningOf, notificationReceivedAt, sessionUser } from '../support/triage';
import type { Database } from '$lib/server/db';
import { auditEvents } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';

// A view of case content leaves its audit event by the app's group commit (docs/decisions/034):
// durable before the page is returned, never optional. Views made together share a COMMIT and
// the chain stays whole; a view whose event cannot be stored is refused, not shown unaudited.

let database: Database;
let uma: Awaited<ReturnType<typeof signedIn>>['caller'];
let umaId: string;
let caseId: string;

beforeAll(async () => {
	database = await freshDatabase();
	const { ids } = await createPersonas(database.db);
	umaId = ids.uma;
	uma = (await signedIn(database.db, 'uma')).caller;
	const priya = await sessionUser(database.db, ids.priya);
	const notificationId = await notificationReceivedAt(database.db, priya, morningOf(todayIso()));
	({ caseId } = await uma.triage.openCase({ notificationId, classification: 'serious_harm' }));
});

const viewsBy = async (action: 'case.viewed' | 'triage.queue_viewed' | 'case.list_viewed') =>
	database.db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, umaId)));

describe('views of case content are audited by group commit', () => {
	it('stores each view once, before the view is returned, when thirty arrive together', async () => {
		const before = {
			cases: (await viewsBy('case.viewed')).length,
			queue: (await viewsBy('triage.queue_viewed')).length,
			list: (await viewsBy('case.list_viewed')).length
		};
		await Promise.all(
			Array.from({ length: 10 }, () => [
				uma.cases.get({ id: caseId }),
				uma.triage.queue({}),
				uma.cases.page({})
			]).flat()
		);
		expect((await viewsBy('case.viewed')).length).toBe(before.cases + 10);
		expect((await viewsBy('triage.queue_viewed')).length).toBe(before.queue + 10);
		expect((await viewsBy('case.list_viewed')).length).toBe(before.list + 10);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('refuses the view when its audit event cannot be stored', async () => {
		await database.client.execute(`CREATE TRIGGER refuse_case_views BEFORE INSERT ON audit_events
			WHEN NEW.action = 'case.viewed' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
		try {
			const before = (await viewsBy('case.viewed')).length;
			await expect(uma.cases.get({ id: caseId })).rejects.toThrow();
			// Another view in the same moment is not lost with it.
			const [refused, queue] = await Promise.allSettled([
				uma.cases.get({ id: caseId }),
				uma.triage.queue({})
			]);
			expect(refused.status).toBe('rejected');
			expect(queue.status).toBe('fulfilled');
			expect((await viewsBy('case.viewed')).length).toBe(before);
		} finally {
			await database.client.execute('DROP TRIGGER refuse_case_views');
		}
		const ids = (await viewsBy('case.viewed')).map((e) => e.seq);
		expect(ids.length).toBeGreaterThan(0);
		await uma.cases.get({ id: caseId });
		const after = await database.db
			.select({ seq: auditEvents.seq })
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'case.viewed'), inArray(auditEvents.actorId, [umaId])));
		expect(after.length).toBe(ids.length + 1);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});
