// What a practitioner is told about their notification: plain words, never case detail.
export const NOTIFICATION_STATUSES = {
	received: 'Received',
	returned: 'Returned to you for correction',
	under_consideration: 'Under consideration',
	closed: 'Closed'
} as const;
export type NotificationStatus = keyof typeof NOTIFICATION_STATUSES;

export function notificationStatusLabel(status: NotificationStatus): string {
	return NOTIFICATION_STATUSES[status] ?? NOTIFICATION_STATUSES.received;
}
