import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { ROLES } from '$lib/domain/roles';
import { AGENCY_KINDS } from '$lib/domain/agencies';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { ALL_CASE_STATES, PROCEDURE_PRESETS } from '$lib/domain/procedure-presets/presets';
import { CASE_CLASSIFICATIONS, EVALUATION_GRADES } from '$lib/domain/case/case-choices';
import { CASE_EVENT_KINDS } from '$lib/domain/case/case-events';
import { ACTION_ITEM_STATUSES } from '$lib/domain/case/action-plan';
import { SHORT_REPORT_KINDS, STORED_REQUEST_STATUSES } from '$lib/domain/agency/request-status';
import type { AllowedMime } from '$lib/domain/agency/attachment-rules';
import type { NotificationStatus } from '$lib/domain/notification/notification-status';
import type {
	IncidentType,
	SeriousIncidentCategory,
	YesNoNotKnown
} from '$lib/domain/notification/notification-options';
import type { PinRank } from '$lib/domain/triage/other-children';
import type { RecordedLeadAuthority } from '$lib/domain/triage/lead-authority';
import type { RecordedCdopInformed } from '$lib/domain/triage/cdop';
import type { Imr } from '$lib/domain/imr/imr';

// Properties are camelCase, columns snake_case. Times are stored as epoch milliseconds.

/** A time, stored as epoch milliseconds and read as a Date. */
const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });
/** The case a row belongs to. */
const caseId = () =>
	text('case_id')
		.notNull()
		.references(() => cases.id);
/** The agency a row belongs to. */
const agencyId = () =>
	text('agency_id')
		.notNull()
		.references(() => agencies.id);

export const agencies = sqliteTable('agencies', {
	id: text('id').primaryKey(),
	name: text('name').notNull().unique(),
	kind: text('kind', { enum: AGENCY_KINDS }).notNull(),
	createdAt: timestamp('created_at').notNull()
});

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		// Stored lower-cased so sign-in is case-insensitive and the unique index means one account.
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		agencyId: text('agency_id').references(() => agencies.id),
		// A disabled user cannot sign in and every session of theirs is refused.
		disabledAt: timestamp('disabled_at'),
		// Set on accounts an administrator creates: the person chooses their own password at first
		// sign-in, and until then every page leads to the password page (docs/decisions/019).
		mustChangePassword: integer('must_change_password', { mode: 'boolean' })
			.notNull()
			.default(false),
		createdAt: timestamp('created_at').notNull()
	},
	(t) => [uniqueIndex('users_email_unique').on(t.email)]
);

export const sessions = sqliteTable(
	'sessions',
	{
		// SHA-256 of the token, hex: the token itself is never stored (Lucia guide).
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		expiresAt: timestamp('expires_at').notNull(),
		createdAt: timestamp('created_at').notNull(),
		// For "where you are signed in": written at most every few minutes (session.ts), and the
		// browser's user agent as sent at sign-in, cut short. Null on sessions made before 0009.
		lastUsedAt: timestamp('last_used_at'),
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

// One-time password-reset links an administrator issues (docs/decisions/019). Only the SHA-256 of
// the link's random token is stored. A link is claimed once: `used_at` is set by a single UPDATE
// that only an unused, unexpired row matches, so two people using it at once cannot both succeed.
export const passwordResetTokens = sqliteTable(
	'password_reset_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		issuedBy: text('issued_by')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at').notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		usedAt: timestamp('used_at')
	},
	(t) => [index('password_reset_tokens_user_idx').on(t.userId)]
);

// The TOTP second factor (docs/decisions/022): the secret sealed under RECEIPT_KEY_SECRET, and
// the last time step accepted, so each code is usable once.
export const secondFactors = sqliteTable('second_factors', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id),
	secretSealed: text('secret_sealed').notNull(),
	lastUsedStep: integer('last_used_step'),
	enrolledAt: timestamp('enrolled_at').notNull()
});

