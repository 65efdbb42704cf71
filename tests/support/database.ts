import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase, type Database } from '$lib/server/db';

/** A fresh, migrated libSQL file database: one per test file, never shared. */
export async function freshDatabase(): Promise<Database> {
	const dir = mkdtempSync(join(tmpdir(), 'safeguard-test-'));
	const database = await openDatabase(`file:${join(dir, 'test.db')}`);
	await migrateDatabase(database);
	return database;
}
