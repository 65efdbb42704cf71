import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase, type Database } from '$lib/server/db';

/**
 * A fresh, migrated libSQL file database: one per test file, never shared. Its `url` lets a
 * test open a second handle on the same file, as a second server process would.
 */
export async function freshDatabase(): Promise<Database & { url: string }> {
	const dir = mkdtempSync(join(tmpdir(), 'safeguard-test-'));
	const url = `file:${join(dir, 'test.db')}`;
	const database = await openDatabase(url);
	await migrateDatabase(database);
	return { ...database, url };
}