// Single-use recovery codes, stored as SHA-256 hashes of high-entropy random codes.
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		codeHash: text('code_hash').notNull(),
		usedAt: timestamp('used_at')
	},
	(t) => [uniqueIndex('recovery_codes_user_hash_idx').on(t.userId, t.codeHash)]
);

// A sign-in whose password was right but whose second factor is still to come. Not a session:
// nothing but the code step and enrolment reads it (docs/decisions/022).
export const pendingSignIns = sqliteTable(
	'pending_sign_ins',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		createdAt: timestamp('created_at').notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		enrolmentSecretSealed: text('enrolment_secret_sealed'),
		userAgent: text('user_agent')
	},
	(t) => [index('pending_sign_ins_user_idx').on(t.userId)]
);

// Passkeys (WebAuthn credentials, docs/decisions/023): the public key only, never a secret.
export const passkeys = sqliteTable(
	'passkeys',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		/** The credential's id as the browser gives it (base64url). */
		credentialId: text('credential_id').notNull(),
		publicKey: text('public_key').notNull(),
		/** The authenticator's signature counter, checked to move forward on every use. */
		counter: integer('counter').notNull(),
		transports: text('transports', { mode: 'json' }).$type<string[]>(),
		name: text('name').notNull(),
		createdAt: timestamp('created_at').notNull(),
		lastUsedAt: timestamp('last_used_at')
	},
	(t) => [
		uniqueIndex('passkeys_credential_idx').on(t.credentialId),
		index('passkeys_user_idx').on(t.userId)
	]
);

// A WebAuthn challenge the server issued: used once (one conditional UPDATE), within its life.
export const webauthnChallenges = sqliteTable('webauthn_challenges', {
	challenge: text('challenge').primaryKey(),
	purpose: text('purpose', { enum: ['register', 'sign_in', 'second_factor'] }).notNull(),
	/** Whose registration, or whose pending sign-in's second factor; null for passkey sign-in. */
	userId: text('user_id').references(() => users.id),
	expiresAt: timestamp('expires_at').notNull(),
	usedAt: timestamp('used_at')
});

// Tombstones of sessions an administrator revoked or that belonged to a disabled account. The
// session row itself is deleted; the tombstone lets the server answer SESSION_REVOKED (the device
// wipes its data) rather than SESSION_EXPIRED (the device keeps unsent forms). Purged after
// REVOKED_SESSION_RETENTION_MS. See docs/decisions/006.
export const revokedSessions = sqliteTable(
	'revoked_sessions',
	{
		// The session id, i.e. the SHA-256 of the token: the token is never stored.
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id),
		revokedAt: timestamp('revoked_at').notNull()
	},
	(t) => [index('revoked_sessions_revoked_at_idx').on(t.revokedAt)]
);

// Failed sign-in counters. Kept in the database so several server processes agree.
// Keys are SHA-256 hashes ("account:<email>" or "address:<ip>"), never the raw values.
export const signInThrottles = sqliteTable('sign_in_throttles', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStartedAt: timestamp('window_started_at').notNull(),
	blockedUntil: timestamp('blocked_until')
});

// Per-scope counters behind human references such as NTF-2026-0007 and SCR-2026-0007.
export const referenceCounters = sqliteTable('reference_counters', {
	scope: text('scope').primaryKey(),
	last: integer('last').notNull()
});

