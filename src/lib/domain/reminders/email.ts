import type { ReminderKind } from './due-events';

/*
 * What an email says (docs/decisions/024-reminders.md). An email leaves the app's protection, so
 * it holds no child's name, no case detail and no case reference: only what kind of thing is
 * waiting and a link (ids only) to sign in and see it.
 */

export const EMAIL_WORDS: Record<ReminderKind, string> = {
	request_sent: 'A short report request is waiting for your agency',
	request_due_soon: 'A short report is due in two working days',
	request_overdue: 'A short report is overdue',
	returned_for_correction: 'A notification has been returned to you for correction',
	awaiting_chair: "A case is awaiting the Chair's decision",
	clock_due_soon: 'A case deadline is due in two working days',
	clock_overdue: 'A case deadline has passed',
	action_item_due_soon: 'An action plan item is due in two working days',
	action_item_overdue: 'An action plan item is overdue',
	other_children_action: 'Urgent: the action for other children at risk is not yet recorded'
};

export interface EmailItem {
	kind: ReminderKind;
	link: string;
}

export interface EmailContent {
	subject: string;
	text: string;
}

const FOOTER = [
	'',
	'Sign in to Safeguard Tracker to see the details. This email holds no details on purpose.',
	'You can choose how often you get these emails under "Your account".'
];

/** One email for one message (urgent, or for someone who asked for each as it arrives). */
export function singleEmail(item: EmailItem, origin: string): EmailContent {
	return {
		subject: `Safeguard Tracker: ${EMAIL_WORDS[item.kind]}`,
		text: [EMAIL_WORDS[item.kind] + '.', '', `Open it: ${origin}${item.link}`, ...FOOTER].join('\n')
	};
}

/** One person's daily digest: each waiting item with its link, and a link to all messages. */
export function digestEmail(items: readonly EmailItem[], origin: string): EmailContent {
	const count = items.length === 1 ? '1 new message' : `${items.length} new messages`;
	return {
		subject: `Safeguard Tracker: ${count} for you`,
		text: [
			`You have ${count} in Safeguard Tracker:`,
			'',
			...items.map((item) => `- ${EMAIL_WORDS[item.kind]}: ${origin}${item.link}`),
			'',
			`All your messages: ${origin}/messages`,
			...FOOTER
		].join('\n')
	};
}
