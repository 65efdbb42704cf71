// What a practitioner is told about their notification: plain words, never case detail.
export const NOTIFICATION_STATUSES = {
	received: 'Received',
	returned: 'Returned to you for correction',
	under_consideration: 'Under consideration',
	closed: 'Closed'
} as const;
export type NotificationStatus = keyof typeof NOTIFICATION_STATUSES;

export function notificationStatusLabel(status: string): string {
	return status in NOTIFICATION_STATUSES
		? NOTIFICATION_STATUSES[status as NotificationStatus]
		: 'Received';
}
