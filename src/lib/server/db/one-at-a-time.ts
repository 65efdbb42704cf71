import type {
	Client,
	InArgs,
	InStatement,
	ResultSet,
	Transaction,
	TransactionMode
} from '@libsql/client';

/**
 * How long a statement waits for an open transaction on the same connection before giving up.
 * Like SQLite's busy_timeout, it turns a stuck writer into an error instead of a hang (for
 * example a service that queries `db` instead of `tx` inside its own transaction).
 */
export const CONNECTION_WAIT_MS = 15_000;

export class ConnectionWaitTimeout extends Error {
	constructor() {
		super('Timed out waiting for the database connection held by an open transaction');
		this.name = 'ConnectionWaitTimeout';
	}
}

/** A first-come, first-served lock with a bounded wait. */
class Turn {
	#held = false;
	readonly #waitMs: number;

	constructor(waitMs: number) {
		this.#waitMs = waitMs;
	}

	#waiting: Array<{ grant: () => void; timer: ReturnType<typeof setTimeout> }> = [];

	take(): Promise<() => void> {
		if (!this.#held) {
			this.#held = true;
			return Promise.resolve(this.#releaser());
		}
		return new Promise((resolve, reject) => {
			const entry = {
				grant: () => {
					clearTimeout(entry.timer);
					resolve(this.#releaser());
				},
				timer: setTimeout(() => {
					this.#waiting = this.#waiting.filter((w) => w !== entry);
					reject(new ConnectionWaitTimeout());
				}, this.#waitMs)
			};
			this.#waiting.push(entry);
		});
	}

	#releaser(): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.#waiting.shift();
			if (next) next.grant();
			else this.#held = false;
		};
	}
}

/**
 * The embedded database has one connection (docs/decisions/003), and @libsql/client refuses any
 * statement while a transaction holds it (TRANSACTION_ACTIVE) instead of waiting. Concurrent
 * requests in one process would then fail at random. This wrapper makes them take turns: a
 * statement waits for the open transaction to finish, a transaction holds the turn from BEGIN
 * to COMMIT or ROLLBACK. Other processes are still kept apart by SQLite's own locks.
 */
export function oneAtATime(client: Client, waitMs = CONNECTION_WAIT_MS): Client {
	const turn = new Turn(waitMs);

	async function inTurn<T>(work: () => Promise<T>): Promise<T> {
		const release = await turn.take();
		try {
			return await work();
		} finally {
			release();
		}
	}

	const wrapped: Client = {
		execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
			return inTurn(() =>
				typeof stmtOrSql === 'string' ? client.execute(stmtOrSql, args) : client.execute(stmtOrSql)
			);
		},
		batch: (stmts, mode) => inTurn(() => client.batch(stmts, mode)),
		migrate: (stmts) => inTurn(() => client.migrate(stmts)),
		executeMultiple: (sql) => inTurn(() => client.executeMultiple(sql)),
		sync: () => inTurn(() => client.sync()),
		async transaction(mode?: TransactionMode): Promise<Transaction> {
			const release = await turn.take();
			let tx: Transaction;
			try {
				tx = await client.transaction(mode);
			} catch (error) {
				release();
				throw error;
			}
			return heldUntilSettled(tx, release);
		},
		close: () => client.close(),
		reconnect: () => client.reconnect(),
		get closed() {
			return client.closed;
		},
		get protocol() {
			return client.protocol;
		}
	};
	return wrapped;
}

/** The transaction keeps the turn until it commits, rolls back or is closed. */
function heldUntilSettled(tx: Transaction, release: () => void): Transaction {
	return {
		execute: (stmt) => tx.execute(stmt),
		batch: (stmts) => tx.batch(stmts),
		executeMultiple: (sql) => tx.executeMultiple(sql),
		async commit() {
			try {
				await tx.commit();
			} finally {
				// libsql hands the connection back even when COMMIT fails (rolling it back first).
				release();
			}
		},
		async rollback() {
			try {
				await tx.rollback();
			} finally {
				release();
			}
		},
		close() {
			tx.close();
			release();
		},
		get closed() {
			return tx.closed;
		}
	};
}
