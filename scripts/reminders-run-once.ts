// `npm run reminders:run-once` runs the reminders once against DATABASE_URL (default
// file:data/safeguard.db) and exits: new messages stored, digests queued, emails sent (over
// SMTP_URL, or as .eml files under MAIL_DIR, default data/mail/). Safe beside a running server on
// the same database: both claim email jobs in a transaction, so none is sent twice
// (docs/decisions/024-reminders.md). For cron, or for a server started with REMINDERS_INTERVAL_MS=0.
import { DEFAULT_DATABASE_URL, migrateDatabase, openDatabase } from '../src/lib/server/db';
import { mailerFromEnv } from '../src/lib/server/infra/mailer';
import { runReminders } from '../src/lib/server/services/reminders/runner';
import { linkOrigin, workerName } from '../src/lib/server/services/reminders/start';

const database = await openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const mailer = mailerFromEnv();
try {
	await migrateDatabase(database);
	const result = await runReminders(database.db, {
		mailer,
		workerId: workerName(),
		origin: linkOrigin()
	});
	console.log(
		`Reminders: ${result.messages} new messages, ${result.digests} digests queued, ${result.sent} emails sent (${mailer.kind}).`
	);
} finally {
	mailer.close();
	database.client.close();
}