export const cases = sqliteTable(
	'cases',
	{
		id: text('id').primaryKey(),
		reference: text('reference').notNull(),
		// A state of the case's preset (procedure-presets/presets.ts): the seed's or WT2023's.
		state: text('state', { enum: ALL_CASE_STATES }).notNull(),
		// The procedure the case follows, fixed when it opens (docs/decisions/033, migration 0019).
		procedure: text('procedure', { enum: PROCEDURE_PRESETS }).notNull().default('lscb_2006'),
		ownerId: text('owner_id').references(() => users.id),
		// Optimistic concurrency: every change names the version it was based on.
		version: integer('version').notNull().default(1),
		openedAt: timestamp('opened_at').notNull(),
		updatedAt: timestamp('updated_at').notNull(),
		// What triage decided the case is about (CASE_CLASSIFICATIONS).
		classification: text('classification', { enum: CASE_CLASSIFICATIONS }),
		// The dates that start and meet its clocks (CaseDates), merged by mergeCaseDates.
		dates: text('dates', { mode: 'json' })
			.$type<CaseDates>()
			.notNull()
			.default(sql`'{}'`),
		// The files-secured hold (files-hold.ts): nothing attached may be deleted or overwritten.
		filesHeld: integer('files_held', { mode: 'boolean' }).notNull().default(false),
		// The grade in Ofsted's evaluation letter: a fact some transitions depend on.
		evaluationGrade: text('evaluation_grade', { enum: EVALUATION_GRADES }),
		// The cases list's sort key (domain/case/cases-list.ts): the next running clock's due date,
		// '9999-12-31' for none. Renewed on every change and once `listKeyValidUntil` arrives (a
		// recorded date reached may start, meet or stop a clock); NULL: not yet computed.
		nextDueOn: text('next_due_on'),
		listKeyValidUntil: text('list_key_valid_until')
	},
	(t) => [
		uniqueIndex('cases_reference_unique').on(t.reference),
		index('cases_state_idx').on(t.state),
		index('cases_owner_idx').on(t.ownerId),
		// The reports dashboard counts the cases opened in a period by state (0018).
		index('cases_opened_idx').on(t.openedAt, t.state),
		// The cases list (services/cases/cases-list.ts), one index per sort and filter: a page reads
		// its rows in order and stops at the limit, with no sort of the whole table.
		index('cases_list_deadline_idx').on(t.nextDueOn, sql`"updated_at" DESC`, sql`"id" DESC`),
		index('cases_list_state_deadline_idx').on(
			t.state,
			t.nextDueOn,
			sql`"updated_at" DESC`,
			sql`"id" DESC`
		),
		index('cases_list_owner_deadline_idx').on(
			t.ownerId,
			t.nextDueOn,
			sql`"updated_at" DESC`,
			sql`"id" DESC`
		),
		index('cases_list_updated_idx').on(sql`"updated_at" DESC`, sql`"id" DESC`),
		index('cases_list_state_updated_idx').on(t.state, sql`"updated_at" DESC`, sql`"id" DESC`),
		index('cases_list_owner_updated_idx').on(t.ownerId, sql`"updated_at" DESC`, sql`"id" DESC`),
		index('cases_list_key_valid_idx').on(t.listKeyValidUntil)
	]
);

