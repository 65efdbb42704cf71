import { z } from 'zod';
import { isIsoDate, todayIso, type IsoDate } from '../calendar/iso-date';
import { capitalise } from '$lib/domain/text';
import { textField } from '$lib/domain/case/payload-fields';
import type { ShortReportKind } from './request-status';
import type { AllowedMime } from './attachment-rules';
import {
	emptyShortReport,
	MAX_KEY_CONTACTS,
	NIL_RETURN_MESSAGES,
	TEXT_MAX,
	type ShortReportDraft
} from './short-report-draft';

// One schema for an agency's short report (§13.5), run by the procedure (the page posts to a form
// action), and later by the device outbox, which will need it in zod/mini like the notification
// form (docs/decisions/013). Every message says what is wrong and what to do (GOV.UK style).

export { TEXT_MAX, MAX_KEY_CONTACTS, emptyShortReport, type ShortReportDraft };

/** Today with a day's grace, for device clocks a little ahead of the server's. */
function graceToday(): IsoDate {
	return todayIso(new Date(Date.now() + 24 * 60 * 60 * 1000));
}

const pastDate = (phrase: string) =>
	z
		.string({ error: `Enter ${phrase}` })
		.trim()
		.min(1, `Enter ${phrase}`)
		.refine(isIsoDate, `Enter ${phrase} as a real date, for example 27 3 2026`)
		.refine((d) => d <= graceToday(), `${capitalise(phrase)} must be today or in the past`);

const text = (phrase: string, max = TEXT_MAX) => textField(phrase, max);

export const authorSchema = z.object({
	name: text('your full name', 200),
	role: text('your role', 200)
});

export const keyContactSchema = z.object({
	date: pastDate('the date of the contact'),
	contact: text('what the contact was', 1000)
});

export const shortReportSchema = z
	.object({
		involvementFrom: pastDate('the date your involvement started'),
		involvementTo: pastDate('the date your involvement ended, or today if it continues'),
		keyContacts: z
			.array(keyContactSchema)
			.max(MAX_KEY_CONTACTS, `List at most ${MAX_KEY_CONTACTS} key contacts`)
			.default([]),
		lastContactOn: pastDate('the date of your last contact'),
		concernsAndAction: text('the concerns your agency had and the action taken'),
		immediateSteps: text('the immediate safeguarding steps taken, or write none'),
		recordsSecured: z.enum(['yes', 'no'], {
			error: 'Select yes if your records have been secured'
		}),
		recordsSecuredOn: z.string().trim().optional().default(''),
		earlyLearning: text('any early learning, or write none identified'),
		criteriaView: text('your view on whether the review criteria are met'),
		author: authorSchema,
		signOff: z.object({
			leadName: text('the name of the safeguarding lead who signed off the report', 200),
			confirmed: z.literal(true, {
				error: 'Confirm that your safeguarding lead has signed off this report'
			})
		})
	})
	// Cross-field checks run even when other fields are wrong, so every problem shows at once:
	// `when` lets them see a partly invalid report, hence the defensive reads.
	.superRefine(
		(report, ctx) => {
			const add = (path: (string | number)[], message: string) =>
				ctx.addIssue({ code: 'custom', path, message });
			const { involvementFrom: from, involvementTo: to } = report;
			if (isIsoDate(from) && isIsoDate(to) && to < from) {
				add(['involvementTo'], 'The date your involvement ended must be on or after it started');
			}
			if (report.recordsSecured === 'yes') {
				const on =
					typeof report.recordsSecuredOn === 'string' ? report.recordsSecuredOn.trim() : '';
				if (on === '') add(['recordsSecuredOn'], 'Enter the date your records were secured');
				else if (!isIsoDate(on))
					add(['recordsSecuredOn'], 'Enter a real date, for example 27 3 2026');
				else if (on > graceToday())
					add(['recordsSecuredOn'], 'The date your records were secured must be in the past');
			}
		},
		{ when: (payload) => typeof payload.value === 'object' && payload.value !== null }
	)
	.transform((report) =>
		report.recordsSecured === 'no' ? { ...report, recordsSecuredOn: '' } : report
	);

export type ShortReport = z.output<typeof shortReportSchema>;
export type ShortReportInput = z.input<typeof shortReportSchema>;

/** "No involvement": the agency has no record of the child or family; a nil return in one step. */
export const nilReturnSchema = z.object({
	author: authorSchema,
	confirm: z.literal(true, { error: NIL_RETURN_MESSAGES.confirm })
});
export type NilReturn = z.output<typeof nilReturnSchema>;

/** The field names a posted form uses, read back into a draft (index-numbered contacts). */
export function shortReportFromForm(data: FormData): ShortReportDraft {
	const read = (name: string) => {
		const value = data.get(name);
		return typeof value === 'string' ? value : '';
	};
	const keyContacts: ShortReportDraft['keyContacts'] = [];
	for (let i = 0; i < MAX_KEY_CONTACTS + 1; i += 1) {
		if (!data.has(`keyContacts.${i}.date`) && !data.has(`keyContacts.${i}.contact`)) break;
		const date = read(`keyContacts.${i}.date`);
		const contact = read(`keyContacts.${i}.contact`);
		// A row left wholly blank is not a contact: people add a row and then change their mind.
		if (date.trim() !== '' || contact.trim() !== '') keyContacts.push({ date, contact });
	}
	return {
		involvementFrom: read('involvementFrom'),
		involvementTo: read('involvementTo'),
		keyContacts,
		lastContactOn: read('lastContactOn'),
		concernsAndAction: read('concernsAndAction'),
		immediateSteps: read('immediateSteps'),
		recordsSecured: read('recordsSecured'),
		recordsSecuredOn: read('recordsSecuredOn'),
		earlyLearning: read('earlyLearning'),
		criteriaView: read('criteriaView'),
		author: { name: read('author.name'), role: read('author.role') },
		signOff: { leadName: read('signOff.leadName'), confirmed: read('signOff.confirmed') === 'yes' }
	};
}

/** One stored answer to a request, as shown to the agency and the Unit. */
export interface ShortReportVersion {
	id: string;
	version: number;
	correctsId: string | null;
	kind: ShortReportKind;
	report: ShortReport | null;
	nilReturn: NilReturn | null;
	submittedOn: IsoDate;
	submittedAt: number;
	attachments: { id: string; name: string; size: number; mime: AllowedMime; sha256: string }[];
}
