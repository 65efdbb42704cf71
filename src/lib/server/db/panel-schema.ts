import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { agencies, cases, shortReportRequests, users } from './schema';
import {
	MEETING_KINDS,
	OFSTED_DISPATCH_ITEMS,
	REVIEW_DOCUMENT_KINDS,
	type AttendeeInput
} from '$lib/domain/review/review-work';

// The review as work (§13.7–§13.14, docs/decisions/027). Every table is append-only: nothing is
// updated or deleted, so the files-secured hold is kept by construction. A replaced chair or a
// changed timetable is a newer row; the newest is current and every earlier one stays.

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });
const caseId = () =>
	text('case_id')
		.notNull()
		.references(() => cases.id);
const recordedBy = () =>
	text('recorded_by')
		.notNull()
		.references(() => users.id);

/** Who sits on the individual panel: the independent chair, the overview author, members. */
export const panelAppointments = sqliteTable(
	'panel_appointments',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		role: text('role', { enum: ['independent_chair', 'overview_author', 'member'] }).notNull(),
		name: text('name').notNull(),
		/** For the independent people: who employs them, in words, and the agency if on our list. */
		employer: text('employer'),
		/** The employing agency (independent people) or the agency represented (members). */
		agencyId: text('agency_id').references(() => agencies.id),
		jobTitle: text('job_title'),
		/** The declaration that they are not employed by an agency involved in the case. */
		declaredOn: text('declared_on'),
		recordedAt: timestamp('recorded_at').notNull(),
		recordedBy: recordedBy()
	},
	(t) => [index('panel_appointments_case_idx').on(t.caseId, t.role)]
);

/** The review timetable, one milestone a row (§13.7, §13.8). */
export const reviewMilestones = sqliteTable(
	'review_milestones',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		milestone: text('milestone').notNull(),
		dueOn: text('due_on').notNull(),
		recordedAt: timestamp('recorded_at').notNull(),
		recordedBy: recordedBy()
	},
	(t) => [index('review_milestones_case_idx').on(t.caseId)]
);

/** A specialist opinion agreed by both chairs (§13.11). */
export const specialistOpinions = sqliteTable(
	'specialist_opinions',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		specialism: text('specialism').notNull(),
		reason: text('reason').notNull(),
		subGroupChairName: text('sub_group_chair_name').notNull(),
		subGroupChairAgreedOn: text('sub_group_chair_agreed_on').notNull(),
		lscbChairName: text('lscb_chair_name').notNull(),
		lscbChairAgreedOn: text('lscb_chair_agreed_on').notNull(),
		recordedAt: timestamp('recorded_at').notNull(),
		recordedBy: recordedBy()
	},
	(t) => [index('specialist_opinions_case_idx').on(t.caseId)]
);

/** Sub Group, panel, draft-report and Executive meetings; minutes are a versioned document. */
export const reviewMeetings = sqliteTable(
	'review_meetings',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		kind: text('kind', { enum: MEETING_KINDS }).notNull(),
		heldOn: text('held_on').notNull(),
		/** Users by id, others by name: [{ userId } | { name, organisation? }]. */
		attendees: text('attendees', { mode: 'json' }).$type<AttendeeInput[]>().notNull(),
		agenda: text('agenda').notNull(),
		decisions: text('decisions').notNull(),
		recordedAt: timestamp('recorded_at').notNull(),
		recordedBy: recordedBy()
	},
	(t) => [index('review_meetings_case_idx').on(t.caseId, t.kind)]
);

/** The short reports presented at a Sub Group meeting, kept with its minutes (§13.5). */
export const meetingShortReports = sqliteTable(
	'meeting_short_reports',
	{
		meetingId: text('meeting_id')
			.notNull()
			.references(() => reviewMeetings.id),
		requestId: text('request_id')
			.notNull()
			.references(() => shortReportRequests.id)
	},
	(t) => [primaryKey({ columns: [t.meetingId, t.requestId] })]
);

/**
 * Every version of every review document. A version is immutable once saved: the migration adds
 * triggers that refuse UPDATE and DELETE on this table.
 */
export const reviewDocumentVersions = sqliteTable(
	'review_document_versions',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		kind: text('kind', { enum: REVIEW_DOCUMENT_KINDS }).notNull(),
		/** The meeting, for minutes; '' for a document of the whole case. */
		meetingId: text('meeting_id').notNull().default(''),
		version: integer('version').notNull(),
		body: text('body').notNull(),
		note: text('note'),
		savedAt: timestamp('saved_at').notNull(),
		savedBy: text('saved_by')
			.notNull()
			.references(() => users.id)
	},
	(t) => [
		uniqueIndex('review_document_versions_unique').on(t.caseId, t.kind, t.meetingId, t.version)
	]
);

/** The review sent to Ofsted (§13.14): once per case, with what was sent. */
export const ofstedDispatches = sqliteTable('ofsted_dispatches', {
	caseId: text('case_id')
		.primaryKey()
		.references(() => cases.id),
	sentOn: text('sent_on').notNull(),
	overviewReportVersion: integer('overview_report_version').notNull(),
	executiveSummaryVersion: integer('executive_summary_version').notNull(),
	itemsSent: text('items_sent', { mode: 'json' })
		.$type<(typeof OFSTED_DISPATCH_ITEMS)[number][]>()
		.notNull(),
	registeredPostReference: text('registered_post_reference').notNull(),
	recordedAt: timestamp('recorded_at').notNull(),
	recordedBy: recordedBy()
});
