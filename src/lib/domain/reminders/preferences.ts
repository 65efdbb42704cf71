/*
 * How a person wants to hear of what is waiting by email (docs/decisions/024-reminders.md).
 * Urgent messages are emailed at once whatever the choice; the choice is about the rest.
 */

export const EMAIL_PREFERENCES = ['immediate', 'daily', 'urgent_only'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

/** What someone who never chose gets: one email a day at most. */
export const DEFAULT_EMAIL_PREFERENCE: EmailPreference = 'daily';

export const EMAIL_PREFERENCE_LABELS: Record<EmailPreference, string> = {
	immediate: 'Email me each message as it arrives',
	daily: 'Email me once a day with everything new (a daily digest)',
	urgent_only: 'Email me only urgent messages'
};

/** One email for one message, or one person's digest of a day's messages. */
export type MailJobKind = 'message' | 'digest';
export type MailJobStatus = 'pending' | 'sent' | 'failed';

/** Whether a new message is emailed on its own, at once, rather than waiting for a digest. */
export function emailsAtOnce(preference: EmailPreference, urgent: boolean): boolean {
	return urgent || preference === 'immediate';
}

/** The daily digest goes out on the first run at or after this hour (UTC) each day. */
export const DIGEST_HOUR_UTC = 7;
