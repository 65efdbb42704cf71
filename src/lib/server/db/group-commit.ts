import type { Db } from './index';
import type { Tx } from './transaction';

/**
 * Group commit (docs/decisions/012-performance.md). Under `synchronous=FULL` every COMMIT waits
 * for the disk, and with one connection nothing else runs meanwhile: one transaction per request
 * makes the disk's flush time the limit. Items handed to `inGroupCommit` while a group is being
 * written wait for the next group, and each group is ONE write transaction.
 *
 * A store writes the whole group at once (`storeGroup`: a few multi-row statements rather than a
 * few statements per item, since preparing and running statements is most of an item's cost).
 * If that fails, the group is written again item by item, each in its own savepoint
 * (`storeOne`), so an item that fails rolls back alone and the others still commit.
 *
 * Nothing is weakened: every caller learns its outcome only after the COMMIT that holds its
 * write has returned, so an acknowledgement (a receipt) still means the write survives a power
 * cut. A COMMIT that fails rejects every item in its group, and none of them is acknowledged.
 */
export interface GroupStore<I, O> {
	/** Stores every item in the open transaction and answers each, in the order given. */
	storeGroup(tx: Tx, items: readonly I[]): Promise<O[]>;
	/** Stores one item; used, in a savepoint per item, when the group as a whole failed. */
	storeOne(tx: Tx, item: I): Promise<O>;
}

interface Pending {
	item: unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Group {
	pending: Pending[];
	scheduled: boolean;
}

/** The most items in one transaction, so a burst cannot hold the connection for long. */
export const MAX_GROUP_SIZE = 64;

// Per database handle (tests open several) and per store. Only ever a queue of what is in
// flight: nothing here outlives a commit, so several processes on one database behave as before.
const groups = new WeakMap<Db, Map<GroupStore<unknown, unknown>, Group>>();

export function inGroupCommit<I, O>(db: Db, store: GroupStore<I, O>, item: I): Promise<O> {
	const anyStore = store as GroupStore<unknown, unknown>;
	let stores = groups.get(db);
	if (!stores) {
		stores = new Map();
		groups.set(db, stores);
	}
	let group = stores.get(anyStore);
	if (!group) {
		group = { pending: [], scheduled: false };
		stores.set(anyStore, group);
	}
	const target = group;
	return new Promise<O>((resolve, reject) => {
		target.pending.push({ item, resolve: (value) => resolve(value as O), reject });
		if (!target.scheduled) {
			target.scheduled = true;
			// After this turn of the event loop, so requests that arrived together share a commit.
			setImmediate(() => void drain(db, anyStore, target));
		}
	});
}

async function drain(db: Db, store: GroupStore<unknown, unknown>, group: Group): Promise<void> {
	try {
		while (group.pending.length > 0) {
			const batch = group.pending.splice(0, MAX_GROUP_SIZE);
			let settled: Settled[];
			try {
				settled = await writeGroup(db, store, batch);
			} catch (error) {
				for (const pending of batch) pending.reject(error);
				continue;
			}
			batch.forEach((pending, i) => {
				const result = settled[i];
				if (result?.ok) pending.resolve(result.value);
				else pending.reject(result ? result.error : new Error('group commit lost a result'));
			});
		}
	} finally {
		group.scheduled = false;
	}
}

/** The group in one go; if that throws, item by item so one bad item costs the others nothing. */
async function writeGroup(
	db: Db,
	store: GroupStore<unknown, unknown>,
	batch: readonly Pending[]
): Promise<Settled[]> {
	const items = batch.map((pending) => pending.item);
	let storeThrew = false;
	try {
		const values = await db.transaction(async (tx) => {
			let out: unknown[];
			try {
				out = await store.storeGroup(tx, items);
			} catch (error) {
				storeThrew = true;
				throw error;
			}
			// Thrown inside the transaction, so it rolls back before the items are tried alone.
			if (out.length !== items.length) throw new Error('a group store lost a result');
			return out;
		});
		return values.map((value) => ({ ok: true, value }));
	} catch (groupError) {
		// Only a store that threw is worth trying item by item. A failed BEGIN or COMMIT (a full
		// disk, a lock held elsewhere) would fail again: every item in the group is refused.
		if (!storeThrew || items.length === 1) throw groupError;
	}
	return db.transaction(async (tx) => {
		const out: Settled[] = [];
		for (const item of items) {
			try {
				out.push({
					ok: true,
					value: await tx.transaction((savepoint) => store.storeOne(savepoint, item))
				});
			} catch (error) {
				out.push({ ok: false, error });
			}
		}
		return out;
	});
}
