import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { desc, eq, gt } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { signedIn } from '../support/callers';
import { openDatabase, type Database } from '$lib/server/db';
import { auditEvents } from '$lib/server/db/schema';
import { hashAuditEvent, verifyAuditChain } from '$lib/server/services/audit';
import {
	anchorFileFor,
	latestAnchor,
	startAuditAnchors,
	verifyAuditAgainstAnchor,
	writeAuditAnchor
} from '$lib/server/services/audit-anchors';

// Issue 15 and decision 010: deleting the newest audit events left a whole chain, so nothing
// noticed. A signed checkpoint of the head, written outside the database, now does.

let database: Database & { url: string };

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	for (const persona of ['uma', 'chris', 'ada'] as const) await signedIn(database.db, persona);
});

/** A copy of the database file (as its owner could make and edit), with its anchors beside it. */
async function copyWithAnchor() {
	const path = join(mkdtempSync(join(tmpdir(), 'safeguard-anchor-')), 'copy.db');
	await database.client.execute({ sql: 'VACUUM INTO ?', args: [path] });
	const copy = await openDatabase(`file:${path}`);
	const file = anchorFileFor(copy.db) ?? '';
	const anchor = await writeAuditAnchor(copy.db, file);
	return { copy, file, anchor, url: `file:${path}` };
}

async function newestSeq(db: Database['db']) {
	const [row] = await db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
	return row?.seq ?? 0;
}

function runAuditVerify(url: string) {
	return spawnSync(resolve('node_modules/.bin/tsx'), ['scripts/audit-verify.ts'], {
		env: { ...process.env, DATABASE_URL: url },
		encoding: 'utf8',
		timeout: 30_000
	});
}

describe('the audit chain anchored outside the database', () => {
	it('detects the newest events deleted, which the chain alone does not', async () => {
		const { copy, file, anchor, url } = await copyWithAnchor();
		try {
			const head = await newestSeq(copy.db);
			expect(anchor?.seq).toBe(head);
			expect(await verifyAuditAgainstAnchor(copy.db, file)).toMatchObject({ ok: true });
			await copy.db.delete(auditEvents).where(gt(auditEvents.seq, head - 2));
			// What remains is a whole chain: on its own it cannot tell.
			expect(await verifyAuditChain(copy.db)).toMatchObject({ ok: true, count: head - 2 });
			const check = await verifyAuditAgainstAnchor(copy.db, file);
			expect(check).toMatchObject({ ok: false, seq: head });
			expect(!check.ok && check.reason).toContain(
				`events deleted from the end: the chain stops at #${head - 2}`
			);
		} finally {
			copy.client.close();
		}
		const result = runAuditVerify(url);
		expect(result.stdout).toContain('BROKEN at event #');
		expect(result.stdout).toContain('events deleted from the end');
		expect(result.status).toBe(1);
	});

	it('detects the newest event rewritten with its hash recomputed', async () => {
		const { copy, file } = await copyWithAnchor();
		try {
			const head = await newestSeq(copy.db);
			const [row] = await copy.db.select().from(auditEvents).where(eq(auditEvents.seq, head));
			if (!row) throw new Error('no head');
			const forged = { ...row, detail: { reason: 'nothing happened' } };
			await copy.db
				.update(auditEvents)
				.set({ detail: forged.detail, hash: hashAuditEvent(forged) })
				.where(eq(auditEvents.seq, head));
			expect(await verifyAuditChain(copy.db)).toMatchObject({ ok: true });
			const check = await verifyAuditAgainstAnchor(copy.db, file);
			expect(!check.ok && check.reason).toContain('the chain was rewritten');
		} finally {
			copy.client.close();
		}
	});

	it('refuses an anchor whose content was changed after it was signed', async () => {
		const { copy, file, anchor } = await copyWithAnchor();
		try {
			appendFileSync(file, `${JSON.stringify({ ...anchor, seq: 1 })}\n`);
			const check = await verifyAuditAgainstAnchor(copy.db, file);
			expect(!check.ok && check.reason).toContain('signature does not match');
		} finally {
			copy.client.close();
		}
	});

	it('says OK with the anchor it checked against, from npm run audit:verify', async () => {
		const { copy, url, anchor } = await copyWithAnchor();
		copy.client.close();
		const result = runAuditVerify(url);
		expect(result.stdout).toContain(`It holds event #${anchor?.seq}, the head anchored on`);
		expect(result.status).toBe(0);
	});

	it('the server writes a checkpoint when it starts and whenever the head has moved', async () => {
		const file = join(mkdtempSync(join(tmpdir(), 'safeguard-anchors-')), 'audit-anchors.jsonl');
		const stop = startAuditAnchors(database.db, file, 50);
		try {
			await expect
				.poll(() => latestAnchor(file))
				.toMatchObject({ seq: await newestSeq(database.db) });
			await signedIn(database.db, 'pete');
			const head = await newestSeq(database.db);
			await expect.poll(() => latestAnchor(file)).toMatchObject({ seq: head });
			const lines = readFileSync(file, 'utf8').trim().split('\n');
			// No new line while nothing happens.
			await new Promise((r) => setTimeout(r, 200));
			expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(lines.length);
		} finally {
			stop();
		}
	});
});
