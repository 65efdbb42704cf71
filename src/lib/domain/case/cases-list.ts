import { z } from 'zod';
import { isIsoDate, type IsoDate } from '$lib/domain/calendar/iso-date';
import { fromBase64Url, toBase64Url } from '$lib/domain/triage/queue-cursor';
import type { CaseDates } from './case-dates';
import type { ClockDefinition } from './clock-preset';
import { computeClocks, nextDueClock } from './clocks';

// The Unit's cases list, paged on the server like the triage queue (keyset paging): its sort
// orders, its stored sort key and the cursor of a page.

/** How the cases list can be ordered: the next deadline first, or the most recently changed. */
export const CASES_LIST_SORTS = ['deadline', 'updated'] as const;
export type CasesListSort = (typeof CASES_LIST_SORTS)[number];

/**
 * The stored "next deadline" of a case with no running clock: after every real date, so those
 * cases come last in the deadline order without a NULL breaking the keyset comparison.
 */
export const NO_RUNNING_CLOCK: IsoDate = '9999-12-31';

export interface CasesListKey {
	/** The due date of the running clock due first, or NO_RUNNING_CLOCK. */
	nextDueOn: IsoDate;
	/**
	 * The day from which the key may be wrong: the earliest recorded date after `today`. A clock
	 * starts, is met or stops (closing) only when a recorded date arrives (clocks.ts), so until
	 * then the key computed today holds. NO_RUNNING_CLOCK when no date lies ahead.
	 */
	validUntil: IsoDate;
}

/**
 * The sort key a case's dates give as of `today` under its procedure's clocks (`preset`, the
 * seed's by default), stored on the case and renewed when stale.
 */
export function casesListKey(
	dates: CaseDates,
	today: IsoDate,
	preset?: readonly ClockDefinition[]
): CasesListKey {
	const next = nextDueClock(computeClocks(dates, today, { preset }));
	let validUntil = NO_RUNNING_CLOCK;
	for (const date of Object.values(dates)) {
		if (date !== undefined && date > today && date < validUntil) validUntil = date;
	}
	return { nextDueOn: next?.dueOn ?? NO_RUNNING_CLOCK, validUntil };
}

/** Where a page of the cases list ended: the sort keys of its last row. */
export interface CasesListPosition {
	sort: CasesListSort;
	nextDueOn: IsoDate;
	updatedAt: number;
	id: string;
}

/** The latest instant JavaScript's Date can represent (ECMA-262 §21.4.1.22). */
const MAX_DATE_MS = 8_640_000_000_000_000;

const positionSchema = z.object({
	s: z.enum(CASES_LIST_SORTS),
	// NO_RUNNING_CLOCK lies beyond the years isIsoDate accepts from a person.
	d: z.string().refine((d) => d === NO_RUNNING_CLOCK || isIsoDate(d)),
	u: z.number().int().nonnegative().max(MAX_DATE_MS),
	i: z.string().min(1).max(64)
});

/** An opaque string for the address; it holds sort keys and an id, never personal data. */
export function encodeCasesListCursor(position: CasesListPosition): string {
	const { sort: s, nextDueOn: d, updatedAt: u, id: i } = position;
	return toBase64Url(JSON.stringify({ s, d, u, i }));
}

/** The position in a cursor, or null if it is not one of ours. */
export function decodeCasesListCursor(cursor: string): CasesListPosition | null {
	let parsed: unknown;
	try {
		parsed = JSON.parse(fromBase64Url(cursor));
	} catch {
		return null;
	}
	const result = positionSchema.safeParse(parsed);
	if (!result.success) return null;
	const { s, d, u, i } = result.data;
	return { sort: s, nextDueOn: d, updatedAt: u, id: i };
}
