import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId, validNotificationForm } from '../support/factories';
import { signedIn } from '../support/callers';
import type { Database } from '$lib/server/db';
import { notifications } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { ConnectionWaitTimeout, oneAtATime } from '$lib/server/db/one-at-a-time';
import type { NotificationSubmission } from '$lib/domain/notification/submission';

// The embedded database has one connection. Requests that arrive together must take turns on
// it, not fail because another request's transaction holds it.

let database: Database;

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
});

const submission = (): NotificationSubmission => ({
	id: newClientId(),
	form: validNotificationForm() as NotificationSubmission['form']
});

describe('requests arriving together', () => {
	it('all succeed: submits, batches and reads interleaved', async () => {
		const { caller: priya } = await signedIn(database.db, 'priya');
		const { caller: uma } = await signedIn(database.db, 'uma');
		const before = (await database.db.select().from(notifications)).length;
		const batchItems = Array.from({ length: 5 }, () => submission());
		const settled = await Promise.allSettled([
			...Array.from({ length: 6 }, () => priya.notifications.submit(submission())),
			priya.notifications.submitBatch({ items: batchItems }),
			priya.notifications.submitBatch({ items: batchItems }),
			uma.triage.queue({ limit: 5 }),
			priya.notifications.mine()
		]);
		expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
		expect((await database.db.select().from(notifications)).length).toBe(before + 6 + 5);
		// Both copies of the batch got the same references, whichever ran first.
		const [first, second] = settled
			.slice(6, 8)
			.map((s) =>
				s.status === 'fulfilled' && 'results' in s.value
					? s.value.results.map((r) => (r.status === 'accepted' ? r.receipt.reference : r.status))
					: []
			);
		expect(second).toEqual(first);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});

describe('taking turns on one connection', () => {
	it('makes a statement wait for an open transaction, then run', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'one-at-a-time-'));
		const client = oneAtATime(createClient({ url: `file:${join(dir, 't.db')}`, concurrency: 1 }));
		try {
			await client.execute('CREATE TABLE t (n INTEGER)');
			const tx = await client.transaction('write');
			const waiting = client.execute('SELECT count(*) AS n FROM t');
			await tx.execute('INSERT INTO t VALUES (1)');
			await tx.commit();
			// It waited for the commit, so it sees the row.
			expect((await waiting).rows[0]?.n).toBe(1);
		} finally {
			client.close();
		}
	});

	it('gives up with an error, instead of hanging, when the transaction never ends', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'one-at-a-time-'));
		const client = oneAtATime(
			createClient({ url: `file:${join(dir, 't.db')}`, concurrency: 1 }),
			50
		);
		try {
			const tx = await client.transaction('write');
			await expect(client.execute('SELECT 1')).rejects.toBeInstanceOf(ConnectionWaitTimeout);
			await tx.rollback();
			// The turn is free again afterwards.
			await expect(client.execute('SELECT 1')).resolves.toBeDefined();
		} finally {
			client.close();
		}
	});
});
