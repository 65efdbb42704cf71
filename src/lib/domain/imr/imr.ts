import { z } from 'zod';
import { isIsoDate, todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { capitalise } from '$lib/domain/text';
import { textField } from '$lib/domain/case/payload-fields';
import type { AllowedMime } from '$lib/domain/agency/attachment-rules';
import {
	CHRONOLOGY_TEXT_MAX,
	IMR_TEXT_MAX,
	MAX_CHRONOLOGY_ENTRIES,
	type ImrDraft
} from './imr-draft';

// An agency's individual management review (§13.9): its author, a chronology of structured
// entries, its analysis and recommendations, and the senior manager's sign-off. The server runs
// this schema on what the page posts; every message says what is wrong and what to do.

/** Today with a day's grace, for device clocks a little ahead of the server's. */
function graceToday(): IsoDate {
	return todayIso(new Date(Date.now() + 24 * 60 * 60 * 1000));
}

const EARLIEST = '1900-01-01';

const pastDate = (phrase: string) =>
	z
		.string({ error: `Enter ${phrase}` })
		.trim()
		.min(1, `Enter ${phrase}`)
		.refine(isIsoDate, `Enter ${phrase} as a real date, for example 27 3 2026`)
		.refine((d) => d >= EARLIEST, `${capitalise(phrase)} must be after 1900`)
		.refine((d) => d <= graceToday(), `${capitalise(phrase)} must be today or in the past`);

export const chronologyEntrySchema = z.object({
	date: pastDate('the date of the event'),
	event: textField('what happened', CHRONOLOGY_TEXT_MAX),
	source: textField('where the record of it is (the source)', 500),
	significance: textField('why it matters (its significance)', CHRONOLOGY_TEXT_MAX)
});

export const imrSchema = z.object({
	author: z.object({
		name: textField('the name of the IMR author', 200),
		role: textField("the IMR author's role", 200)
	}),
	chronology: z
		.array(chronologyEntrySchema)
		.min(1, 'Add at least one entry to the chronology')
		.max(MAX_CHRONOLOGY_ENTRIES, `List at most ${MAX_CHRONOLOGY_ENTRIES} chronology entries`),
	analysis: textField('the analysis', IMR_TEXT_MAX),
	recommendations: textField('the recommendations, or write none', IMR_TEXT_MAX),
	/** Absent until the senior manager signs it off: then it is received, not signed off (§13.9). */
	signOff: z
		.object({
			name: textField('the name of the senior manager who signed it off', 200),
			role: textField("the senior manager's role", 200),
			signedOffOn: pastDate('the date it was signed off')
		})
		.optional()
});
export type Imr = z.output<typeof imrSchema>;
export type ImrInput = z.input<typeof imrSchema>;
export type ChronologyEntry = z.output<typeof chronologyEntrySchema>;

/** The draft as the procedure's input: the sign-off only when the box was ticked. */
export function imrInputFromDraft(draft: ImrDraft): ImrInput {
	const { signedOff, signOff, ...rest } = draft;
	return signedOff ? { ...rest, signOff } : rest;
}

/** One stored version of an IMR, as the agency, the Unit and the Chair read it. */
export interface ImrVersion {
	id: string;
	version: number;
	supersedesId: string | null;
	imr: Imr;
	signedOff: boolean;
	submittedOn: IsoDate;
	submittedAt: number;
	attachments: { id: string; name: string; size: number; mime: AllowedMime; sha256: string }[];
}
