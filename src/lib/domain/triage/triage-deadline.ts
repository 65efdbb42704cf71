import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { SCR_PROCEDURE_CLOCKS } from '$lib/domain/case/clock-preset';
import { deadlineStatus } from '$lib/domain/case/clocks';

/**
 * The deadline of an untriaged notification: T1, the findings report to the LSCB Chair, 10
 * working days after the notification was received (§13.5). Triage must be done well within it,
 * so the queue counts down to it from the day the notification arrives.
 */
const T1 = SCR_PROCEDURE_CLOCKS.find((clock) => clock.id === 'T1');
if (!T1 || T1.kind !== 'working_days') throw new Error('The procedure preset has no T1 clock');

export const TRIAGE_WORKING_DAYS = T1.amount;

/** The calendar date in England on which a notification was received (T0). */
export function receiptDate(receivedAt: Date | number): IsoDate {
	return todayIso(new Date(receivedAt));
}

// Every notification received on a day has the same deadline, and the count walks the bank
// holiday calendar, so the last day's answer is kept: one count per day, not per submission.
let lastReceivedOn: IsoDate | undefined;
let lastDueOn: IsoDate = '';

export function triageDueOn(receivedOn: IsoDate): IsoDate {
	if (receivedOn !== lastReceivedOn) {
		lastDueOn = addWorkingDays(receivedOn, TRIAGE_WORKING_DAYS);
		lastReceivedOn = receivedOn;
	}
	return lastDueOn;
}

export type TriageClockStatus = 'on_track' | 'due_soon' | 'overdue';

export interface TriageClock {
	dueOn: IsoDate;
	/** Working days from today to the due date: 0 on the day, negative once overdue. */
	daysLeft: number;
	clockStatus: TriageClockStatus;
}

/** Where an untriaged notification stands on `today` against its deadline. */
export function triageClock(receivedOn: IsoDate, dueOn: IsoDate, today: IsoDate): TriageClock {
	const clock = deadlineStatus(
		{
			id: 'T1',
			label: T1?.label ?? 'Findings report to the LSCB Chair',
			section: '13.5',
			kind: 'working_days',
			startedOn: receivedOn,
			dueOn
		},
		today
	);
	// Never 'met': a notification leaves the queue when it is triaged.
	const clockStatus: TriageClockStatus = clock.status === 'met' ? 'on_track' : clock.status;
	return { dueOn, daysLeft: clock.daysLeft ?? 0, clockStatus };
}

/**
 * triageClock for a stored notification: its stored deadline, or for a row stored before the
 * column was filled (fillTriageColumns), the deadline counted from its receipt.
 */
export function notificationTriageClock(
	notification: { receivedAt: Date; triageDueOn: IsoDate | null },
	today: IsoDate
): TriageClock {
	const receivedOn = receiptDate(notification.receivedAt);
	return triageClock(receivedOn, notification.triageDueOn ?? triageDueOn(receivedOn), today);
}
