import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { REVIEW_ENTRY_KINDS } from '$lib/domain/review/review-kinds';
import { cases, users } from './schema';

// The review as work that the Unit records beside the review (docs/decisions/028): notices to
// other bodies, parallel proceedings, the Executive's go-ahead to publish, the family and media
// plans, the three-strand meeting. Append-only: a correction or a change of status is a new
// revision of the same entry, so the files-secured hold holds by construction.
export const caseReviewEntries = sqliteTable(
	'case_review_entries',
	{
		entryId: text('entry_id').notNull(),
		revision: integer('revision').notNull(),
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id),
		kind: text('kind', { enum: REVIEW_ENTRY_KINDS }).notNull(),
		/** The entry's fields as recorded (review-entry.ts), without its kind. */
		data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }).notNull(),
		recordedBy: text('recorded_by').references(() => users.id)
	},
	(t) => [
		primaryKey({ columns: [t.entryId, t.revision] }),
		index('case_review_entries_case_idx').on(t.caseId, t.kind)
	]
);

export type CaseReviewEntryRow = typeof caseReviewEntries.$inferSelect;
