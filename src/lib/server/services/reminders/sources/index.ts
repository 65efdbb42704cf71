import type { ReminderSource } from '../source';
import { shortReportRequestSource } from './short-report-requests';
import { returnedNotificationSource } from './returned-notifications';
import { awaitingChairSource } from './awaiting-chair';
import { caseClockSource } from './case-clocks';
import { actionPlanSource } from './action-plan';
import { otherChildrenSource } from './other-children';

/** Every source read on each run. A new source (IMR requests, say) is one module added here. */
export const REMINDER_SOURCES: readonly ReminderSource[] = [
	otherChildrenSource,
	shortReportRequestSource,
	returnedNotificationSource,
	awaitingChairSource,
	caseClockSource,
	actionPlanSource
];
