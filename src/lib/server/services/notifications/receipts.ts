import {
	createHash,
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	sign,
	verify,
	type KeyObject
} from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { fileUrlOf, type Db } from '$lib/server/db';
import { serverKeys, signingKeys, type SigningKeyRow } from '$lib/server/db/schema';
import { reseal, seal, unseal } from '$lib/server/infra/key-sealing';
import { receiptKeySecret } from '$lib/server/infra/sealing-secret';
import { receiptSigningText, type SignedReceipt } from '$lib/domain/receipt';

// Signed receipts (docs/decisions/006). The server signs each acknowledged upload with Ed25519
// so the device, or anyone later, can prove what the server accepted and when.

const PURPOSE = 'receipt-signing';
export const RECEIPT_ALGORITHM = 'Ed25519';

/** The facts a receipt vouches for; the key id and signature are added when it is signed. */
export type ReceiptFacts = Pick<SignedReceipt, 'id' | 'reference' | 'receivedAt' | 'contentHash'>;

export interface ReceiptSigningKey {
	keyId: string;
	privateKey: KeyObject;
	publicKey: KeyObject;
	/** SPKI PEM: what GET /api/receipt-key publishes. */
	publicKeyPem: string;
}

/** What GET /api/receipt-key answers: public, the same for everyone, no personal data. */
export interface ReceiptPublicKey {
	keyId: string;
	publicKey: string;
	algorithm: typeof RECEIPT_ALGORITHM;
}

/**
 * First 16 hex characters of the SHA-256 of the public key's SPKI DER encoding. SPKI rather than
 * the raw 32 bytes because it is what we publish: anyone can recompute the id from the PEM, e.g.
 * `openssl pkey -pubin -in key.pem -outform DER | sha256sum | cut -c1-16`.
 */
