import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Sealed } from './sealed';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { Role } from '$lib/domain/roles';
import type { FieldErrors } from '$lib/errors';

// The device's own database. Nothing in it is readable without the user's device key except
// what holds no personal data: ids, states, times, references and receipts.

export interface DeviceProfile {
	userId: string;
	name: string;
	role: Role;
	savedAt: number;
}

export interface DraftRecord {
	id: string;
	userId: string;
	correctsId?: string;
	createdAt: number;
	updatedAt: number;
	sealed: Sealed;
}

export type OutboxState = 'waiting' | 'sending' | 'sent' | 'attention';

export interface OutboxRecord {
	id: string;
	userId: string;
	/** Order of sending: the time it was queued, then the id. */
	queuedAt: number;
	state: OutboxState;
	attempts: number;
	nextAttemptAt: number;
	/** The form, until the server's receipt arrives; then removed. */
	sealed: Sealed | null;
	/** The returned notification this one corrects (the Unit sent it back for correction). */
	correctsId?: string;
	problem?: { message: string; fieldErrors: FieldErrors };
	receipt?: SignedReceipt;
	sentAt?: number;
}

export interface CacheRecord {
	key: string;
	userId: string;
	fetchedAt: number;
	sealed: Sealed;
}

interface DeviceSchema extends DBSchema {
	keys: { key: string; value: { userId: string; key: CryptoKey; createdAt: number } };
	profile: { key: string; value: DeviceProfile };
	drafts: { key: string; value: DraftRecord; indexes: { byUser: string } };
	outbox: { key: string; value: OutboxRecord; indexes: { byUser: string } };
	cache: { key: string; value: CacheRecord; indexes: { byUser: string } };
	meta: { key: string; value: { key: string; value: number } };
}

export type DeviceDb = IDBPDatabase<DeviceSchema>;
export const DEVICE_DB_NAME = 'safeguard-device';

let opened: Promise<DeviceDb> | undefined;

export function openDeviceDb(): Promise<DeviceDb> {
	opened ??= openDB<DeviceSchema>(DEVICE_DB_NAME, 1, {
		upgrade(db) {
			db.createObjectStore('keys', { keyPath: 'userId' });
			db.createObjectStore('profile', { keyPath: 'userId' });
			db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('byUser', 'userId');
			db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
			db.createObjectStore('cache', { keyPath: 'key' }).createIndex('byUser', 'userId');
			db.createObjectStore('meta', { keyPath: 'key' });
		}
	});
	return opened;
}

/** For tests: forget the open handle so a fresh fake IndexedDB is used. */
export function resetDeviceDbHandle(): void {
	opened = undefined;
}