export const notifications = sqliteTable(
	'notifications',
	{
		// Generated on the device (UUIDv7) so a retried upload is the same record.
		id: text('id').primaryKey(),
		reference: text('reference').notNull(),
		submittedBy: text('submitted_by')
			.notNull()
			.references(() => users.id),
		notifierAgencyId: text('notifier_agency_id').references(() => agencies.id),
		receivedAt: timestamp('received_at').notNull(),
		// SHA-256 of the canonical form content: tells a retry from a changed resubmission.
		contentHash: text('content_hash').notNull(),
		// The whole validated form, as JSON. Columns below are copies kept for filtering.
		form: text('form', { mode: 'json' }).notNull(),
		incidentType: text('incident_type').$type<IncidentType>().notNull(),
		/** The form's §13.20 category, copied for the reports (migration 0013); null when none. */
		seriousIncidentCategory: text('serious_incident_category').$type<SeriousIncidentCategory>(),
		otherChildrenAtRisk: text('other_children_at_risk').$type<YesNoNotKnown>().notNull(),
		otherChildrenActionAt: timestamp('other_children_action_at'),
		status: text('status').$type<NotificationStatus>().notNull().default('received'),
		caseId: text('case_id').references(() => cases.id),
		// A corrected version points at the notification it corrects, which stays unchanged.
		correctsId: text('corrects_id'),
		createdAt: timestamp('created_at')
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		// Triage (docs/decisions/010). Copies of the form kept for the queue and duplicate checks
		// are filled at insert; rows from before this migration are filled at start-up
		// (fillTriageColumns), because working days need the bank holiday calendar.
		/** T1: 10 working days after the receipt date in England (IsoDate). */
		triageDueOn: text('triage_due_on'),
		assigneeId: text('assignee_id').references(() => users.id),
		/**
		 * Place in the triage queue while the Unit has not yet recorded what it did for other
		 * children (§13.1): 2 "yes", 1 "not known", 0 otherwise or once recorded (`pinRank` in
		 * domain/triage/other-children.ts). The column kept its name from when it was a boolean
		 * (migration 0006), so the queue indexes still read it.
		 */
		pinRank: integer('pinned').$type<PinRank>().notNull().default(0),
		otherChildrenAction: text('other_children_action'),
		otherChildrenActionBy: text('other_children_action_by').references(() => users.id),
		/** Whether the Unit made a Chapter 6 referral; null for actions recorded before 0006. */
		otherChildrenChapter6Referral: integer('other_children_chapter6_referral', {
			mode: 'boolean'
		}),
		firstChildName: text('first_child_name'),
		childCount: integer('child_count'),
		/** The incident date (IsoDate), null when the notifier did not know it. */
		incidentDate: text('incident_date'),
		/** Sent back to the practitioner for correction, with the Unit's message. */
		returnMessage: text('return_message'),
		returnedAt: timestamp('returned_at'),
		/** The practitioner's corrected version of this (returned) notification. */
		supersededById: text('superseded_by_id'),
		/**
		 * Where the child normally lives, for a looked-after child the responsible authority, and
		 * the partner LSCBs (§13.3, §13.4), as the Unit recorded them; the lead LSCB follows from
		 * them (domain/triage/lead-authority.ts). Null until recorded (migration 0007).
		 */
		leadAuthority: text('lead_authority', { mode: 'json' }).$type<RecordedLeadAuthority>(),
		/** "CDOP informed" for a child's death (§13.5): the date and by whom. Null until recorded. */
		cdopInformed: text('cdop_informed', { mode: 'json' }).$type<RecordedCdopInformed>()
	},
	(t) => [
		uniqueIndex('notifications_reference_unique').on(t.reference),
		index('notifications_submitter_idx').on(t.submittedBy, t.receivedAt),
		index('notifications_received_idx').on(t.receivedAt, t.id),
		index('notifications_case_idx').on(t.caseId),
		index('notifications_assignee_idx').on(t.assigneeId),
		index('notifications_incident_date_idx').on(t.incidentDate),
		// The duplicate finder's newest matches on an incident date (services/triage/duplicates.ts).
		index('notifications_incident_date_newest_idx').on(
			t.incidentDate,
			sql`"received_at" DESC`,
			sql`"id" DESC`
		),
		// The triage queue (triage-queue.ts), one index per sort order. `status = ? AND case_id IS
		// NULL` pins the first two columns and the rest is the ORDER BY, pinned first: a page reads
		// its rows in order and stops at the limit, with no sort (docs/decisions/012-performance.md).
		index('notifications_queue_deadline_idx').on(
			t.status,
			t.caseId,
			sql`"pinned" DESC`,
			t.triageDueOn,
			t.receivedAt,
			t.id
		),
		index('notifications_queue_oldest_idx').on(
			t.status,
			t.caseId,
			sql`"pinned" DESC`,
			t.receivedAt,
			t.id
		),
		// Read backwards for "newest": the highest pin first, then the newest.
		index('notifications_queue_newest_idx').on(t.status, t.caseId, t.pinRank, t.receivedAt, t.id)
	]
);

