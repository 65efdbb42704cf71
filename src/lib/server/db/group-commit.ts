import type { Db } from './index';
import type { Tx } from './transaction';

/**
 * Group commit (docs/decisions/012-performance.md). Under `synchronous=FULL` every COMMIT waits
 * for the disk, and with one connection nothing else runs meanwhile: one transaction per request
 * makes the disk's flush time the limit. Work handed to `inGroupCommit` while a group is being
 * written waits for the next group; each group is ONE write transaction, each piece of work in its
 * own savepoint, so a piece that fails rolls back alone and the others still commit.
 *
 * Nothing is weakened: every caller learns its outcome only after the COMMIT that holds its
 * write has returned, so an acknowledgement (a receipt) still means the write survives a power
 * cut. A COMMIT that fails rejects every piece in its group, and none of them is acknowledged.
 */
type Work<T> = (tx: Tx) => Promise<T>;

interface Pending {
	work: Work<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Group {
	pending: Pending[];
	scheduled: boolean;
}

/** The most pieces of work in one transaction, so a burst cannot hold the connection for long. */
export const MAX_GROUP_SIZE = 64;

// Per database handle (tests open several). Only ever a queue of what is in flight: nothing
// here outlives a commit, so several processes on one database behave as before.
const groups = new WeakMap<Db, Group>();

export function inGroupCommit<T>(db: Db, work: Work<T>): Promise<T> {
	let group = groups.get(db);
	if (!group) {
		group = { pending: [], scheduled: false };
		groups.set(db, group);
	}
	const target = group;
	return new Promise<T>((resolve, reject) => {
		target.pending.push({ work, resolve: (value) => resolve(value as T), reject });
		if (!target.scheduled) {
			target.scheduled = true;
			// After this turn of the event loop, so requests that arrived together share a commit.
			setImmediate(() => void drain(db, target));
		}
	});
}

async function drain(db: Db, group: Group): Promise<void> {
	try {
		while (group.pending.length > 0) {
			const batch = group.pending.splice(0, MAX_GROUP_SIZE);
			let settled: Settled[];
			try {
				settled = await db.transaction(async (tx) => {
					const out: Settled[] = [];
					for (const item of batch) {
						try {
							out.push({
								ok: true,
								value: await tx.transaction((savepoint) => item.work(savepoint))
							});
						} catch (error) {
							out.push({ ok: false, error });
						}
					}
					return out;
				});
			} catch (error) {
				for (const item of batch) item.reject(error);
				continue;
			}
			batch.forEach((item, i) => {
				const result = settled[i];
				if (result?.ok) item.resolve(result.value);
				else item.reject(result ? result.error : new Error('group commit lost a result'));
			});
		}
	} finally {
		group.scheduled = false;
	}
}
