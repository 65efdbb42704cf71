import { sign, verify } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { fileUrlOf, type Db } from '$lib/server/db';
import { auditEvents } from '$lib/server/db/schema';
import { canonicalJson } from '$lib/domain/canonical-json';
import { verifyAuditChain, type ChainCheck } from './audit';
import { receiptSigningKey, storedReceiptPublicKey } from './notifications/receipts';

/*
 * The audit chain's head, anchored outside the database (docs/decisions/018). The hash chain
 * alone shows an event altered or removed from the middle, but not the newest events deleted:
 * what remains is still a whole chain. So every minute the server appends a signed checkpoint
 * (the newest event's number and hash, signed with the receipt key) to a file outside the
 * database; `npm run audit:verify` checks that the chain still holds the event the latest
 * checkpoint vouches for. Put the file where the database's owner cannot quietly rewrite it
 * (AUDIT_ANCHOR_DIR: an append-only mount, a different machine's share).
 */

export const ANCHOR_FILE_NAME = 'audit-anchors.jsonl';
export const ANCHOR_INTERVAL_MS = 60_000;

export interface AuditAnchor {
	seq: number;
	hash: string;
	/** When the checkpoint was written, epoch milliseconds. */
	at: number;
	keyId: string;
	signature: string;
}

const anchorSchema = z.object({
	seq: z.number().int().nonnegative(),
	hash: z.string().regex(/^[0-9a-f]{64}$/),
	at: z.number().int().nonnegative(),
	keyId: z.string().regex(/^[0-9a-f]{16}$/),
	signature: z.string().regex(/^[A-Za-z0-9_-]+$/)
});

function signingText(anchor: Omit<AuditAnchor, 'signature'>): Buffer {
	return Buffer.from(
		canonicalJson({ purpose: 'safeguard-tracker/audit-anchor/v1', ...anchor }),
		'utf8'
	);
}

/**
 * Where checkpoints are written: AUDIT_ANCHOR_DIR, else beside an embedded database
 * (`<file>.anchors/`). Null for a libSQL server without AUDIT_ANCHOR_DIR: nothing is anchored.
 */
export function anchorFileFor(db: Db): string | null {
	const dir = process.env.AUDIT_ANCHOR_DIR;
	if (dir) return join(resolve(dir), ANCHOR_FILE_NAME);
	const fileUrl = fileUrlOf(db);
	return fileUrl
		? join(`${resolve(fileUrl.slice('file:'.length))}.anchors`, ANCHOR_FILE_NAME)
		: null;
}

async function chainHead(db: Db) {
	const [head] = await db
		.select({ seq: auditEvents.seq, hash: auditEvents.hash })
		.from(auditEvents)
		.orderBy(desc(auditEvents.seq))
		.limit(1);
	return head ?? null;
}

/** Appends a signed checkpoint of the chain's head to `file`, flushed to disk before returning. */
export async function writeAuditAnchor(
	db: Db,
	file: string,
	now = new Date()
): Promise<AuditAnchor | null> {
	const head = await chainHead(db);
	if (!head) return null;
	const key = await receiptSigningKey(db);
	const unsigned = { seq: head.seq, hash: head.hash, at: now.getTime(), keyId: key.keyId };
	const anchor = {
		...unsigned,
		signature: sign(null, signingText(unsigned), key.privateKey).toString('base64url')
	};
	await mkdir(dirname(file), { recursive: true });
	const handle = await open(file, 'a', 0o600);
	try {
		await handle.appendFile(`${JSON.stringify(anchor)}\n`);
		await handle.sync();
	} finally {
		await handle.close();
	}
	return anchor;
}

/** Writes a checkpoint now and then every `intervalMs` while the head moves. Returns a stop. */
export function startAuditAnchors(db: Db, file: string, intervalMs = ANCHOR_INTERVAL_MS) {
	let last: string | null = null;
	const tick = async () => {
		const head = await chainHead(db);
		if (!head || `${head.seq}:${head.hash}` === last) return;
		await writeAuditAnchor(db, file);
		last = `${head.seq}:${head.hash}`;
	};
	const run = () => void tick().catch(() => undefined);
	run();
	const timer = setInterval(run, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

/** The last complete checkpoint in `file`, or null if there is none. */
export async function latestAnchor(file: string): Promise<unknown> {
	const text = await readFile(file, 'utf8').catch(() => null);
	if (text === null) return null;
	// A line cut short by a crash mid-write is skipped: the one before it still stands.
	const lines = text.split('\n').filter((line) => line.trim() !== '');
	for (let i = lines.length - 1; i >= 0; i--) {
		try {
			return JSON.parse(lines[i] ?? '') as unknown;
		} catch {
			continue;
		}
	}
	return null;
}

export type AnchoredCheck =
	| (ChainCheck & { ok: false })
	| { ok: true; count: number; anchor: AuditAnchor | null }
	| { ok: false; seq: number; reason: string; anchor: AuditAnchor | null };

/**
 * The chain checked whole (verifyAuditChain), then against the latest checkpoint: the event it
 * vouches for must still be there with the same hash. Deleting or rewriting the newest events
 * before that checkpoint is found; events after it are covered by the next one.
 */
export async function verifyAuditAgainstAnchor(
	db: Db,
	file: string | null
): Promise<AnchoredCheck> {
	const chain = await verifyAuditChain(db);
	if (!chain.ok) return chain;
	const candidate = file ? await latestAnchor(file) : null;
	if (candidate === null) return { ok: true, count: chain.count, anchor: null };
	const parsed = anchorSchema.safeParse(candidate);
	if (!parsed.success) {
		return {
			ok: false,
			seq: 0,
			reason: 'the latest anchor is not a readable checkpoint',
			anchor: null
		};
	}
	const anchor = parsed.data;
	const publicKey = await storedReceiptPublicKey(db, anchor.keyId);
	const { signature, ...unsigned } = anchor;
	if (
		!publicKey ||
		!verify(null, signingText(unsigned), publicKey, Buffer.from(signature, 'base64url'))
	) {
		return {
			ok: false,
			seq: anchor.seq,
			reason: 'the latest anchor’s signature does not match',
			anchor
		};
	}
	const [row] = await db
		.select({ hash: auditEvents.hash })
		.from(auditEvents)
		.where(eq(auditEvents.seq, anchor.seq));
	const when = new Date(anchor.at).toISOString();
	if (!row) {
		return {
			ok: false,
			seq: anchor.seq,
			reason: `events deleted from the end: the chain stops at #${chain.count}, but the anchor of ${when} vouches for #${anchor.seq}`,
			anchor
		};
	}
	if (row.hash !== anchor.hash) {
		return {
			ok: false,
			seq: anchor.seq,
			reason: `the chain was rewritten: event #${anchor.seq} is not the one the anchor of ${when} vouches for`,
			anchor
		};
	}
	return { ok: true, count: chain.count, anchor };
}
