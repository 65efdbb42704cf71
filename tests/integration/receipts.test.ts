import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId, validNotificationForm } from '../support/factories';
import { signedIn } from '../support/callers';
import { openDatabase, type Database } from '$lib/server/db';
import { signingKeys } from '$lib/server/db/schema';
import {
	checkReceipt,
	receiptKeyId,
	receiptPublicKey,
	receiptSigningKey,
	signReceipt,
	verifyReceipt
} from '$lib/server/services/notifications/receipts';
import { receiptSigningText, type SignedReceipt } from '$lib/domain/receipt';
import type { NotificationSubmission } from '$lib/domain/notification/submission';

let database: Database & { url: string };
let publicKey: string;

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	publicKey = (await receiptPublicKey(database.db)).publicKey;
});

afterEach(() => {
	delete process.env.RECEIPT_SIGNING_KEY;
});

const facts = {
	id: '01936b2e-7a4f-7c3d-9e1f-0123456789ab',
	reference: 'NTF-2026-0042',
	receivedAt: Date.UTC(2026, 10, 27, 9, 30),
	contentHash: 'a'.repeat(64)
};

describe('signing a receipt', () => {
	it('signs the receipt text with Ed25519 and names the key', async () => {
		const receipt = await signReceipt(database.db, facts);
		expect(receipt).toMatchObject(facts);
		expect(receipt.keyId).toMatch(/^[0-9a-f]{16}$/);
		// 64 bytes, base64url without padding.
		expect(receipt.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
		expect(verifyReceipt(receipt, publicKey)).toBe(true);
		expect(checkReceipt(receipt, publicKey)).toEqual({ valid: true, receipt });
	});

	it('signs only the receipt facts, whatever else the caller passes', async () => {
		const receipt = await signReceipt(database.db, {
			...facts,
			duplicate: true
		} as typeof facts);
		expect(Object.keys(receipt).sort()).toEqual(
			['contentHash', 'id', 'keyId', 'receivedAt', 'reference', 'signature'].sort()
		);
	});

	it('fails when any field is altered', async () => {
		const receipt = await signReceipt(database.db, facts);
		const altered: Array<[string, SignedReceipt]> = [
			['id', { ...receipt, id: '01936b2e-7a4f-7c3d-9e1f-0123456789ac' }],
			['reference', { ...receipt, reference: 'NTF-2026-0043' }],
			['receivedAt', { ...receipt, receivedAt: receipt.receivedAt + 1 }],
			['contentHash', { ...receipt, contentHash: 'b'.repeat(64) }],
			['keyId', { ...receipt, keyId: '0123456789abcdef' }],
			['signature', { ...receipt, signature: flipFirstCharacter(receipt.signature) }]
		];
		for (const [field, tampered] of altered) {
			expect(verifyReceipt(tampered, publicKey), field).toBe(false);
		}
	});

	it('fails against another key, and says why', async () => {
		const receipt = await signReceipt(database.db, facts);
		const other = generateKeyPairSync('ed25519').publicKey;
		const check = checkReceipt(receipt, other);
		expect(check).toMatchObject({ valid: false, reference: facts.reference });
		expect(check.valid ? '' : check.reason).toContain('names key');
		// Even a forged key id does not help: the signature is still over the real key's text.
		expect(verifyReceipt({ ...receipt, keyId: receiptKeyId(other) }, other)).toBe(false);
	});

	it('refuses something that is not a receipt', () => {
		expect(checkReceipt({ reference: 'NTF-2026-0001' }, publicKey)).toMatchObject({
			valid: false,
			reference: 'NTF-2026-0001'
		});
		expect(verifyReceipt(null, publicKey)).toBe(false);
		expect(verifyReceipt('receipt', publicKey)).toBe(false);
	});

	it('signs exactly receiptSigningText, so other tools can check it without our code', async () => {
		const { createPublicKey, verify } = await import('node:crypto');
		const receipt = await signReceipt(database.db, facts);
		const { signature, ...unsigned } = receipt;
		const text = receiptSigningText(unsigned);
		expect(JSON.parse(text)).toMatchObject({
			purpose: 'safeguard-tracker/notification-receipt/v1',
			keyId: receipt.keyId
		});
		expect(
			verify(
				null,
				Buffer.from(text),
				createPublicKey(publicKey),
				Buffer.from(signature, 'base64url')
			)
		).toBe(true);
	});
});

describe('the signing key', () => {
	it('is created once in the database and read by every process on it', async () => {
		const second = await openDatabase(database.url);
		try {
			const a = await receiptSigningKey(database.db);
			const b = await receiptSigningKey(second.db);
			expect(b.keyId).toBe(a.keyId);
			expect(b.publicKeyPem).toBe(a.publicKeyPem);
			expect(await database.db.select().from(signingKeys)).toHaveLength(1);
			// A receipt signed by one process verifies with the key the other publishes.
			const receipt = await signReceipt(second.db, facts);
			expect(verifyReceipt(receipt, (await receiptPublicKey(database.db)).publicKey)).toBe(true);
		} finally {
			second.client.close();
		}
	});

	it('is agreed on when two processes need it for the first time at once', async () => {
		const fresh = await freshDatabase();
		const other = await openDatabase(fresh.url);
		try {
			const [a, b] = await Promise.all([receiptSigningKey(fresh.db), receiptSigningKey(other.db)]);
			expect(a.keyId).toBe(b.keyId);
			expect(await fresh.db.select().from(signingKeys)).toHaveLength(1);
		} finally {
			other.client.close();
			fresh.client.close();
		}
	});

	it('is read once per process and then kept in memory', async () => {
		expect(await receiptSigningKey(database.db)).toBe(await receiptSigningKey(database.db));
	});

	it('has an id derived from its public key, which the stored row must match', async () => {
		const key = await receiptSigningKey(database.db);
		expect(key.keyId).toBe(receiptKeyId(key.publicKey));
		const [row] = await database.db.select().from(signingKeys);
		expect(row?.keyId).toBe(key.keyId);
		expect(row?.algorithm).toBe('Ed25519');
	});

	it('can be set by RECEIPT_SIGNING_KEY instead (PKCS8 PEM)', async () => {
		const pair = generateKeyPairSync('ed25519');
		process.env.RECEIPT_SIGNING_KEY = pair.privateKey
			.export({ type: 'pkcs8', format: 'pem' })
			.toString();
		const fresh = await freshDatabase();
		try {
			const receipt = await signReceipt(fresh.db, facts);
			expect(receipt.keyId).toBe(receiptKeyId(pair.publicKey));
			expect(verifyReceipt(receipt, pair.publicKey)).toBe(true);
			// Nothing was written: the key lives only where the operator put it.
			expect(await fresh.db.select().from(signingKeys)).toHaveLength(0);
		} finally {
			fresh.client.close();
		}
	});

	it('refuses a RECEIPT_SIGNING_KEY that is not Ed25519, without echoing it', async () => {
		const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		process.env.RECEIPT_SIGNING_KEY = pem;
		const fresh = await freshDatabase();
		try {
			const error = await receiptSigningKey(fresh.db).then(
				() => null,
				(e: unknown) => e as Error
			);
			expect(error?.message).toBe('RECEIPT_SIGNING_KEY is not an Ed25519 private key');
			// The failure is not cached: once the setting is fixed, the key loads.
			delete process.env.RECEIPT_SIGNING_KEY;
			await expect(receiptSigningKey(fresh.db)).resolves.toMatchObject({
				keyId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown
			});
		} finally {
			fresh.client.close();
		}
	});
});

describe('receipts for submissions', () => {
	function submission(): NotificationSubmission {
		return {
			id: newClientId(),
			form: validNotificationForm() as NotificationSubmission['form']
		};
	}

	it('signs the receipt of a submission, and a retry gets the identical receipt', async () => {
		const { caller } = await signedIn(database.db, 'priya');
		const input = submission();
		const first = await caller.notifications.submit(input);
		const { duplicate: firstDuplicate, ...firstReceipt } = first;
		expect(firstDuplicate).toBe(false);
		expect(verifyReceipt(firstReceipt, publicKey)).toBe(true);
		const again = await caller.notifications.submit(input);
		const { duplicate: againDuplicate, ...againReceipt } = again;
		expect(againDuplicate).toBe(true);
		expect(againReceipt).toEqual(firstReceipt);
		expect(verifyReceipt(againReceipt, publicKey)).toBe(true);
	});
});

describe('the receipt:verify command', () => {
	const run = promisify(execFile);
	const tsx = resolve('node_modules/.bin/tsx');
	const script = resolve('scripts/receipt-verify.ts');

	async function verifyCommand(args: string[], env: Record<string, string> = {}) {
		try {
			const { stdout } = await run(tsx, [script, ...args], {
				env: { ...process.env, ...env },
				timeout: 15_000
			});
			return { code: 0, stdout };
		} catch (e) {
			const failed = e as { code?: number; stdout?: string; stderr?: string };
			return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
		}
	}

	it('prints VALID with the reference (key from a file, or from the database)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'receipt-verify-'));
		const receipt = await signReceipt(database.db, facts);
		const receiptFile = join(dir, 'receipt.json');
		writeFileSync(receiptFile, JSON.stringify({ ...receipt, duplicate: false }));
		const keyFile = join(dir, 'key.pem');
		writeFileSync(keyFile, publicKey);
		expect(await verifyCommand([receiptFile, '--key', keyFile])).toEqual({
			code: 0,
			stdout: `VALID ${facts.reference} (signed by key ${receipt.keyId})\n`
		});
		const fromDatabase = await verifyCommand([receiptFile], { DATABASE_URL: database.url });
		expect(fromDatabase).toMatchObject({ code: 0 });

		const tamperedFile = join(dir, 'tampered.json');
		writeFileSync(tamperedFile, JSON.stringify({ ...receipt, receivedAt: receipt.receivedAt + 1 }));
		const tampered = await verifyCommand([tamperedFile, '--key', keyFile]);
		expect(tampered.code).toBe(1);
		expect(tampered.stdout).toMatch(new RegExp(`^INVALID ${facts.reference}: `));
	}, 60_000);
});

function flipFirstCharacter(text: string): string {
	return (text.startsWith('A') ? 'B' : 'A') + text.slice(1);
}