// The children a notification names, as compared for potential duplicates at triage.
export const notificationChildren = sqliteTable(
	'notification_children',
	{
		notificationId: text('notification_id')
			.notNull()
			.references(() => notifications.id),
		position: integer('position').notNull(),
		/** childNameKey(name): null for a placeholder such as "Not known". */
		nameKey: text('name_key'),
		dateOfBirth: text('date_of_birth')
	},
	(t) => [
		primaryKey({ columns: [t.notificationId, t.position] }),
		index('notification_children_match_idx').on(t.nameKey, t.dateOfBirth)
	]
);

// The timeline of a case: one row per change, numbered by the case version it produced. A
// version conflict names the rows after the version the user was working from.
export const caseEvents = sqliteTable(
	'case_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		caseId: caseId(),
		version: integer('version').notNull(),
		at: timestamp('at').notNull(),
		actorId: text('actor_id').references(() => users.id),
		kind: text('kind', { enum: CASE_EVENT_KINDS }).notNull(),
		fromState: text('from_state', { enum: ALL_CASE_STATES }),
		toState: text('to_state', { enum: ALL_CASE_STATES }),
		/** A verb phrase without the actor: "moved this case to Gathering information". */
		summary: text('summary').notNull(),
		detail: text('detail', { mode: 'json' })
	},
	(t) => [
		index('case_events_case_idx').on(t.caseId, t.version),
		// The Chair's decisions counted by date for the reports (migration 0013).
		index('case_events_transition_idx').on(t.kind, t.fromState, t.at)
	]
);

// Short report requests (§13.5), one per agency per request. Never deleted; the agency side
// later records received or nil_return with submittedOn.
export const shortReportRequests = sqliteTable(
	'short_report_requests',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		agencyId: agencyId(),
		requestedOn: text('requested_on').notNull(),
		dueOn: text('due_on').notNull(),
		requestedAt: timestamp('requested_at').notNull(),
		requestedBy: text('requested_by').references(() => users.id),
		/** requested | received | nil_return | withdrawn. Overdue is computed from the due date. */
		status: text('status', { enum: STORED_REQUEST_STATUSES }).notNull().default('requested'),
		submittedOn: text('submitted_on'),
		withdrawnAt: timestamp('withdrawn_at'),
		withdrawnReason: text('withdrawn_reason')
	},
	(t) => [
		index('short_report_requests_case_idx').on(t.caseId),
		index('short_report_requests_agency_idx').on(t.agencyId, t.status)
	]
);

// Each agency's instruction to secure its files for a case, its acknowledgement, and the
// instruction to rescind it after a no further action decision (§13.5, files-hold.ts).
export const filesSecuredInstructions = sqliteTable(
	'files_secured_instructions',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		agencyId: agencyId(),
		instructedOn: text('instructed_on').notNull(),
		acknowledgedOn: text('acknowledged_on'),
		rescindedOn: text('rescinded_on'),
		createdAt: timestamp('created_at').notNull()
	},
	(t) => [uniqueIndex('files_secured_case_agency_unique').on(t.caseId, t.agencyId)]
);

// Short reports and nil returns (§13.5): each submission is one immutable row. A correction is a
// new row with the next version, pointing at the row it corrects; both are kept. The id is the
// client's id (UUIDv7), so a retried submission is the same row (docs/decisions/011).
export const shortReports = sqliteTable(
	'short_reports',
	{
		id: text('id').primaryKey(),
		requestId: text('request_id')
			.notNull()
			.references(() => shortReportRequests.id),
		agencyId: agencyId(),
		version: integer('version').notNull(),
		correctsId: text('corrects_id'),
		/** report | nil_return */
		kind: text('kind', { enum: SHORT_REPORT_KINDS }).notNull(),
		/** The validated report (ShortReport) or nil return (NilReturn), as JSON. */
		content: text('content', { mode: 'json' }).notNull(),
		/** SHA-256 of the canonical content and attachment ids: tells a retry from a change. */
		contentHash: text('content_hash').notNull(),
		submittedBy: text('submitted_by')
			.notNull()
			.references(() => users.id),
		submittedAt: timestamp('submitted_at').notNull(),
		submittedOn: text('submitted_on').notNull()
	},
	(t) => [uniqueIndex('short_reports_request_version_unique').on(t.requestId, t.version)]
);

