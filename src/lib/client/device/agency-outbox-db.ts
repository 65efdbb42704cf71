import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Sealed } from './sealed';
import type { OutboxState } from './device-db';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { FieldErrors } from '$lib/errors';

// The agency's outbox and the files it keeps, in a database of their own beside the device's
// (docs/decisions/032): the device database's schema is part of the notification form page's
// bundle, whose weight is at its limit, and nothing of the agency's may add to it. Same rules:
// nothing in it is readable without the user's device key except ids, states, times, sizes,
// counts and receipts. `wipeUser` removes a user's records here too.

export const AGENCY_OUTBOX_DB_NAME = 'safeguard-agency-outbox';

/** What an answer is: a first short report, a correction of one, or a nil return. */
export type AgencyAnswerKind = 'report' | 'correction' | 'nil';

/** One file of a queued answer, as the outbox tracks its upload: no name, no bytes. */
export interface QueuedFileState {
	fileId: string;
	size: number;
	/** Bytes the server confirmed (tus's offset), for the progress shown and the bench. */
	sentBytes: number;
	/** The upload's address on the server once created (an opaque id), to resume from. */
	uploadUrl?: string;
	/** The server's attachment once the file is complete and checked. */
	attachmentId?: string;
}

export interface AgencyOutboxRecord {
	/** The answer's client id: the server is idempotent on it. */
	id: string;
	userId: string;
	/** The request answered: an id, no personal data. */
	requestId: string;
	kind: AgencyAnswerKind;
	queuedAt: number;
	state: OutboxState;
	attempts: number;
	nextAttemptAt: number;
	/** The answer itself (report or nil return, files' names and types), until the receipt. */
	sealed: Sealed | null;
	files: QueuedFileState[];
	problem?: { message: string; fieldErrors: FieldErrors };
	receipt?: SignedReceipt;
	sentAt?: number;
}

/** One sealed chunk of a kept file: AES-GCM under the device key, bound to its file and place. */
export interface FileChunkRecord {
	/** `${fileId}:${index}` */
	key: string;
	fileId: string;
	userId: string;
	index: number;
	iv: Uint8Array<ArrayBuffer>;
	data: ArrayBuffer;
}

interface AgencyOutboxSchema extends DBSchema {
	items: { key: string; value: AgencyOutboxRecord; indexes: { byUser: string } };
	fileChunks: {
		key: string;
		value: FileChunkRecord;
		indexes: { byUser: string; byFile: string };
	};
}

export type AgencyOutboxDb = IDBPDatabase<AgencyOutboxSchema>;

let opened: Promise<AgencyOutboxDb> | undefined;

export function openAgencyOutboxDb(): Promise<AgencyOutboxDb> {
	opened ??= openDB<AgencyOutboxSchema>(AGENCY_OUTBOX_DB_NAME, 1, {
		upgrade(db) {
			db.createObjectStore('items', { keyPath: 'id' }).createIndex('byUser', 'userId');
			const chunks = db.createObjectStore('fileChunks', { keyPath: 'key' });
			chunks.createIndex('byUser', 'userId');
			chunks.createIndex('byFile', 'fileId');
		}
	});
	return opened;
}

/** For tests: forget the open handle so a fresh fake IndexedDB is used. */
export function resetAgencyOutboxDbHandle(): void {
	opened = undefined;
}

/**
 * Removes a user's queued answers and kept files; returns how many answers had no receipt. Run by
 * every wipe (device-wipe.ts), so a withdrawn device keeps nothing of the agency's either.
 */
export async function wipeAgencyOutbox(userId: string): Promise<number> {
	const db = await openAgencyOutboxDb();
	const tx = db.transaction(['items', 'fileChunks'], 'readwrite');
	const items = await tx.objectStore('items').index('byUser').getAll(userId);
	for (const item of items) await tx.objectStore('items').delete(item.id);
	for (const key of await tx.objectStore('fileChunks').index('byUser').getAllKeys(userId)) {
		await tx.objectStore('fileChunks').delete(key);
	}
	await tx.done;
	return items.filter((i) => i.state !== 'sent').length;
}
