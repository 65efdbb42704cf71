import {
	createHash,
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	sign,
	verify,
	type KeyObject
} from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '$lib/server/db';
import { serverKeys } from '$lib/server/db/schema';
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

async function readStoredKey(db: Db): Promise<ReceiptSigningKey | null> {
	const [row] = await db.select().from(serverKeys).where(eq(serverKeys.purpose, PURPOSE));
	if (!row) return null;
	const key = signingKeyFromPem(row.privateKeyPem, 'The stored receipt signing key');
	// The stored id is derived, never trusted: a mismatch means the row was edited by hand.
	if (key.keyId !== row.keyId)
		throw new Error('The stored receipt signing key does not match its id');
	return key;
}

async function loadSigningKey(db: Db): Promise<ReceiptSigningKey> {
	const fromEnv = process.env.RECEIPT_SIGNING_KEY;
	if (fromEnv) return signingKeyFromPem(fromEnv, 'RECEIPT_SIGNING_KEY');
	const stored = await readStoredKey(db);
	if (stored) return stored;
	// First use on this database. Several processes may get here at once: each proposes a key,
	// the primary key on `purpose` keeps exactly one, and everyone then reads that one back.
	const { privateKey, publicKey } = generateKeyPairSync('ed25519');
	await db
		.insert(serverKeys)
		.values({
			purpose: PURPOSE,
			keyId: receiptKeyId(publicKey),
			algorithm: RECEIPT_ALGORITHM,
			privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
			publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
			createdAt: new Date()
		})
		.onConflictDoNothing();
	const chosen = await readStoredKey(db);
	if (!chosen) throw new Error('The receipt signing key could not be stored');
	return chosen;
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
 * The public key receipts are checked against, without creating one: what `receipt:verify`
 * uses by default. RECEIPT_SIGNING_KEY wins, as it does for the server.
 */
export async function storedReceiptPublicKey(db: Db): Promise<KeyObject | null> {
	const fromEnv = process.env.RECEIPT_SIGNING_KEY;
	if (fromEnv) return signingKeyFromPem(fromEnv, 'RECEIPT_SIGNING_KEY').publicKey;
	const [row] = await db
		.select({ publicKeyPem: serverKeys.publicKeyPem })
		.from(serverKeys)
		.where(eq(serverKeys.purpose, PURPOSE));
	return row ? createPublicKey(row.publicKeyPem) : null;
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
