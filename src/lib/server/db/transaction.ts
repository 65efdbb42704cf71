import type { Db } from './index';

/**
 * An open write transaction, as `db.transaction` hands it to its callback. Everything inside must
 * use `tx`, never `db`: the embedded database has one connection, taken in turns
 * (one-at-a-time.ts).
 */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
