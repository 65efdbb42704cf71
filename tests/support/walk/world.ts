import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../database';
import { createPersonas, type PersonaName } from '../factories';
import { callerFor, signedIn, type TestCookieJar } from '../callers';
import { openDatabase, type Database } from '$lib/server/db';

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/** Who takes part in a walk: one of each role, and the police agency's lead. */
export const WALKERS = ['priya', 'uma', 'chris', 'agnes', 'ada'] as const;
export type Walker = (typeof WALKERS)[number] & PersonaName;

/** The role each walker signs in with. */
export const ROLE_OF: Record<Walker, 'practitioner' | 'unit' | 'chair' | 'agency' | 'admin'> = {
	priya: 'practitioner',
	uma: 'unit',
	chris: 'chair',
	agnes: 'agency',
	ada: 'admin'
};

/**
 * A migrated database with the personas signed in, written once per test file. Each run copies
 * the file: a fresh real database in a millisecond, where migrating and hashing passwords again
 * would take most of a second.
 */
export interface WalkTemplate {
	file: string;
	jars: Record<Walker, TestCookieJar>;
	agencies: { police: string; health: string };
}

export async function walkTemplate(): Promise<WalkTemplate> {
	const database = await freshDatabase();
	const { agencies } = await createPersonas(database.db);
	const jars = {} as Record<Walker, TestCookieJar>;
	for (const walker of WALKERS) jars[walker] = (await signedIn(database.db, walker)).jar;
	// Everything into the main file, so a copy of that one file is the whole database.
	await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
	database.client.close();
	return {
		file: database.url.slice('file:'.length),
		jars,
		agencies: { police: agencies.police.id, health: agencies.health.id }
	};
}

/** One run's world: its own copy of the template, opened, and a caller for each walker. */
export interface WalkWorld {
	database: Database;
	as: Record<Walker, Caller>;
	agencies: WalkTemplate['agencies'];
}

export async function walkWorld(template: WalkTemplate): Promise<WalkWorld> {
	const file = join(mkdtempSync(join(tmpdir(), 'safeguard-walk-')), 'walk.db');
	copyFileSync(template.file, file);
	const database = await openDatabase(`file:${file}`);
	// A walk tests the procedure, not surviving a power cut: no fsync at each commit makes a run
	// about twice as fast. Everything else is the app's own database setup.
	await database.client.execute('PRAGMA synchronous = OFF');
	const as = {} as Record<Walker, Caller>;
	for (const walker of WALKERS) as[walker] = await callerFor(database.db, template.jars[walker]);
	return { database, as, agencies: template.agencies };
}
