// `npm run receipt:rotate-key`: retires the receipt signing key and makes a new one
// (docs/decisions/018). Receipts signed before still verify: the retired key is kept, sealed, and
// found by the key id each receipt carries. Restart the servers so they sign with the new key.
// Uses DATABASE_URL and RECEIPT_KEY_SECRET as the server does.
import { DEFAULT_DATABASE_URL, migrateDatabase, openDatabase } from '../src/lib/server/db';
import { rotateReceiptKey } from '../src/lib/server/services/notifications/receipts';

const database = await openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
try {
	await migrateDatabase(database);
	const key = await rotateReceiptKey(database.db);
	console.log(`The receipt key is now ${key.keyId}. Restart the servers to sign with it.`);
} finally {
	database.client.close();
}
