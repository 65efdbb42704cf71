// `npm run receipt:rotate-key`: retires the receipt signing key and makes a new one
// (docs/decisions/018). Receipts signed before still verify: the retired key is kept, sealed, and
// found by the key id each receipt carries. Restart the servers so they sign with the new key.
// Uses DATABASE_URL and RECEIPT_KEY_SECRET as the server does.
//
// It also re-seals every sealed value, the receipt keys and the TOTP secrets (decisions 022, 023).
// To rotate RECEIPT_KEY_SECRET itself, give the old one as RECEIPT_KEY_SECRET_PREVIOUS and the new
// one as RECEIPT_KEY_SECRET: everything moves to the new secret before the servers restart with
// it. A run that stops half way can be run again.
import {
	DEFAULT_DATABASE_URL,
	fileUrlOf,
	migrateDatabase,
	openDatabase
} from '../src/lib/server/db';
import { receiptKeySecret } from '../src/lib/server/infra/sealing-secret';
import {
	resealReceiptKeys,
	rotateReceiptKey
} from '../src/lib/server/services/notifications/receipts';
import { resealTotpSecrets } from '../src/lib/server/services/users/second-factor';

const database = await openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
try {
	await migrateDatabase(database);
	const secret = receiptKeySecret(fileUrlOf(database.db));
	const previous = process.env.RECEIPT_KEY_SECRET_PREVIOUS || secret;
	const keys = await resealReceiptKeys(database.db, previous, secret);
	const totp = await resealTotpSecrets(database.db, previous, secret);
	console.log(`Re-sealed ${keys} receipt key(s) and ${totp} TOTP secret(s).`);
	const key = await rotateReceiptKey(database.db);
	console.log(`The receipt key is now ${key.keyId}. Restart the servers to sign with it.`);
} finally {
	database.client.close();
}
