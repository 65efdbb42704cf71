import { z } from 'zod';
import { isIsoDate, type IsoDate } from '$lib/domain/calendar/iso-date';
import { capitalise } from '$lib/domain/text';
import { CASE_DATE_PHRASES, type CaseDateName } from './case-dates';
import type { CaseClassification } from './case-choices';
import type { ProceedingKind } from '$lib/domain/review/parallel-proceedings';

/**
 * Building blocks for transition payload schemas. Every message names the field in words and says
 * what to do, in the GOV.UK pattern ("Enter ...", "... must be today or in the past"), so a form,
 * the offline outbox and the server all show the same sentence.
 */

/** What a schema needs to know beyond the payload: dates of facts cannot be in the future. */
export interface PayloadContext {
	today: IsoDate;
	/** What triage decided the case is about, where a move's rules depend on it (§13.2). */
	classification?: CaseClassification | null;
	/** How many action plan items the case has, done or not (closing, §13.16). */
	actionPlanItems?: number;
	/** The independent chairs of the case's earlier panels (a new panel, §13.16). */
	previousIndependentChairs?: readonly string[];
	/** Active parallel proceedings no Executive go-ahead covers (§13.10, §13.15). */
	publicationHeldBy?: readonly ProceedingKind[];
	/** The day the last requested IMR was signed off, on a case with IMR requests (§13.9). */
	imrsSignedOffOn?: IsoDate;
}

export const MAX_TEXT_LENGTH = 5000;

/** A calendar date 'YYYY-MM-DD', described by `phrase` ("the date of the Sub Group meeting"). */
export function dateField(phrase: string) {
	return z
		.string({ error: `Enter ${phrase}` })
		.min(1, { error: `Enter ${phrase}`, abort: true })
		.refine(isIsoDate, { error: `${capitalise(phrase)} must be a real date`, abort: true });
}

/** The date something happened: today or earlier. */
export function pastDateField(phrase: string, today: IsoDate) {
	return dateField(phrase).refine((date) => date <= today, {
		error: `${capitalise(phrase)} must be today or in the past`
	});
}

export function caseDateField(name: CaseDateName) {
	return dateField(CASE_DATE_PHRASES[name]);
}

export function pastCaseDateField(name: CaseDateName, today: IsoDate) {
	return pastDateField(CASE_DATE_PHRASES[name], today);
}

/** Required free text, trimmed. */
export function textField(phrase: string, max = MAX_TEXT_LENGTH) {
	return z
		.string({ error: `Enter ${phrase}` })
		.trim()
		.min(1, { error: `Enter ${phrase}` })
		.max(max, {
			error: `${capitalise(phrase)} must be ${max.toLocaleString('en-GB')} characters or fewer`
		});
}

/** Optional free text: blank and missing both become undefined. */
export function optionalTextField(phrase: string, max = MAX_TEXT_LENGTH) {
	return z
		.string({ error: `${capitalise(phrase)} must be text` })
		.trim()
		.max(max, {
			error: `${capitalise(phrase)} must be ${max.toLocaleString('en-GB')} characters or fewer`
		})
		.nullish()
		.transform((text) => (text ? text : undefined));
}

/** One of a fixed list of choices. */
export function choiceField<const Values extends readonly [string, ...string[]]>(
	values: Values,
	error: string
) {
	return z.enum(values, { error });
}

/** Report a problem with one field from an object-level check. */
export function addFieldIssue(ctx: z.core.$RefinementCtx, field: string, message: string): void {
	ctx.addIssue({ code: 'custom', path: [field], message });
}

/**
 * `later` must be after `earlier` (or on the same day, with `orOn`), when both are real dates
 * (otherwise their own checks report).
 */
export function requireAfter(
	ctx: z.core.$RefinementCtx,
	field: string,
	later: string | undefined,
	earlier: string | undefined,
	message: string,
	{ orOn = false }: { orOn?: boolean } = {}
): void {
	if (isIsoDate(later) && isIsoDate(earlier) && (orOn ? later < earlier : later <= earlier)) {
		addFieldIssue(ctx, field, message);
	}
}
