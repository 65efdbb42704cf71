import { hostname } from 'node:os';
import type { Db } from '$lib/server/db';
import { mailerFromEnv } from '$lib/server/infra/mailer';
import { DEFAULT_REMINDER_INTERVAL_MS, startReminderRunner, type ReminderRunner } from './runner';

/** This process's name on the email jobs it claims: host, process and a random part. */
export function workerName(): string {
	return `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

/** Where links in emails point: the app's ORIGIN. */
export function linkOrigin(env: NodeJS.ProcessEnv = process.env): string {
	return (env.ORIGIN ?? 'http://localhost:3000').replace(/\/+$/, '');
}

/**
 * The server's reminders runner, configured from the environment: REMINDERS_INTERVAL_MS (default
 * a minute; 0 turns it off), SMTP_URL and MAIL_FROM, or MAIL_DIR for .eml files.
 */
export function startReminders(
	db: Db,
	env: NodeJS.ProcessEnv = process.env
): ReminderRunner | null {
	const intervalMs = Number(env.REMINDERS_INTERVAL_MS ?? DEFAULT_REMINDER_INTERVAL_MS);
	if (!Number.isFinite(intervalMs) || intervalMs <= 0) return null;
	return startReminderRunner(db, {
		mailer: mailerFromEnv(env),
		workerId: workerName(),
		origin: linkOrigin(env),
		intervalMs
	});
}
