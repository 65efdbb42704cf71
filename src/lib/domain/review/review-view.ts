import type { ReviewEntryKind } from './review-kinds';

/** One review work entry at its latest revision, as the page shows it. */
export interface ReviewEntryView {
	entryId: string;
	kind: ReviewEntryKind;
	revision: number;
	data: Record<string, unknown>;
	recordedAt: number;
	recordedByName: string | null;
	/** Earlier revisions, newest first: what each correction replaced. */
	earlier: { revision: number; data: Record<string, unknown>; recordedAt: number }[];
}

/** A field of an entry as text, '' when not recorded. */
export function entryText(entry: { data: Record<string, unknown> } | null, field: string): string {
	const value = entry?.data[field];
	return typeof value === 'string' ? value : '';
}
