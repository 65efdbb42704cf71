import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { workingDaysBetween } from '$lib/domain/calendar/working-days';
import type { ImrStatus } from './imr-status';

// Apart from imr-status.ts, which the IMR pages import in the browser: the working-day calendar
// carries the bank holiday tables (date-holidays, about 1 MB), which belong on the server only.

/** Working days past the due date, counted on the England calendar; 0 when not overdue. */
export function imrWorkingDaysOverdue(status: ImrStatus, dueOn: IsoDate, today: IsoDate): number {
	return status === 'overdue' ? Math.max(workingDaysBetween(dueOn, today), 0) : 0;
}
