import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freshDatabase } from '../support/database';
import { openDatabase } from '$lib/server/db';
import { serverKeys, signingKeys } from '$lib/server/db/schema';
import {
	receiptKeyId,
	receiptPublicKey,
	receiptSigningKey,
	rotateReceiptKey,
	signReceipt,
	storedReceiptPublicKey,
	verifyReceipt
} from '$lib/server/services/notifications/receipts';

// Issue 15: the receipt signing key was stored in the clear in the database. It is now sealed
// under a secret from the environment (or, for an embedded database without one, a file beside
// it), with key ids so keys rotate and old receipts still verify.

const facts = {
	id: '01936b2e-7a4f-7c3d-9e1f-0123456789ab',
	reference: 'NTF-2026-0042',
	receivedAt: Date.UTC(2026, 10, 27, 9, 30),
	contentHash: 'a'.repeat(64)
};
const SECRET = 'a secret of more than thirty-two characters, from the vault';

afterEach(() => {
	delete process.env.RECEIPT_KEY_SECRET;
});

describe('the receipt signing key at rest', () => {
	it('is sealed in the database, not in the clear, and does not open under another secret', async () => {
		process.env.RECEIPT_KEY_SECRET = SECRET;
		const fresh = await freshDatabase();
		const key = await receiptSigningKey(fresh.db);
		const [row] = await fresh.db.select().from(signingKeys);
		expect(row?.keyId).toBe(key.keyId);
		expect(row?.privateKeySealed).toMatch(/^v1\./);
		const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const everything = JSON.stringify(
			await fresh.client.execute('SELECT * FROM signing_keys').then((r) => r.rows)
		);
		expect(everything).not.toContain('PRIVATE KEY');
		expect(everything).not.toContain(pem.split('\n')[1]);
		// Another process with the wrong secret cannot use the key.
		process.env.RECEIPT_KEY_SECRET = 'another secret, also longer than thirty-two characters';
		const other = await openDatabase(fresh.url);
		await expect(receiptSigningKey(other.db)).rejects.toThrow(/secret is not the one/);
		other.client.close();
		fresh.client.close();
	});

	it('without RECEIPT_KEY_SECRET, an embedded database seals it under a secret file beside it', async () => {
		const fresh = await freshDatabase();
		await receiptSigningKey(fresh.db);
		expect(existsSync(`${fresh.url.slice('file:'.length)}.receipt-key-secret`)).toBe(true);
		const other = await openDatabase(fresh.url);
		expect((await receiptSigningKey(other.db)).keyId).toBe(
			(await receiptSigningKey(fresh.db)).keyId
		);
		other.client.close();
		fresh.client.close();
	});

	it('seals a key stored in the clear before, keeping its id, and deletes the clear copy', async () => {
		process.env.RECEIPT_KEY_SECRET = SECRET;
		const fresh = await freshDatabase();
		const pair = generateKeyPairSync('ed25519');
		const keyId = receiptKeyId(pair.publicKey);
		await fresh.db.insert(serverKeys).values({
			purpose: 'receipt-signing',
			keyId,
			algorithm: 'Ed25519',
			privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
			publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
			createdAt: new Date()
		});
		const receipt = await signReceipt(fresh.db, facts);
		expect(receipt.keyId).toBe(keyId);
		expect(verifyReceipt(receipt, pair.publicKey)).toBe(true);
		expect(await fresh.db.select().from(serverKeys)).toHaveLength(0);
		expect((await fresh.db.select().from(signingKeys)).map((r) => r.keyId)).toEqual([keyId]);
		fresh.client.close();
	});

	it('rotates: new receipts carry the new key id, and an old receipt verifies by the id it names', async () => {
		process.env.RECEIPT_KEY_SECRET = SECRET;
		const fresh = await freshDatabase();
		const before = await signReceipt(fresh.db, facts);
		const rotated = await rotateReceiptKey(fresh.db);
		const after = await signReceipt(fresh.db, facts);
		expect(rotated.keyId).not.toBe(before.keyId);
		expect(after.keyId).toBe(rotated.keyId);
		expect((await receiptPublicKey(fresh.db)).keyId).toBe(rotated.keyId);
		const oldKey = await storedReceiptPublicKey(fresh.db, before.keyId);
		const newKey = await storedReceiptPublicKey(fresh.db, after.keyId);
		expect(oldKey && verifyReceipt(before, oldKey)).toBe(true);
		expect(newKey && verifyReceipt(after, newKey)).toBe(true);
		expect(newKey && verifyReceipt(before, newKey)).toBe(false);
		const rows = await fresh.db.select().from(signingKeys);
		expect(rows.filter((r) => r.retiredAt === null)).toHaveLength(1);
		expect(rows).toHaveLength(2);
		fresh.client.close();
	});
});
