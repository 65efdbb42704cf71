import type { Db } from './index';

/** An open write transaction, as `db.transaction` hands it to its callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs `work` in one write transaction. Everything inside must use `tx`, never `db`: the
 * embedded database has one connection, taken in turns (one-at-a-time.ts).
 */
export function inWriteTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
	return db.transaction(work);
}
