import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { signedIn } from '../support/callers';
import { notificationReceivedAt, sessionUser } from '../support/triage';
import { openDatabase, type Database } from '$lib/server/db';
import { auditEvents } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';

let database: Database;
let caseId: string;

beforeAll(async () => {
	database = await freshDatabase();
	const { ids } = await createPersonas(database.db);
	const uma = (await signedIn(database.db, 'uma')).caller;
	const priya = await sessionUser(database.db, ids.priya);
	const notificationId = await notificationReceivedAt(database.db, priya, new Date());
	({ caseId } = await uma.triage.openCase({ notificationId, classification: 'serious_harm' }));
	await uma.cases.get({ id: caseId });
});

async function caseEventSeq(action: string): Promise<number> {
	const [row] = await database.db
		.select({ seq: auditEvents.seq })
		.from(auditEvents)
		.where(eq(auditEvents.action, action));
	if (!row) throw new Error(`no ${action} event`);
	return row.seq;
}

/** A consistent copy of the database file, as a backup would be. */
async function copyOfDatabase(): Promise<string> {
	const path = join(mkdtempSync(join(tmpdir(), 'safeguard-audit-')), 'copy.db');
	await database.client.execute({ sql: 'VACUUM INTO ?', args: [path] });
	return `file:${path}`;
}

function runAuditVerify(url: string) {
	const tsx = resolve('node_modules/.bin/tsx');
	return spawnSync(tsx, ['scripts/audit-verify.ts'], {
		env: { ...process.env, DATABASE_URL: url },
		encoding: 'utf8',
		timeout: 30_000
	});
}

describe('the audit chain', () => {
	it('finds an altered event at its sequence number, and is whole again once restored', async () => {
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
		const seq = await caseEventSeq('case.opened');
		const [original] = await database.db.select().from(auditEvents).where(eq(auditEvents.seq, seq));
		await database.db.run(
			sql`UPDATE audit_events SET detail = ${JSON.stringify({ reference: 'SCR-2026-9999' })} WHERE seq = ${seq}`
		);
		expect(await verifyAuditChain(database.db)).toEqual({
			ok: false,
			seq,
			reason: 'content does not match its hash'
		});
		await database.db
			.update(auditEvents)
			.set({ detail: original?.detail })
			.where(eq(auditEvents.seq, seq));
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('finds a deleted event as missing', async () => {
		const copy = await openDatabase(await copyOfDatabase());
		try {
			const seq = await caseEventSeq('case.opened');
			await copy.db.delete(auditEvents).where(eq(auditEvents.seq, seq));
			expect(await verifyAuditChain(copy.db)).toEqual({
				ok: false,
				seq,
				reason: 'event missing from the chain'
			});
		} finally {
			copy.client.close();
		}
	});
});

describe('npm run audit:verify', () => {
	it('says OK and exits 0 on an intact database', async () => {
		const { count } = (await verifyAuditChain(database.db)) as { count: number };
		const result = runAuditVerify(await copyOfDatabase());
		expect(result.stdout.split('\n')[0]).toBe(`OK: ${count} events, chain intact`);
		expect(result.status).toBe(0);
	});

	it('names the first broken event and exits 1 on a tampered copy', async () => {
		const url = await copyOfDatabase();
		const seq = await caseEventSeq('case.opened');
		const copy = await openDatabase(url);
		try {
			await copy.db.run(
				sql`UPDATE audit_events SET detail = ${JSON.stringify({ tampered: true })} WHERE seq = ${seq}`
			);
		} finally {
			copy.client.close();
		}
		const result = runAuditVerify(url);
		expect(result.stdout.trim()).toBe(`BROKEN at event #${seq}: content does not match its hash`);
		expect(result.status).toBe(1);
	});

	it('exits 2 when there is no database to check', () => {
		const result = runAuditVerify(`file:${join(tmpdir(), 'no-such-safeguard.db')}`);
		expect(result.stderr).toContain('There is no database at');
		expect(result.status).toBe(2);
	});
});
