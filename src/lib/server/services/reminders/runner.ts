import type { Db } from '$lib/server/db';
import { logProblem } from '$lib/server/infra/log';
import type { Mailer } from '$lib/server/infra/mailer';
import type { DueEvent } from '$lib/domain/reminders/due-events';
import type { ReminderSource } from './source';
import { REMINDER_SOURCES } from './sources';
import { storeDueEvents } from './messages';
import { claimMailJobs, deliverMailJobs, queueDigests } from './mail-outbox';

/*
 * One run of the reminders (docs/decisions/024-reminders.md): read every source for what is due,
 * store the new messages (queuing urgent and "immediate" emails), queue the day's digests, then
 * claim and send due emails. Every step is safe to repeat, in this process or another one on the
 * same database: a run stopped anywhere leaves nothing that a later run sends twice.
 */

export const DEFAULT_REMINDER_INTERVAL_MS = 60_000;

export interface RunOptions {
	mailer: Mailer;
	/** This process's name on the jobs it claims. */
	workerId: string;
	/** The address links in emails start with (ORIGIN). */
	origin: string;
	clock?: () => Date;
	sources?: readonly ReminderSource[];
}

export interface RunResult {
	messages: number;
	digests: number;
	sent: number;
}

export async function runReminders(db: Db, options: RunOptions): Promise<RunResult> {
	const clock = options.clock ?? (() => new Date());
	const now = clock();
	const events: DueEvent[] = [];
	for (const source of options.sources ?? REMINDER_SOURCES) {
		try {
			events.push(...(await source.due(db, now)));
		} catch (error) {
			// One broken source must not keep the others' reminders from going out.
			logProblem('reminders', source.name, error);
		}
	}
	const messages = await storeDueEvents(db, events, now);
	const digests = await queueDigests(db, now);
	const jobs = await claimMailJobs(db, options.workerId, clock());
	const sent = await deliverMailJobs(
		db,
		jobs,
		options.workerId,
		options.mailer,
		options.origin,
		clock
	);
	return { messages, digests, sent };
}

export interface ReminderRunner {
	stop(): Promise<void>;
}

/**
 * Runs the reminders every `intervalMs` in this process until stopped. Runs never overlap; a
 * failed run is logged (its kind, never its content) and the next one tries again.
 */
export function startReminderRunner(
	db: Db,
	options: RunOptions & { intervalMs?: number }
): ReminderRunner {
	const intervalMs = options.intervalMs ?? DEFAULT_REMINDER_INTERVAL_MS;
	let running: Promise<void> | null = null;
	let stopped = false;
	const tick = () => {
		if (running || stopped) return;
		running = runReminders(db, options)
			.then(() => undefined)
			.catch((error: unknown) => logProblem('reminders', 'run', error))
			.finally(() => {
				running = null;
			});
	};
	const timer = setInterval(tick, intervalMs);
	// The runner never keeps the process alive on its own.
	timer.unref();
	tick();
	return {
		async stop() {
			stopped = true;
			clearInterval(timer);
			// Let a run in flight finish its step, so the connection is not closed under it.
			await running;
			options.mailer.close();
		}
	};
}
