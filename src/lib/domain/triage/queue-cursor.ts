import { z } from 'zod';
import { isIsoDate } from '$lib/domain/calendar/iso-date';
import { PIN_RANKS, type PinRank } from './other-children';

/**
 * How the triage queue can be ordered. Notifications waiting for the action for other children
 * come first, the higher pin rank first (§13.1, other-children.ts).
 */
export const QUEUE_SORTS = ['deadline', 'newest', 'oldest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/**
 * Where a page of the queue ended: the sort keys of its last row. The next page starts strictly
 * after it, so rows are never repeated or skipped however many arrive meanwhile (keyset paging).
 */
export interface QueuePosition {
	sort: QueueSort;
	pinRank: PinRank;
	dueOn: string;
	receivedAt: number;
	id: string;
}

/** The latest instant JavaScript's Date can represent (ECMA-262 §21.4.1.22). */
const MAX_DATE_MS = 8_640_000_000_000_000;

const positionSchema = z.object({
	s: z.enum(QUEUE_SORTS),
	p: z.literal([...PIN_RANKS]),
	d: z.string().refine(isIsoDate),
	// A time the Date type can hold: beyond it the database's timestamp would not convert back.
	r: z.number().int().nonnegative().max(MAX_DATE_MS),
	i: z.string().min(1).max(64)
});

/** Base64url without padding: safe in an address as it is. */
export function toBase64Url(text: string): string {
	return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): string {
	const padded = text.replaceAll('-', '+').replaceAll('_', '/');
	return atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
}

/** An opaque string for the client to send back; its content is ours to change. */
export function encodeQueueCursor(position: QueuePosition): string {
	const { sort: s, pinRank: p, dueOn: d, receivedAt: r, id: i } = position;
	return toBase64Url(JSON.stringify({ s, p, d, r, i }));
}

/** The position in a cursor, or null if it is not one of ours. */
export function decodeQueueCursor(cursor: string): QueuePosition | null {
	let parsed: unknown;
	try {
		parsed = JSON.parse(fromBase64Url(cursor));
	} catch {
		return null;
	}
	const result = positionSchema.safeParse(parsed);
	if (!result.success) return null;
	const { s, p, d, r, i } = result.data;
	return { sort: s, pinRank: p, dueOn: d, receivedAt: r, id: i };
}