// Uploaded files, content-addressed: the bytes live under ATTACHMENTS_DIR named by SHA-256, and
// the same content uploaded again by the same agency is the same row.
export const attachments = sqliteTable(
	'attachments',
	{
		id: text('id').primaryKey(),
		sha256: text('sha256').notNull(),
		size: integer('size').notNull(),
		mime: text('mime').$type<AllowedMime>().notNull(),
		originalName: text('original_name').notNull(),
		uploadedBy: text('uploaded_by')
			.notNull()
			.references(() => users.id),
		agencyId: agencyId(),
		createdAt: timestamp('created_at').notNull()
	},
	(t) => [uniqueIndex('attachments_agency_sha256_unique').on(t.agencyId, t.sha256)]
);

export const shortReportAttachments = sqliteTable(
	'short_report_attachments',
	{
		reportId: text('report_id')
			.notNull()
			.references(() => shortReports.id),
		attachmentId: text('attachment_id')
			.notNull()
			.references(() => attachments.id),
		position: integer('position').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.reportId, t.attachmentId] }),
		index('short_report_attachments_attachment_idx').on(t.attachmentId)
	]
);

// Action plan items (§13.12–13.16), append-only: each change is a new revision of the item, so
// nothing is ever overwritten, with or without the files-secured hold.
export const actionPlanItemRevisions = sqliteTable(
	'action_plan_item_revisions',
	{
		itemId: text('item_id').notNull(),
		revision: integer('revision').notNull(),
		caseId: caseId(),
		ownerAgencyId: text('owner_agency_id')
			.notNull()
			.references(() => agencies.id),
		action: text('action').notNull(),
		dueOn: text('due_on').notNull(),
		/** open | in_progress | done */
		status: text('status', { enum: ACTION_ITEM_STATUSES }).notNull(),
		evidence: text('evidence'),
		recordedAt: timestamp('recorded_at').notNull(),
		recordedBy: text('recorded_by').references(() => users.id)
	},
	(t) => [
		primaryKey({ columns: [t.itemId, t.revision] }),
		index('action_plan_item_revisions_case_idx').on(t.caseId)
	]
);

// IMR requests (§13.6, §13.9): one per agency per case, the letter to its chief executive as
// sent (rendered from the template, kept as it went), never deleted. Its status follows from the
// versions sent (domain/imr/imr-status.ts). Tables of their own: docs/decisions/026.
export const imrRequests = sqliteTable(
	'imr_requests',
	{
		id: text('id').primaryKey(),
		caseId: caseId(),
		agencyId: agencyId(),
		addressedTo: text('addressed_to').notNull(),
		letter: text('letter').notNull(),
		sentOn: text('sent_on').notNull(),
		dueOn: text('due_on').notNull(),
		sentAt: timestamp('sent_at').notNull(),
		sentBy: text('sent_by')
			.notNull()
			.references(() => users.id)
	},
	(t) => [
		uniqueIndex('imr_requests_case_agency_unique').on(t.caseId, t.agencyId),
		index('imr_requests_agency_idx').on(t.agencyId)
	]
);

// Each IMR an agency sends is one immutable row; a later version supersedes it and both are
// kept. The id is the page's client id (UUIDv7), so a resent form is the same row.
export const imrVersions = sqliteTable(
	'imr_versions',
	{
		id: text('id').primaryKey(),
		requestId: text('request_id')
			.notNull()
			.references(() => imrRequests.id),
		agencyId: agencyId(),
		version: integer('version').notNull(),
		supersedesId: text('supersedes_id'),
		/** The validated IMR (Imr), as JSON. */
		content: text('content', { mode: 'json' }).$type<Imr>().notNull(),
		signedOff: integer('signed_off', { mode: 'boolean' }).notNull(),
		contentHash: text('content_hash').notNull(),
		submittedBy: text('submitted_by')
			.notNull()
			.references(() => users.id),
		submittedAt: timestamp('submitted_at').notNull(),
		submittedOn: text('submitted_on').notNull()
	},
	(t) => [uniqueIndex('imr_versions_request_version_unique').on(t.requestId, t.version)]
);

