import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Sealed } from './sealed';
import type { WrappedDeviceKey } from './device-key';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { Role } from '$lib/domain/roles';
import type { FieldErrors } from '$lib/errors';
import type { AgencyOutboxMeta } from './agency-outbox-db';

// The device's own database. Nothing in it is readable without the user's device key except
// what holds no personal data: ids, states, times, counts, references and receipts. The device key
// is stored only wrapped under the user's passcode (docs/decisions/017-device-passcode.md).

export interface DeviceProfile {
	userId: string;
	name: string;
	role: Role;
	savedAt: number;
	/** The server's accessWithdrawnAt when it last answered (0: never withdrawn). */
	withdrawnAt?: number;
	/** Unread messages when the server last answered, for the header (decision 024). */
	unread?: number;
}

/** A user's device lock: the wrapped device key and the wrong passcodes since the last unlock. */
export interface DeviceLock extends WrappedDeviceKey {
	userId: string;
	createdAt: number;
	/** Tries that did not unlock, counted before each try so closing the page mid-try counts. */
	failures: number;
	/**
	 * The server's accessWithdrawnAt when the key was made: a later withdrawal (signed out
	 * everywhere, account disabled) means this key belongs to a device that must be wiped.
	 */
	withdrawnSeen: number;
}

/** Why a user's data left the device, and what had not reached the Safeguarding Unit. */
export interface WipeRecord {
	userId: string;
	at: number;
	reason: 'revoked' | 'passcode' | 'forgotten';
	/** Forms in the outbox without a receipt, and drafts, when they were removed. */
	unsent: number;
	drafts: number;
	/** After too many wrong passcodes: the session still to end on the server when next online. */
	signOutPending: boolean;
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
	/** On the agency outbox's records, what is not secret about them (docs/decisions/032). */
	agencyOutbox?: AgencyOutboxMeta;
}

interface DeviceSchema extends DBSchema {
	/** Version 1's device keys, stored as CryptoKeys (raw on disk): read once to re-seal, then gone. */
	keys: { key: string; value: { userId: string; key: CryptoKey; createdAt: number } };
	locks: { key: string; value: DeviceLock };
	wipes: { key: string; value: WipeRecord };
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
	opened ??= openDB<DeviceSchema>(DEVICE_DB_NAME, 2, {
		upgrade(db, oldVersion) {
			if (oldVersion < 1) {
				db.createObjectStore('keys', { keyPath: 'userId' });
				db.createObjectStore('profile', { keyPath: 'userId' });
				db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('byUser', 'userId');
				db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
				db.createObjectStore('cache', { keyPath: 'key' }).createIndex('byUser', 'userId');
				db.createObjectStore('meta', { keyPath: 'key' });
			}
			if (oldVersion < 2) {
				db.createObjectStore('locks', { keyPath: 'userId' });
				db.createObjectStore('wipes', { keyPath: 'userId' });
			}
		}
	});
	return opened;
}

/** For tests: forget the open handle so a fresh fake IndexedDB is used. */
export function resetDeviceDbHandle(): void {
	opened = undefined;
}
