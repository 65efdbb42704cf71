import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agencies, attachments, cases, users } from './schema';

// Files on their way in over tus, one row an upload (docs/decisions/031). The bytes wait in the
// resumable store until the last one arrives; then the file is checked and becomes an attachment,
// and the row keeps which one, so a later HEAD can say so. A refused or cancelled upload leaves
// no row; an incomplete one is swept after a day, unless its case's files are on hold.
export const resumableUploads = sqliteTable(
	'resumable_uploads',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		agencyId: text('agency_id')
			.notNull()
			.references(() => agencies.id),
		/** A short report request's or an IMR request's id, as `requestKind` says. */
		requestId: text('request_id').notNull(),
		requestKind: text('request_kind', { enum: ['short_report', 'imr'] }).notNull(),
		/** The request's case: the sweep spares uploads whose case's files are on hold. */
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id),
		fileName: text('file_name').notNull(),
		declaredType: text('declared_type').notNull(),
		declaredLength: integer('declared_length').notNull(),
		declaredSha256: text('declared_sha256').notNull(),
		/** The last byte the server confirmed, as of the last PATCH answered. */
		offset: integer('offset').notNull().default(0),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
		attachmentId: text('attachment_id').references(() => attachments.id)
	},
	(t) => [index('resumable_uploads_stale_idx').on(t.completedAt, t.createdAt)]
);

export type ResumableUploadRow = typeof resumableUploads.$inferSelect;