export const imrAttachments = sqliteTable(
	'imr_attachments',
	{
		versionId: text('version_id')
			.notNull()
			.references(() => imrVersions.id),
		attachmentId: text('attachment_id')
			.notNull()
			.references(() => attachments.id),
		position: integer('position').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.versionId, t.attachmentId] }),
		index('imr_attachments_attachment_idx').on(t.attachmentId)
	]
);

// Server key pairs, one row per purpose, shared by every server process on this database. The
// first process to need one inserts it (insert-or-ignore) and every process then reads the same
// row. RECEIPT_SIGNING_KEY overrides the stored receipt key. See docs/decisions/006.
// Before 0008 the receipt key was kept here in the clear; start-up seals it into signing_keys and
// deletes the row. Kept in the schema so that move can be made.
export const serverKeys = sqliteTable('server_keys', {
	purpose: text('purpose').$type<'receipt-signing'>().primaryKey(),
	// First 16 hex characters of the SHA-256 of the public key's SPKI DER encoding.
	keyId: text('key_id').notNull().unique(),
	algorithm: text('algorithm').$type<'Ed25519'>().notNull(),
	privateKeyPem: text('private_key_pem').notNull(),
	publicKeyPem: text('public_key_pem').notNull(),
	createdAt: timestamp('created_at').notNull()
});

// Receipt signing keys (docs/decisions/018): the private key sealed under RECEIPT_KEY_SECRET,
// which is never in the database; retired keys are kept so the receipts they signed still verify.
// At most one current (unretired) key per purpose (a partial unique index in 0008).
export const signingKeys = sqliteTable(
	'signing_keys',
	{
		keyId: text('key_id').primaryKey(),
		purpose: text('purpose').$type<'receipt-signing'>().notNull(),
		algorithm: text('algorithm').$type<'Ed25519'>().notNull(),
		publicKeyPem: text('public_key_pem').notNull(),
		privateKeySealed: text('private_key_sealed').notNull(),
		createdAt: timestamp('created_at').notNull(),
		retiredAt: timestamp('retired_at')
	},
	(t) => [
		uniqueIndex('signing_keys_one_current_idx')
			.on(t.purpose)
			.where(sql`${t.retiredAt} IS NULL`)
	]
);

// Append-only. Each row stores the hash of the previous row so tampering breaks the chain.
export const auditEvents = sqliteTable(
	'audit_events',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		at: timestamp('at').notNull(),
		actorId: text('actor_id'),
		actorRole: text('actor_role', { enum: ROLES }),
		action: text('action').notNull(),
		recordType: text('record_type'),
		recordId: text('record_id'),
		detail: text('detail', { mode: 'json' }),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [index('audit_record_idx').on(t.recordType, t.recordId)]
);

export type UserRow = typeof users.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type ServerKeyRow = typeof serverKeys.$inferSelect;
export type SigningKeyRow = typeof signingKeys.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type ShortReportRequestRecord = typeof shortReportRequests.$inferSelect;
export type ShortReportRow = typeof shortReports.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type ActionPlanItemRevisionRow = typeof actionPlanItemRevisions.$inferSelect;

// The review as work recorded beside the review (§13.6–§13.19, docs/decisions/028).
export * from './review-schema';
export { messages, mailJobs, messagePreferences } from './schema-messages';
export type { MessageRow, MailJobRow } from './schema-messages';
// The review as work: the panel, meetings, versioned documents, the Ofsted dispatch (0015).
export * from './panel-schema';
export { resumableUploads } from './uploads-schema';
export type { ResumableUploadRow } from './uploads-schema';
// What the reports dashboard counts from: notifications per day, each case's clocks (0018).
export * from './dashboard-schema';
