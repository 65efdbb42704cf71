// The short report as the page holds it while it is written, and its limits: apart from the
// report's zod schema (short-report.ts), which only the server runs, so the page does not bundle
// zod (docs/decisions/013-zod-mini-on-the-client.md).

export const TEXT_MAX = 5000;
export const MAX_KEY_CONTACTS = 50;

/** What the page holds while the report is written: every field a string, contacts a list. */
export interface ShortReportDraft {
	involvementFrom: string;
	involvementTo: string;
	keyContacts: { date: string; contact: string }[];
	lastContactOn: string;
	concernsAndAction: string;
	immediateSteps: string;
	recordsSecured: string;
	recordsSecuredOn: string;
	earlyLearning: string;
	criteriaView: string;
	author: { name: string; role: string };
	signOff: { leadName: string; confirmed: boolean };
}

export function emptyShortReport(): ShortReportDraft {
	return {
		involvementFrom: '',
		involvementTo: '',
		keyContacts: [],
		lastContactOn: '',
		concernsAndAction: '',
		immediateSteps: '',
		recordsSecured: '',
		recordsSecuredOn: '',
		earlyLearning: '',
		criteriaView: '',
		author: { name: '', role: '' },
		signOff: { leadName: '', confirmed: false }
	};
}

/** The report as it is sent: a contact row left wholly blank is not a contact (people add a row
 * and then change their mind), as the form action reads it too (shortReportFromForm). */
export function withoutBlankContacts(draft: ShortReportDraft): ShortReportDraft {
	return {
		...draft,
		keyContacts: draft.keyContacts.filter((c) => c.date.trim() !== '' || c.contact.trim() !== '')
	};
}

/**
 * What a nil return needs, in the words its schema (short-report.ts) uses: the page checks them
 * itself before an offline nil return waits in the outbox, with no zod on the page.
 */
export const NIL_RETURN_MESSAGES = {
	name: 'Enter your full name',
	role: 'Enter your role',
	confirm: 'Confirm that your agency has no record of involvement with this child or family'
} as const;
