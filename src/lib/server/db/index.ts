import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema';
import { oneAtATime } from './one-at-a-time';
import { BACKSTOP_CHECKPOINT_PAGES } from './background-checkpoints';

export type Db = ReturnType<typeof drizzle<typeof schema>>;
export interface Database {
	db: Db;
	client: Client;
}

/** The embedded database used when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = 'file:data/safeguard.db';

/**
 * Opens the database. A `file:` URL is the embedded libSQL database; `libsql://` or `http(s)://`
 * points the same code at a libSQL server (DATABASE_AUTH_TOKEN for its token).
 */
export async function openDatabase(
	url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
	authToken: string | undefined = process.env.DATABASE_AUTH_TOKEN
): Promise<Database> {
	const isFile = url.startsWith('file:');
	if (isFile) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
	// One connection for a local file: the native calls are synchronous, so a pool adds no
	// throughput, and per-connection PRAGMAs would reach only one of its members
	// (docs/stack-pitfalls.md, "libSQL pool and PRAGMAs").
	// That one connection is taken in turns, so concurrent requests wait for an open transaction
	// instead of failing (see one-at-a-time.ts). A server handles concurrency itself.
	const client = isFile
		? oneAtATime(createClient({ url, concurrency: 1 }))
		: createClient({ url, authToken });
	if (isFile) {
		await client.execute('PRAGMA journal_mode = WAL');
		// FULL: a receipt lets the phone delete its copy, so an acknowledged write must survive a
		// power cut. NORMAL in WAL mode can lose the last transactions.
		await client.execute('PRAGMA synchronous = FULL');
		await client.execute('PRAGMA busy_timeout = 5000');
		// Checkpoints are a worker thread's job (background-checkpoints.ts); this is the backstop.
		await client.execute(`PRAGMA wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
	}
	await client.execute('PRAGMA foreign_keys = ON');
	const db = drizzle(client, { schema });
	if (isFile) fileUrls.set(db, url);
	return { db, client };
}

const fileUrls = new WeakMap<Db, string>();

/** The `file:` URL `db` was opened from; undefined for a libSQL server. */
export function fileUrlOf(db: Db): string | undefined {
	return fileUrls.get(db);
}

/**
 * Applies the committed migrations in drizzle/. Run once at server start, never at import. Data
 * the SQL cannot compute is filled in by startup.ts, which knows the features.
 */
export async function migrateDatabase(database: Database): Promise<void> {
	await migrate(database.db, { migrationsFolder: resolve(process.cwd(), 'drizzle') });
}
