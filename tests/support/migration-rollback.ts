import { readFileSync } from 'node:fs';
import type { Client } from '@libsql/client';

// Tests that prove a migration on data stored before it take a database back to just before that
// migration. The migrator applies only what is newer than the newest migration it has recorded,
// so every later migration is undone too. Each migration after the first one a test goes back to
// needs its undo here; `rollBackTo` fails by name when one is missing.

const UNDO: Record<string, string[]> = {
	'0020_cases_list': [
		'DROP INDEX notifications_incident_date_newest_idx',
		'DROP INDEX cases_list_key_valid_idx',
		'DROP INDEX cases_list_owner_updated_idx',
		'DROP INDEX cases_list_state_updated_idx',
		'DROP INDEX cases_list_updated_idx',
		'DROP INDEX cases_list_owner_deadline_idx',
		'DROP INDEX cases_list_state_deadline_idx',
		'DROP INDEX cases_list_deadline_idx',
		'ALTER TABLE cases DROP COLUMN list_key_valid_until',
		'ALTER TABLE cases DROP COLUMN next_due_on'
	],
	'0007_lead_authority_cdop': [
		'ALTER TABLE notifications DROP COLUMN lead_authority',
		'ALTER TABLE notifications DROP COLUMN cdop_informed'
	],
	'0008_receipt_key_rotation': [
		'DROP INDEX signing_keys_one_current_idx',
		'DROP TABLE signing_keys'
	],
	'0009_accounts': [
		'DROP TABLE password_reset_tokens',
		'ALTER TABLE sessions DROP COLUMN user_agent',
		'ALTER TABLE sessions DROP COLUMN last_used_at',
		'ALTER TABLE users DROP COLUMN must_change_password'
	],
	'0010_second_factor': [
		'DROP TABLE pending_sign_ins',
		'DROP INDEX recovery_codes_user_hash_idx',
		'DROP TABLE recovery_codes',
		'DROP TABLE second_factors'
	],
	'0011_passkeys': [
		'DROP TABLE webauthn_challenges',
		'DROP INDEX passkeys_user_idx',
		'DROP INDEX passkeys_credential_idx',
		'DROP TABLE passkeys'
	],
	'0012_messages_and_reminders': [
		'DROP TABLE message_preferences',
		'DROP INDEX mail_jobs_due_idx',
		'DROP INDEX mail_jobs_key_unique',
		'DROP TABLE mail_jobs',
		'DROP INDEX messages_mail_job_idx',
		'DROP INDEX messages_recipient_idx',
		'DROP INDEX messages_event_recipient_day_unique',
		'DROP TABLE messages'
	],
	'0014_imrs': [
		'DROP INDEX imr_attachments_attachment_idx',
		'DROP TABLE imr_attachments',
		'DROP INDEX imr_versions_request_version_unique',
		'DROP TABLE imr_versions',
		'DROP INDEX imr_requests_agency_idx',
		'DROP INDEX imr_requests_case_agency_unique',
		'DROP TABLE imr_requests'
	],
	'0017_uploads': ['DROP INDEX resumable_uploads_stale_idx', 'DROP TABLE resumable_uploads'],
	'0016_review_entries': [
		'DROP INDEX case_review_entries_case_idx',
		'DROP TABLE case_review_entries'
	],
	'0015_review_work': [
		'DROP TABLE ofsted_dispatches',
		'DROP TRIGGER review_document_versions_no_delete',
		'DROP TRIGGER review_document_versions_no_update',
		'DROP TABLE review_document_versions',
		'DROP TABLE meeting_short_reports',
		'DROP TABLE review_meetings',
		'DROP TABLE specialist_opinions',
		'DROP TABLE review_milestones',
		'DROP TABLE panel_appointments'
	],
	'0018_dashboard_figures': [
		'DROP INDEX cases_opened_idx',
		'DROP TABLE clock_figures_meta',
		'DROP INDEX clock_figures_tally_idx',
		'DROP TABLE clock_figures',
		'DROP TRIGGER dashboard_notification_days_delete',
		'DROP TRIGGER dashboard_notification_days_update',
		'DROP TRIGGER dashboard_notification_days_insert',
		'DROP TABLE dashboard_notification_days'
	],
	'0019_procedure_presets': ['ALTER TABLE cases DROP COLUMN procedure'],
	'0021_dashboard_data_version': [
		'DROP TRIGGER dashboard_data_version_agencies_delete',
		'DROP TRIGGER dashboard_data_version_agencies_update',
		'DROP TRIGGER dashboard_data_version_agencies_insert',
		'DROP TRIGGER dashboard_data_version_short_report_requests_delete',
		'DROP TRIGGER dashboard_data_version_short_report_requests_update',
		'DROP TRIGGER dashboard_data_version_short_report_requests_insert',
		'DROP TRIGGER dashboard_data_version_clock_figures_delete',
		'DROP TRIGGER dashboard_data_version_clock_figures_update',
		'DROP TRIGGER dashboard_data_version_clock_figures_insert',
		'DROP TRIGGER dashboard_data_version_case_events_delete',
		'DROP TRIGGER dashboard_data_version_case_events_update',
		'DROP TRIGGER dashboard_data_version_case_events_insert',
		'DROP TRIGGER dashboard_data_version_cases_delete',
		'DROP TRIGGER dashboard_data_version_cases_update',
		'DROP TRIGGER dashboard_data_version_cases_insert',
		'DROP TRIGGER dashboard_data_version_dashboard_notification_days_delete',
		'DROP TRIGGER dashboard_data_version_dashboard_notification_days_update',
		'DROP TRIGGER dashboard_data_version_dashboard_notification_days_insert',
		'DROP TABLE dashboard_data_version'
	],
	'0013_report_columns': [
		'DROP INDEX case_events_transition_idx',
		'ALTER TABLE notifications DROP COLUMN serious_incident_category'
	]
};

interface JournalEntry {
	tag: string;
	when: number;
}

function journal(): JournalEntry[] {
	return (
		JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: JournalEntry[] }
	).entries;
}

/**
 * Undoes every migration after `tag` (newest first) and forgets `tag` and all after it, so the next
 * migrateDatabase applies `tag` again and then the rest. The undo of `tag` itself is the caller's:
 * it knows what state before it to recreate. Answers how many migration records were removed.
 */
export async function rollBackTo(client: Client, tag: string): Promise<number> {
	const entries = journal();
	const index = entries.findIndex((e) => e.tag === tag);
	if (index < 0) throw new Error(`no migration ${tag} in the journal`);
	const later = entries.slice(index + 1);
	const missing = later.map((e) => e.tag).filter((t) => !(t in UNDO));
	if (missing.length > 0)
		throw new Error(`add the undo of ${missing.join(', ')} to migration-rollback.ts`);
	for (const entry of [...later].reverse()) {
		for (const statement of UNDO[entry.tag] ?? []) await client.execute(statement);
	}
	const removed = await client.execute({
		sql: 'DELETE FROM __drizzle_migrations WHERE created_at >= ?',
		args: [entries[index]?.when ?? 0]
	});
	return removed.rowsAffected;
}

/** How many migrations the journal holds from `tag` on, `tag` included. */
export function migrationsFrom(tag: string): number {
	const entries = journal();
	return entries.length - entries.findIndex((e) => e.tag === tag);
}
