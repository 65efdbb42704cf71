import { z } from 'zod';
import { isIsoDate, type IsoDate } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import {
	CASE_DATE_PHRASES,
	SEPARATELY_RECORDED_DATES,
	type CaseDateName,
	type CaseDates
} from '$lib/domain/case/case-dates';
import { SCR_PROCEDURE_CLOCKS, type ClockDefinition } from '$lib/domain/case/clock-preset';
import { computeClocks } from '$lib/domain/case/clocks';
import { MAX_TEXT_LENGTH } from '$lib/domain/case/payload-fields';
import { capitalise } from '$lib/domain/text';

/**
 * Dates the Unit records on a case outside any transition (case-dates.ts,
 * SEPARATELY_RECORDED_DATES), each the day it happens: after a decision to hold an SCR, Ofsted
 * notified, the letters sent and the IMRs requested (§13.6); a report or plan sent to Ofsted
 * (§13.20, §13.16); a review timetable extended (§13.10). Each makes sense only once the clock it
 * stops has started (or, for the IMRs requested, once the SCR was decided).
 */
export type SeparateDateName = (typeof SEPARATELY_RECORDED_DATES)[number];

export const separateDateSchema = z.object({
	name: z.enum(SEPARATELY_RECORDED_DATES, { error: 'Select which date to record' }),
	date: z
		.string({ error: 'Enter the date' })
		.min(1, { error: 'Enter the date' })
		.refine(isIsoDate, { error: 'The date must be a real date' }),
	reason: z
		.string()
		.trim()
		.max(MAX_TEXT_LENGTH, {
			error: `The new timetable must be ${MAX_TEXT_LENGTH.toLocaleString('en-GB')} characters or fewer`
		})
		.optional()
});
export type SeparateDateInput = z.output<typeof separateDateSchema>;

/** Dates no clock stops, with the date they cannot come before. */
const NOT_BEFORE: Partial<Record<SeparateDateName, CaseDateName>> = {
	imrsRequestedOn: 'scrDecidedOn'
};

function clockFor(name: SeparateDateName): ClockDefinition | undefined {
	return SCR_PROCEDURE_CLOCKS.find(
		(definition) =>
			definition.metBy.includes(name) ||
			(definition.kind !== 'fixed_date' && definition.extendedTo === name)
	);
}

/** The date that must be recorded before `name`: the start of the clock it stops. */
function startOf(name: SeparateDateName): CaseDateName {
	const start = NOT_BEFORE[name] ?? clockFor(name)?.startsAt;
	if (!start) throw new Error(`No clock uses ${name}`);
	return start;
}

export type SeparateDateCheck =
	| { ok: true; recorded: CaseDates; reason?: string }
	| { ok: false; fieldErrors: Record<string, string> };

/** Whether `input` may be recorded on a case with `dates`, today. */
export function checkSeparateDate(
	input: SeparateDateInput,
	dates: CaseDates,
	today: IsoDate
): SeparateDateCheck {
	const { name, date } = input;
	const start = startOf(name);
	const startedOn = dates[start];
	if (startedOn === undefined || startedOn > today) {
		return {
			ok: false,
			fieldErrors: {
				name: `${capitalise(CASE_DATE_PHRASES[name])} cannot be recorded yet: record ${CASE_DATE_PHRASES[start]} first`
			}
		};
	}
	const phrase = capitalise(CASE_DATE_PHRASES[name]);

	if (name === 'reviewTimetableExtendedTo') {
		const fieldErrors: Record<string, string> = {};
		const running = computeClocks(dates, today).find((c) => c.id === clockFor(name)?.id);
		if (running?.status === 'met') {
			fieldErrors.name = 'The review has already been sent to Ofsted, so it cannot be extended';
		} else if (running && date <= running.dueOn) {
			fieldErrors.date = `${phrase} must be after the current due date, ${formatIsoDate(running.dueOn)}`;
		}
		const reason = input.reason?.trim() ?? '';
		if (reason === '') {
			fieldErrors.reason =
				'Enter the new timetable agreed with Ofsted and why the review needs longer (§13.10)';
		}
		if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
		return { ok: true, recorded: { [name]: date }, reason };
	}

	if (date > today)
		return { ok: false, fieldErrors: { date: `${phrase} must be today or in the past` } };
	if (date < startedOn) {
		return {
			ok: false,
			fieldErrors: {
				date: `${phrase} must be on or after ${CASE_DATE_PHRASES[start]}, ${formatIsoDate(startedOn)}`
			}
		};
	}
	return { ok: true, recorded: { [name]: date } };
}
