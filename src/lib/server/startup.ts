import { DEFAULT_DATABASE_URL, migrateDatabase, openDatabase, type Database } from './db';
import { startBackgroundCheckpoints, stopBackgroundCheckpoints } from './db/background-checkpoints';
import { receiptSigningKey } from './services/notifications/receipts';
import { anchorFileFor, startAuditAnchors } from './services/audit-anchors';
import { fillTriageColumns } from './services/triage/triage-columns';
import { fillClockFigures } from './services/cases/clock-figures';
import { fillCasesListKeys } from './services/cases/cases-list';
import { seedDemo } from './services/users/demo-seed';
import { startReminders } from './services/reminders/start';
import { startUploadSweep } from './services/uploads/resumable-uploads';
import { seedYearOfActivity } from './services/demo/year-of-activity';
import { configuredProcedure } from './services/procedure-presets/configured';

/** Work to stop before the database closes at shutdown (the reminders' runner). */
const beforeClose: (() => Promise<void>)[] = [];

/*
 * Where the server's pieces are wired together, so that db/ knows no feature: the process-wide
 * database with its migrations and backfills, the checkpoint worker, the receipt key and, for
 * `npm run demo` only, the demo accounts.
 */

let shared: Promise<Database> | undefined;

/** The process-wide database, opened, migrated and backfilled on first use. */
export function appDatabase(): Promise<Database> {
	const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	shared ??= openDatabase(url).then(async (database) => {
		await migrateDatabase(database);
		// Data the SQL migrations cannot compute (working days need the bank holiday calendar).
		await fillTriageColumns(database.db);
		// The dashboard's stored clocks, when never computed or computed by another calendar (030).
		await fillClockFigures(database.db);
		await fillCasesListKeys(database.db);
		if (url.startsWith('file:')) {
			const worker = startBackgroundCheckpoints(url);
			// adapter-node emits this once the HTTP server has closed and no request is left: stop
			// the checkpoint worker and close the connection, rather than have the process exit
			// under a native call in flight.
			process.once('sveltekit:shutdown', () => {
				void Promise.all([stopBackgroundCheckpoints(worker), ...beforeClose.map((stop) => stop())])
					.catch(() => undefined)
					.then(() => database.client.close());
			});
		}
		return database;
	});
	return shared;
}

/** Runs once when the server starts (hooks.server.ts `init`), never while building. */
export async function startServer(): Promise<void> {
	// A misspelt SAFEGUARD_PROCEDURE stops the server now rather than at the first case opened.
	configuredProcedure();
	const { db } = await appDatabase();
	// Load (or create) the receipt signing key now, so a bad RECEIPT_SIGNING_KEY stops the server
	// at start-up rather than failing the first practitioner's upload.
	await receiptSigningKey(db);
	// The audit chain's head, checkpointed outside the database every minute (decision 018).
	const anchors = anchorFileFor(db);
	if (anchors) startAuditAnchors(db, anchors);
	// Only `npm run demo` sets this; `npm start` never creates demo accounts.
	if (process.env.SAFEGUARD_DEMO === '1') await seedDemo(db);
	// Messages and email reminders, every minute (decision 024); REMINDERS_INTERVAL_MS=0 turns off.
	const reminders = startReminders(db);
	if (reminders) beforeClose.push(() => reminders.stop());
	// Uploads never completed, swept on start and every hour (docs/decisions/031).
	const stopSweep = startUploadSweep(db);
	if (stopSweep) beforeClose.push(stopSweep);
	// `npm run demo` alone adds a year of fictional activity, once (the browser tests do not).
	if (process.env.SAFEGUARD_DEMO === '1' && process.env.SAFEGUARD_DEMO_ACTIVITY === '1') {
		const started = performance.now();
		const made = await seedYearOfActivity(db);
		if (made) {
			const seconds = ((performance.now() - started) / 1000).toFixed(1);
			process.stdout.write(
				`Demo: a year of activity, ${made.notifications} notifications and ${made.cases} cases, in ${seconds} s\n`
			);
		}
	}
}
