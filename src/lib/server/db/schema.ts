import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Role } from '$lib/domain/roles';
import type { AgencyKind } from '$lib/domain/agencies';

// Properties are camelCase, columns snake_case. Times are stored as epoch milliseconds.

export const agencies = sqliteTable('agencies', {
	id: text('id').primaryKey(),
	name: text('name').notNull().unique(),
	kind: text('kind').$type<AgencyKind>().notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

export const users = sqliteTable(
	'users',
	{
		id: text('id').primaryKey(),
		// Stored lower-cased so sign-in is case-insensitive and the unique index means one account.
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role').$type<Role>().notNull(),
		agencyId: text('agency_id').references(() => agencies.id),
		// A disabled user cannot sign in and every session of theirs is refused.
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
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
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

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
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('revoked_sessions_revoked_at_idx').on(t.revokedAt)]
);

// Failed sign-in counters. Kept in the database so several server processes agree.
// Keys are SHA-256 hashes ("account:<email>" or "address:<ip>"), never the raw values.
export const signInThrottles = sqliteTable('sign_in_throttles', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStartedAt: integer('window_started_at', { mode: 'timestamp_ms' }).notNull(),
	blockedUntil: integer('blocked_until', { mode: 'timestamp_ms' })
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
		state: text('state').notNull(),
		ownerId: text('owner_id').references(() => users.id),
		// Optimistic concurrency: every change names the version it was based on.
		version: integer('version').notNull().default(1),
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [uniqueIndex('cases_reference_unique').on(t.reference)]
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
		receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
		// SHA-256 of the canonical form content: tells a retry from a changed resubmission.
		contentHash: text('content_hash').notNull(),
		// The whole validated form, as JSON. Columns below are copies kept for filtering.
		form: text('form', { mode: 'json' }).notNull(),
		incidentType: text('incident_type').notNull(),
		otherChildrenAtRisk: text('other_children_at_risk').notNull(),
		otherChildrenActionAt: integer('other_children_action_at', { mode: 'timestamp_ms' }),
		status: text('status').notNull().default('received'),
		caseId: text('case_id').references(() => cases.id),
		// A corrected version points at the notification it corrects, which stays unchanged.
		correctsId: text('corrects_id'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(t) => [
		uniqueIndex('notifications_reference_unique').on(t.reference),
		index('notifications_submitter_idx').on(t.submittedBy, t.receivedAt),
		index('notifications_received_idx').on(t.receivedAt, t.id)
	]
);

// Server key pairs, one row per purpose, shared by every server process on this database. The
// first process to need one inserts it (insert-or-ignore) and every process then reads the same
// row. RECEIPT_SIGNING_KEY overrides the stored receipt key. See docs/decisions/006.
export const serverKeys = sqliteTable('server_keys', {
	purpose: text('purpose').$type<'receipt-signing'>().primaryKey(),
	// First 16 hex characters of the SHA-256 of the public key's SPKI DER encoding.
	keyId: text('key_id').notNull().unique(),
	algorithm: text('algorithm').$type<'Ed25519'>().notNull(),
	privateKeyPem: text('private_key_pem').notNull(),
	publicKeyPem: text('public_key_pem').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
});

// Append-only. Each row stores the hash of the previous row so tampering breaks the chain.
export const auditEvents = sqliteTable(
	'audit_events',
	{
		seq: integer('seq').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		actorId: text('actor_id'),
		actorRole: text('actor_role'),
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
