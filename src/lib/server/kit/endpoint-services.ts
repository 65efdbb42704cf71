import type { SessionUser } from '../auth/session';
import { appDatabase } from '../startup';
import {
	openAttachment,
	storeAttachment,
	storeAttachmentStream
} from '../services/agency/attachments';
import {
	RECEIPT_ALGORITHM,
	receiptKeyId,
	receiptPublicKey,
	storedReceiptPublicKey
} from '../services/notifications/receipts';

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
		/** A raw upload, written to disk as it arrives rather than held in memory. */
		storeStream: (file: { name: string; body: AsyncIterable<Uint8Array> | null }) =>
			storeAttachmentStream(db, user, file),
		open: (id: string) => openAttachment(db, user, id)
	};
}

/** The public key that checks receipts: the current one, or the one of `keyId` (null if none). */
export async function receiptKey(keyId?: string) {
	const { db } = await appDatabase();
	if (keyId === undefined) return receiptPublicKey(db);
	if (!/^[0-9a-f]{16}$/.test(keyId)) return null;
	const key = await storedReceiptPublicKey(db, keyId);
	if (!key) return null;
	return {
		keyId: receiptKeyId(key),
		publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
		algorithm: RECEIPT_ALGORITHM
	};
}
