import { z } from 'zod';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { dateField, textField } from '$lib/domain/case/payload-fields';
import { CDOP_NAME_MAX_LENGTH, type CdopInformed } from './cdop';

// What the Unit enters for "CDOP informed" (§13.5); the rules are cdop.ts.

/**
 * What the Unit enters: the day CDOP was told and who told them. The date is checked against
 * the day in England at each parse, so one schema serves a long-running server.
 */
export const cdopInformedInput = z.object({
	informedOn: dateField('the date CDOP was informed').refine((date) => date <= todayIso(), {
		error: 'The date CDOP was informed must be today or in the past'
	}),
	informedBy: textField('who informed CDOP (name and role)', CDOP_NAME_MAX_LENGTH)
}) satisfies z.ZodType<CdopInformed>;
