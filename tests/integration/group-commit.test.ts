import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId } from '../support/factories';
import { storedForm } from '../support/triage';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database } from '$lib/server/db';
import { notifications } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/audit';
import { inGroupCommit } from '$lib/server/db/group-commit';

// Concurrent submissions share one COMMIT (docs/decisions/012-performance.md). Each still gets
// its own answer, and one that fails takes nothing else with it.

let database: Database;
let priya: Awaited<ReturnType<typeof signedIn>>['caller'];

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	priya = (await signedIn(database.db, 'priya')).caller;
});

describe('group commit', () => {
	it('stores concurrent submissions once each, with distinct references and an unbroken chain', async () => {
		const before = (await database.db.select().from(notifications)).length;
		const uploads = Array.from({ length: 40 }, (_, i) => ({
			id: newClientId(),
			form: storedForm({ location: `Place ${i}` })
		}));
		const receipts = await Promise.all(uploads.map((u) => priya.notifications.submit(u)));
		expect(receipts.map((r) => r.id)).toEqual(uploads.map((u) => u.id));
		expect(new Set(receipts.map((r) => r.reference)).size).toBe(40);
		expect((await database.db.select().from(notifications)).length).toBe(before + 40);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('refuses a conflicting submission without affecting the others sent with it', async () => {
		const first = { id: newClientId(), form: storedForm() };
		await priya.notifications.submit(first);
		const changed = { id: first.id, form: storedForm({ location: 'Elsewhere' }) };
		const others = Array.from({ length: 5 }, () => ({
			id: newClientId(),
			form: storedForm()
		}));
		// Sent together, so they share a commit.
		const conflict = priya.notifications.submit(changed);
		const rest = others.map((o) => priya.notifications.submit(o));
		await expectProblem(conflict, 'SUBMISSION_CONFLICT');
		const settled = await Promise.allSettled(rest);
		expect(settled.map((r) => r.status)).toEqual(others.map(() => 'fulfilled'));
	});

	it('rolls back only the piece of work that throws', async () => {
		const results = await Promise.allSettled([
			inGroupCommit(database.db, async (tx) => {
				await tx.insert(notifications).values({
					id: newClientId(),
					reference: 'NTF-1999-0001',
					submittedBy: 'nobody',
					receivedAt: new Date(),
					contentHash: 'x',
					form: {},
					incidentType: 'death',
					otherChildrenAtRisk: 'no'
				});
				throw new Error('changed my mind');
			}),
			inGroupCommit(database.db, () => Promise.resolve('kept'))
		]);
		expect(results[0]?.status).toBe('rejected');
		expect(results[1]).toEqual({ status: 'fulfilled', value: 'kept' });
		const rows = await database.db
			.select({ reference: notifications.reference })
			.from(notifications);
		expect(rows.some((r) => r.reference === 'NTF-1999-0001')).toBe(false);
	});
});
