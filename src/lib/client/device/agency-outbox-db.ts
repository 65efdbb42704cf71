import type { CacheRecord, DeviceDb, OutboxState } from './device-db';
import type { Sealed } from './sealed';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { FieldErrors } from '$lib/errors';

// Where the agency's outbox and its kept files live (docs/decisions/032): in the device
// database's `cache` store, under keys of their own (`<user>:agency-outbox:<client id>`,
// `<user>:file-chunks:<file id>:<n>`). Every way the device is wiped (sign-out, withdrawn access,
// a lost passcode; in a page or in the service worker) already removes a user's `cache` records,
// and the device database's schema, part of the notification form page's bundle whose weight is at
// its limit, stays as it is. Nothing here is readable without the user's device key except ids,
// states, times, sizes and receipts.

export type AgencyOutboxDb = DeviceDb;

/** What an answer is: a first short report, a correction of one, or a nil return. */
export type AgencyAnswerKind = 'report' | 'correction' | 'nil';

/** One file of a queued answer, as the outbox tracks its upload: no name, no bytes. */
export interface QueuedFileState {
	fileId: string;
	size: number;
	/** Bytes the server confirmed (tus's offset), for the progress shown. */
	sentBytes: number;
	/** The upload's address on the server once created (an opaque id), to resume from. */
	uploadUrl?: string;
	/** The server's attachment once the file is complete and checked. */
	attachmentId?: string;
}

/** What is kept in the clear beside a queued answer's sealed content. */
export interface AgencyOutboxMeta {
	/** The request answered: an id, no personal data. */
	requestId: string;
	kind: AgencyAnswerKind;
	queuedAt: number;
	state: OutboxState;
	attempts: number;
	nextAttemptAt: number;
	files: QueuedFileState[];
	problem?: { message: string; fieldErrors: FieldErrors };
	receipt?: SignedReceipt;
	sentAt?: number;
}

export interface AgencyOutboxRecord extends AgencyOutboxMeta {
	/** The answer's client id: the server is idempotent on it. */
	id: string;
	userId: string;
	/** The answer (report or nil return, files' names and types); once sent, a sealed null. */
	sealed: Sealed;
}

const ITEMS = 'agency-outbox';
const CHUNKS = 'file-chunks';
const itemKey = (userId: string, id: string) => `${userId}:${ITEMS}:${id}`;
const chunkKey = (userId: string, fileId: string, index: number) =>
	`${userId}:${CHUNKS}:${fileId}:${index}`;
/** Every key that starts with `prefix` (keys are strings; U+FFFF sorts after any we write). */
const startingWith = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);

function fromRecord(record: CacheRecord | undefined): AgencyOutboxRecord | undefined {
	if (!record?.agencyOutbox) return undefined;
	const id = record.key.slice(`${record.userId}:${ITEMS}:`.length);
	return { ...record.agencyOutbox, id, userId: record.userId, sealed: record.sealed };
}

export async function getItem(db: DeviceDb, userId: string, id: string) {
	return fromRecord(await db.get('cache', itemKey(userId, id)));
}

export async function putItem(db: DeviceDb, item: AgencyOutboxRecord): Promise<void> {
	const { id, userId, sealed, ...meta } = item;
	await db.put('cache', {
		key: itemKey(userId, id),
		userId,
		fetchedAt: meta.queuedAt,
		sealed,
		agencyOutbox: meta
	});
}

export async function deleteItem(db: DeviceDb, userId: string, id: string): Promise<void> {
	await db.delete('cache', itemKey(userId, id));
}

export async function listItems(db: DeviceDb, userId: string): Promise<AgencyOutboxRecord[]> {
	const records = await db.getAll('cache', startingWith(`${userId}:${ITEMS}:`));
	return records.flatMap((r) => fromRecord(r) ?? []);
}

export async function putChunk(
	db: DeviceDb,
	userId: string,
	fileId: string,
	index: number,
	sealed: Sealed
): Promise<void> {
	await db.put('cache', { key: chunkKey(userId, fileId, index), userId, fetchedAt: 0, sealed });
}

export async function getChunk(db: DeviceDb, userId: string, fileId: string, index: number) {
	return (await db.get('cache', chunkKey(userId, fileId, index)))?.sealed;
}

/** Removes a kept file's chunks (a file's, or with no file id every file of the user's). */
export async function deleteChunks(db: DeviceDb, userId: string, fileId = ''): Promise<void> {
	await db.delete('cache', startingWith(`${userId}:${CHUNKS}:${fileId}`));
}

export async function countChunks(db: DeviceDb, userId: string, fileId = ''): Promise<number> {
	return db.count('cache', startingWith(`${userId}:${CHUNKS}:${fileId}`));
}
