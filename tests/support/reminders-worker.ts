// A second server process for the reminders tests: runs the reminders once against DATABASE_URL
// at the moment NOW (ISO), as WORKER_ID, sending over SMTP_URL, and prints the result as JSON.
// Two of these at once are two processes on one database file, as in production: in one process
// two connections would wait on each other's locks synchronously.
import { openDatabase } from '../../src/lib/server/db';
import { smtpMailer } from '../../src/lib/server/infra/mailer';
import { runReminders } from '../../src/lib/server/services/reminders/runner';

const env = (name: string): string => {
	const value = process.env[name];
	if (!value) throw new Error(`set ${name}`);
	return value;
};
const now = new Date(env('NOW'));
const database = await openDatabase(env('DATABASE_URL'));
const mailer = smtpMailer(env('SMTP_URL'), 'Safeguard Tracker <reminders@example.org>');
try {
	const result = await runReminders(database.db, {
		mailer,
		workerId: env('WORKER_ID'),
		origin: 'https://safeguard.example.org',
		clock: () => now
	});
	process.stdout.write(JSON.stringify(result));
} finally {
	mailer.close();
	database.client.close();
}
