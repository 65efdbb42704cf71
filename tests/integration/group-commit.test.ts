import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId } from '../support/factories';
import { storedForm } from '../support/triage';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database } from '$lib/server/db';
import { notifications, referenceCounters } from '$lib/server/db/schema';
import type { Tx } from '$lib/server/db/transaction';
import { eq, like, sql } from 'drizzle-orm';
import { verifyAuditChain } from '$lib/server/services/audit';
import { inGroupCommit, type GroupStore } from '$lib/server/db/group-commit';
import { submitNotification } from '$lib/server/services/notifications/notifications';
import { validateSessionToken, type SessionUser } from '$lib/server/auth/session';

// Concurrent submissions share one COMMIT (docs/decisions/012-performance.md). Each still gets
// its own answer, and one that fails takes nothing else with it.

let database: Database;
let priya: Awaited<ReturnType<typeof signedIn>>['caller'];
let priyaUser: SessionUser;

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	const signed = await signedIn(database.db, 'priya');
	priya = signed.caller;
	const { user } = await validateSessionToken(database.db, signed.jar.token ?? '');
	if (!user) throw new Error('priya is not signed in');
	priyaUser = user;
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
		// Consecutive numbers: a group draws its references with one statement and skips none.
		const numbers = receipts.map((r) => Number(r.reference.split('-')[2])).sort((a, b) => a - b);
		expect(numbers).toEqual(numbers.map((_, i) => (numbers[0] ?? 0) + i));
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

	it('answers a form sent twice in one group as the same record, and a changed one as a conflict', async () => {
		const form = storedForm({ location: 'Twice in one group' });
		const id = newClientId();
		const [first, again, changed] = await Promise.allSettled([
			priya.notifications.submit({ id, form }),
			priya.notifications.submit({ id, form }),
			priya.notifications.submit({ id, form: storedForm({ location: 'Changed' }) })
		]);
		expect(first?.status).toBe('fulfilled');
		expect(again?.status).toBe('fulfilled');
		if (first?.status !== 'fulfilled' || again?.status !== 'fulfilled') return;
		expect(first.value.duplicate).toBe(false);
		expect(again.value).toMatchObject({ reference: first.value.reference, duplicate: true });
		expect(again.value.signature).toBe(first.value.signature);
		expect(changed?.status).toBe('rejected');
		const rows = await database.db
			.select({ id: notifications.id })
			.from(notifications)
			.where(eq(notifications.id, id));
		expect(rows).toHaveLength(1);
	});

	it('stores the others when one submission in a group fails, with no gap in the references', async () => {
		const good = Array.from({ length: 4 }, (_, i) => ({
			id: newClientId(),
			form: storedForm({ location: `Kept ${i}` })
		}));
		// Not a user: its row breaks a foreign key, so the group's multi-row INSERT fails and the
		// group is stored again one request at a time.
		const ghost = { ...priyaUser, id: 'no-such-user' };
		const results = await Promise.allSettled([
			submitNotification(database.db, priyaUser, good[0]!.id, good[0]!.form as never),
			submitNotification(database.db, ghost, newClientId(), storedForm() as never),
			...good.slice(1).map((g) => submitNotification(database.db, priyaUser, g.id, g.form as never))
		]);
		expect(results.map((r) => r.status)).toEqual([
			'fulfilled',
			'rejected',
			'fulfilled',
			'fulfilled',
			'fulfilled'
		]);
		const references = results.flatMap((r) =>
			r.status === 'fulfilled' && r.value.outcome === 'created' ? [r.value.receipt.reference] : []
		);
		const numbers = references.map((r) => Number(r.split('-')[2])).sort((a, b) => a - b);
		expect(numbers).toEqual(numbers.map((_, i) => (numbers[0] ?? 0) + i));
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('stores the group item by item when storing it whole fails, so only the bad item is lost', async () => {
		const scope = (item: string) => `group-commit-test-${item}`;
		const insert = (tx: Tx, item: string) =>
			tx.run(sql`INSERT INTO reference_counters (scope, last) VALUES (${scope(item)}, 1)`);
		const calls: string[] = [];
		const store: GroupStore<string, string> = {
			async storeGroup(tx, items) {
				calls.push(`group of ${items.length}`);
				for (const item of items) await insert(tx, item);
				if (items.includes('bad')) throw new Error('one bad item');
				return items.map((item) => `stored ${item}`);
			},
			async storeOne(tx, item) {
				calls.push(`one ${item}`);
				await insert(tx, item);
				if (item === 'bad') throw new Error('bad item');
				return `stored ${item}`;
			}
		};
		const results = await Promise.allSettled([
			inGroupCommit(database.db, store, 'good'),
			inGroupCommit(database.db, store, 'bad'),
			inGroupCommit(database.db, store, 'fine')
		]);
		expect(calls).toEqual(['group of 3', 'one good', 'one bad', 'one fine']);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(results[0]).toEqual({ status: 'fulfilled', value: 'stored good' });
		const rows = await database.db
			.select({ scope: referenceCounters.scope })
			.from(referenceCounters)
			.where(like(referenceCounters.scope, 'group-commit-test-%'));
		expect(rows.map((r) => r.scope).sort()).toEqual([scope('fine'), scope('good')]);
	});
});
