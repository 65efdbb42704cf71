import type { SessionUser } from '../auth/session';
import { appDatabase } from '../startup';
import { openAttachment, storeAttachment } from '../services/agency/attachments';
import { receiptPublicKey } from '../services/notifications/receipts';

/*
 * The services that are not tRPC procedures (a file's raw bytes in and out, the public receipt
 * key), bound to the app's database. Routes reach every service through kit/, so no route
 * touches the database itself; everything else goes through `serverCaller`.
 */

/** Stores and opens attachments as `user`, with the same checks as everywhere else. */
export async function attachmentsFor(user: SessionUser) {
	const { db } = await appDatabase();
	return {
		store: (file: { name: string; bytes: Uint8Array }) => storeAttachment(db, user, file),
		open: (id: string) => openAttachment(db, user, id)
	};
}

/** The public key that checks receipts. */
export async function receiptKey() {
	const { db } = await appDatabase();
	return receiptPublicKey(db);
}