export function receiptKeyId(publicKey: KeyObject): string {
	const der = publicKey.export({ type: 'spki', format: 'der' });
	return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function signingKeyFromPem(pem: string, source: string): ReceiptSigningKey {
	let privateKey: KeyObject;
	try {
		// Environment variables often carry a PEM with its line breaks written as "\n".
		privateKey = createPrivateKey(pem.includes('\\n') ? pem.replaceAll('\\n', '\n') : pem);
	} catch {
		throw new Error(`${source} is not a readable PKCS8 PEM private key`);
	}
	if (privateKey.asymmetricKeyType !== 'ed25519') {
		throw new Error(`${source} is not an Ed25519 private key`);
	}
	const publicKey = createPublicKey(privateKey);
	return {
		keyId: receiptKeyId(publicKey),
		privateKey,
		publicKey,
		publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
	};
}

function opened(row: SigningKeyRow, secret: string): ReceiptSigningKey {
	const pem = unseal(secret, row.privateKeySealed, row.keyId);
	const key = signingKeyFromPem(pem, 'The stored receipt signing key');
	// The stored id is derived, never trusted: a mismatch means the row was edited by hand.
	if (key.keyId !== row.keyId || key.publicKeyPem.trim() !== row.publicKeyPem.trim())
		throw new Error('The stored receipt signing key does not match its id');
	return key;
}

async function currentRow(db: Db): Promise<SigningKeyRow | undefined> {
	const [row] = await db
		.select()
		.from(signingKeys)
		.where(and(eq(signingKeys.purpose, PURPOSE), isNull(signingKeys.retiredAt)));
	return row;
}

/** Stores a key pair sealed as the current key, unless another process stored one first. */
async function proposeKey(
	db: Pick<Db, 'insert'>,
	secret: string,
	privateKey: KeyObject,
	createdAt: Date
) {
	const publicKey = createPublicKey(privateKey);
	const keyId = receiptKeyId(publicKey);
	await db
		.insert(signingKeys)
		.values({
			keyId,
			purpose: PURPOSE,
			algorithm: RECEIPT_ALGORITHM,
			publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
			privateKeySealed: seal(
				secret,
				privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
				keyId
			),
			createdAt
		})
		.onConflictDoNothing();
}

/** A key kept in the clear before 0008 is sealed, keeping its id, and the clear copy deleted. */
async function sealLegacyKey(db: Db, secret: string) {
	const [legacy] = await db.select().from(serverKeys).where(eq(serverKeys.purpose, PURPOSE));
	if (!legacy) return;
	const key = signingKeyFromPem(legacy.privateKeyPem, 'The stored receipt signing key');
	if (!(await currentRow(db))) await proposeKey(db, secret, key.privateKey, legacy.createdAt);
	await db.delete(serverKeys).where(eq(serverKeys.purpose, PURPOSE));
}

async function loadSigningKey(db: Db): Promise<ReceiptSigningKey> {
	const fromEnv = process.env.RECEIPT_SIGNING_KEY;
	if (fromEnv) return signingKeyFromPem(fromEnv, 'RECEIPT_SIGNING_KEY');
	const secret = receiptKeySecret(fileUrlOf(db));
	await sealLegacyKey(db, secret);
	const stored = await currentRow(db);
	if (stored) return opened(stored, secret);
	// First use on this database. Several processes may get here at once: each proposes a key,
	// the unique index on the current key keeps exactly one, and everyone reads that one back.
	await proposeKey(db, secret, generateKeyPairSync('ed25519').privateKey, new Date());
	const chosen = await currentRow(db);
	if (!chosen) throw new Error('The receipt signing key could not be stored');
	return opened(chosen, secret);
}

/**
 * Retires the current key and makes a new one. Receipts signed before keep verifying against the
 * retired key, found by the key id they carry. Running servers sign with the key they loaded
 * until they restart.
 */
export async function rotateReceiptKey(db: Db, now = new Date()): Promise<ReceiptPublicKey> {
	const secret = receiptKeySecret(fileUrlOf(db));
	await sealLegacyKey(db, secret);
	await db.transaction(async (tx) => {
		await tx
			.update(signingKeys)
			.set({ retiredAt: now })
			.where(and(eq(signingKeys.purpose, PURPOSE), isNull(signingKeys.retiredAt)));
		await proposeKey(tx, secret, generateKeyPairSync('ed25519').privateKey, now);
	});
	loadedKeys.delete(db);
	return receiptPublicKey(db);
}

/**
 * Every stored receipt key, current and retired, sealed again from secret `from` to `to`, in one
 * write (`npm run receipt:rotate-key` with RECEIPT_KEY_SECRET_PREVIOUS). Answers how many.
 */
export async function resealReceiptKeys(db: Db, from: string, to: string): Promise<number> {
	return db.transaction(async (tx) => {
		const rows = await tx.select().from(signingKeys);
		for (const row of rows) {
			await tx
				.update(signingKeys)
				.set({ privateKeySealed: reseal(from, to, row.privateKeySealed, row.keyId) })
				.where(eq(signingKeys.keyId, row.keyId));
		}
		loadedKeys.delete(db);
		return rows.length;
	});
}

// The key never changes while a process runs, so it is read once per database handle. Keyed by
// handle (not one global) so tests and tools that open several databases each get their own.
const loadedKeys = new WeakMap<Db, Promise<ReceiptSigningKey>>();

/** The receipt signing key for this database, created on first use. */
export function receiptSigningKey(db: Db): Promise<ReceiptSigningKey> {
	let key = loadedKeys.get(db);
	if (!key) {
		key = loadSigningKey(db);
		loadedKeys.set(db, key);
		// A failed load (database briefly unavailable) must not be remembered.
		void key.catch(() => loadedKeys.delete(db));
	}
	return key;
}

export async function receiptPublicKey(db: Db): Promise<ReceiptPublicKey> {
	const key = await receiptSigningKey(db);
	return { keyId: key.keyId, publicKey: key.publicKeyPem, algorithm: RECEIPT_ALGORITHM };
}

/**
 * The public key a receipt names, current or retired, without creating one: what
 * `receipt:verify` and GET /api/receipt-key?keyId= use. RECEIPT_SIGNING_KEY wins, as it does
 * for the server. Null when the database holds no key of that id.
 */
export async function storedReceiptPublicKey(db: Db, keyId?: string): Promise<KeyObject | null> {
	const fromEnv = process.env.RECEIPT_SIGNING_KEY;
	if (fromEnv) return signingKeyFromPem(fromEnv, 'RECEIPT_SIGNING_KEY').publicKey;
	const [row] = await db
		.select({ publicKeyPem: signingKeys.publicKeyPem })
		.from(signingKeys)
		.where(
			and(
				eq(signingKeys.purpose, PURPOSE),
				keyId === undefined ? isNull(signingKeys.retiredAt) : eq(signingKeys.keyId, keyId)
			)
		);
	if (row) return createPublicKey(row.publicKeyPem);
	// Before its first start on 0008 the key is still in the old table (its public half is public).
	const [legacy] = await db
		.select({ keyId: serverKeys.keyId, publicKeyPem: serverKeys.publicKeyPem })
		.from(serverKeys)
		.where(eq(serverKeys.purpose, PURPOSE));
	return legacy && (keyId === undefined || legacy.keyId === keyId)
		? createPublicKey(legacy.publicKeyPem)
		: null;
}

/** Signs with a key already in hand (a batch signs many receipts with one key). */
export function signReceiptWith(key: ReceiptSigningKey, facts: ReceiptFacts): SignedReceipt {
	// Only the named facts are signed and returned, whatever else the caller's object carries.
	const unsigned = {
		id: facts.id,
		reference: facts.reference,
		receivedAt: facts.receivedAt,
		contentHash: facts.contentHash,
		keyId: key.keyId
	};
	const text = Buffer.from(receiptSigningText(unsigned), 'utf8');
	return { ...unsigned, signature: sign(null, text, key.privateKey).toString('base64url') };
}

export async function signReceipt(db: Db, facts: ReceiptFacts): Promise<SignedReceipt> {
	return signReceiptWith(await receiptSigningKey(db), facts);
}

/** A receipt as read from a file or another system: checked before it is trusted. */
export const signedReceiptSchema = z.object({
	id: z.string().min(1),
	reference: z.string().min(1),
	receivedAt: z.number().int().nonnegative(),
	contentHash: z.string().regex(/^[0-9a-f]{64}$/),
	keyId: z.string().regex(/^[0-9a-f]{16}$/),
	signature: z.string().regex(/^[A-Za-z0-9_-]+$/)
});

export type ReceiptCheck =
	| { valid: true; receipt: SignedReceipt }
	| { valid: false; reason: string; reference: string | null };

/** A public key from an SPKI PEM (or a private PEM, whose public half is used). */
export function publicKeyFromPem(pem: string): KeyObject {
	const key = createPublicKey(pem);
	if (key.asymmetricKeyType !== 'ed25519') throw new Error('The key is not an Ed25519 key');
	return key;
}

/** Checks a receipt against a public key and says why it fails, for people and tools. */
export function checkReceipt(candidate: unknown, publicKey: KeyObject | string): ReceiptCheck {
	const parsed = signedReceiptSchema.safeParse(candidate);
	if (!parsed.success) {
		const reference =
			candidate && typeof candidate === 'object' && 'reference' in candidate
				? String(candidate.reference)
				: null;
		return { valid: false, reason: 'it is not a complete receipt', reference };
	}
	const receipt = parsed.data;
	const fail = (reason: string): ReceiptCheck => ({
		valid: false,
		reason,
		reference: receipt.reference
	});
	let key: KeyObject;
	try {
		key = typeof publicKey === 'string' ? publicKeyFromPem(publicKey) : publicKey;
	} catch {
		return fail('the public key is not a readable Ed25519 key');
	}
	if (key.asymmetricKeyType !== 'ed25519') return fail('the public key is not an Ed25519 key');
	const keyId = receiptKeyId(key);
	if (receipt.keyId !== keyId) return fail(`it names key ${receipt.keyId}, not key ${keyId}`);
	const signature = Buffer.from(receipt.signature, 'base64url');
	// Only the one canonical spelling of the 64 signature bytes is accepted.
	if (signature.length !== 64 || signature.toString('base64url') !== receipt.signature) {
		return fail('the signature is malformed');
	}
	const text = Buffer.from(receiptSigningText(receipt), 'utf8');
	if (!verify(null, text, key, signature)) return fail('the signature does not match its content');
	return { valid: true, receipt };
}

/** True when `receipt` was signed by `publicKey` and no field has changed since. */
export function verifyReceipt(receipt: unknown, publicKey: KeyObject | string): boolean {
	return checkReceipt(receipt, publicKey).valid;
}
