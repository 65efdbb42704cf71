/** What a case's timeline records: one kind per sort of change (docs/procedure.md). */
export const CASE_EVENT_KINDS = [
	'opened',
	'notification_linked',
	'case_merged',
	'transition',
	'owner_assigned',
	'short_reports_requested',
	'short_report_withdrawn',
	'date_recorded',
	'action_item_added',
	'action_item_updated',
	'imrs_requested',
	'imr_submitted',
	'review_entry_recorded'
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
