import type { Db } from '$lib/server/db';
import type { DueEvent } from '$lib/domain/reminders/due-events';

/**
 * One source of reminders: a query for the rows that may be due and a pure "what is due" function
 * over them (domain/reminders/what-is-due.ts). A new source is one module in `sources/` added to
 * REMINDER_SOURCES (docs/decisions/024-reminders.md).
 */
export interface ReminderSource {
	/** For the log, when its query fails. */
	name: string;
	due(db: Db, now: Date): Promise<DueEvent[]>;
}
