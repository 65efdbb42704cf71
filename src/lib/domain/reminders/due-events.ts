import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { workingDaysBetween } from '$lib/domain/calendar/working-days';

/*
 * What is due, as events that reach people (docs/decisions/024-reminders.md). Each source of
 * events (short report requests, clocks, the action plan…) is a pure function from the rows its
 * query read to `DueEvent`s; the services read the rows, resolve the audiences to people and
 * store one message per event, recipient and day.
 */

export const REMINDER_KINDS = [
	'request_sent',
	'request_due_soon',
	'request_overdue',
	'returned_for_correction',
	'awaiting_chair',
	'clock_due_soon',
	'clock_overdue',
	'action_item_due_soon',
	'action_item_overdue',
	'other_children_action'
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Who an event is for: one person, every active user of an agency, or everyone in a role. */
export type Audience = { userId: string } | { agencyId: string } | { role: 'unit' | 'chair' };

export interface DueEvent {
	kind: ReminderKind;
	/** The event: its kind and the record it is about, e.g. "request_overdue:<request id>". */
	key: string;
	/**
	 * The day the event belongs to (a due date, the day a request was sent): with `key` and the
	 * recipient, what makes a message once-only. A due date moved by an extension is a new event.
	 */
	day: IsoDate;
	urgent: boolean;
	audience: Audience[];
	/** The message in the app. It may name a reference, never a child or case detail. */
	title: string;
	/** The record, as a path of ids only. */
	link: string;
}

/** How far ahead "due soon" looks, in working days: the "due in two working days". */
export const DUE_SOON_WORKING_DAYS = 2;

/**
 * Whether a deadline is due soon (within two working days, the due date included) or overdue on
 * `today`; null while it is further off. Working days for every clock, whatever it counts in, so
 * "two working days" warns the same ahead of a calendar-month clock.
 */
export function dueStage(dueOn: IsoDate, today: IsoDate): 'due_soon' | 'overdue' | null {
	if (today > dueOn) return 'overdue';
	return workingDaysBetween(today, dueOn) <= DUE_SOON_WORKING_DAYS ? 'due_soon' : null;
}
