// `npm run receipt:verify -- receipt.json [--key key.pem | --url https://host/api/receipt-key]`
// Checks a signed receipt (docs/decisions/006) and prints VALID or INVALID with its reference.
// Exit codes: 0 valid, 1 invalid, 2 the command could not run (bad arguments, no key).
// Without --key or --url the key comes from RECEIPT_SIGNING_KEY or the database at DATABASE_URL
// (default file:data/safeguard.db), read only: this command never creates a key. From the database
// it takes the key the receipt names, so a receipt signed before a key rotation still verifies.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import { DEFAULT_DATABASE_URL, openDatabase } from '../src/lib/server/db';
import {
	checkReceipt,
	publicKeyFromPem,
	receiptKeyId,
	storedReceiptPublicKey
} from '../src/lib/server/services/notifications/receipts';

function stop(message: string): never {
	console.error(message);
	process.exit(2);
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { key: { type: 'string' }, url: { type: 'string' } }
});
const [file] = positionals;
if (!file || positionals.length > 1 || (values.key && values.url)) {
	stop('Usage: npm run receipt:verify -- receipt.json [--key key.pem | --url URL]');
}

let candidate: unknown;
try {
	candidate = JSON.parse(readFileSync(file, 'utf8'));
} catch {
	stop(`Could not read ${file} as JSON.`);
}
// Accept a bare receipt, a submit answer (receipt fields plus `duplicate`) or a batch item.
if (candidate && typeof candidate === 'object' && 'receipt' in candidate) {
	candidate = candidate.receipt;
}

async function keyFromUrl(url: string): Promise<KeyObject> {
	let body: unknown;
	try {
		const response = await fetch(url);
		if (!response.ok) stop(`${url} answered ${response.status}.`);
		body = await response.json();
	} catch {
		stop(`Could not fetch the key from ${url}.`);
	}
	const published = body as { keyId?: unknown; publicKey?: unknown };
	if (typeof published.publicKey !== 'string') stop(`${url} did not return a public key.`);
	const key = publicKeyFromPem(published.publicKey);
	// The published id is recomputed, never trusted.
	if (published.keyId !== receiptKeyId(key))
		stop(`${url} returned a key that does not match its id.`);
	return key;
}

async function keyFromDatabase(): Promise<KeyObject> {
	const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	// Opening a missing file would create an empty database: say so instead.
	if (url.startsWith('file:') && !existsSync(url.slice('file:'.length))) {
		stop(`There is no database at ${url}. Set DATABASE_URL, or use --key or --url.`);
	}
	const { db, client } = await openDatabase(url);
	try {
		// The key the receipt names, current or retired, so receipts outlive a key rotation.
		const named = (candidate as { keyId?: unknown } | null)?.keyId;
		const key = await storedReceiptPublicKey(db, typeof named === 'string' ? named : undefined);
		if (!key) stop('The database holds no receipt signing key of that id. Use --key or --url.');
		return key;
	} catch {
		stop('Could not read the receipt signing key from the database.');
	} finally {
		client.close();
	}
}

let publicKey: KeyObject;
try {
	publicKey = values.key
		? publicKeyFromPem(readFileSync(values.key, 'utf8'))
		: values.url
			? await keyFromUrl(values.url)
			: await keyFromDatabase();
} catch {
	stop('Could not read the public key: it must be an Ed25519 key in PEM form.');
}

const result = checkReceipt(candidate, publicKey);
if (result.valid) {
	console.log(`VALID ${result.receipt.reference} (signed by key ${result.receipt.keyId})`);
	process.exit(0);
}
console.log(`INVALID ${result.reference ?? '(no reference)'}: ${result.reason}`);
process.exit(1);
