import Database from 'libsql';
import { fileUrlOf, type Db } from '../db';
import type { Role } from '$lib/domain/roles';

/**
 * The session lookup that every request makes, on a read connection of its own with its
 * statement prepared once (docs/decisions/012-performance.md).
 *
 * Through the app's one connection, each lookup was prepared anew by @libsql/client and waited
 * for any open write transaction to finish first. A second connection to the same file reads in
 * WAL mode beside the writer without waiting, and it sees exactly what is committed: a session
 * stored or deleted by a committed write is found or missing on the very next lookup. It only
 * reads, so it takes no lock a writer could wait for.
 */
export interface SessionRow {
	session: { id: string; userId: string; expiresAt: Date; lastUsedAt: Date | null };
	user: {
		id: string;
		email: string;
		name: string;
		role: Role;
		agencyId: string | null;
		disabledAt: Date | null;
		mustChangePassword: boolean;
	};
}

interface RawRow {
	session_id: string;
	user_id: string;
	expires_at: number;
	last_used_at: number | null;
	email: string;
	name: string;
	role: Role;
	agency_id: string | null;
	disabled_at: number | null;
	must_change_password: number;
}

const LOOKUP = `
	SELECT s.id AS session_id, s.user_id, s.expires_at, s.last_used_at,
	       u.email, u.name, u.role, u.agency_id, u.disabled_at, u.must_change_password
	FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.id = ?`;

const TOMBSTONE = 'SELECT user_id FROM revoked_sessions WHERE id = ?';

export interface SessionReader {
	/** The session and its user, if the session is stored. */
	find(sessionId: string): SessionRow | undefined;
	/** Whose session it was, if an administrator withdrew it (its tombstone is kept). */
	revokedUserOf(sessionId: string): string | undefined;
}

const readers = new WeakMap<Db, SessionReader | null>();

// A plain `file:` path. Anything fancier (a query string, percent-escapes, `file://host/`,
// `:memory:`) is left to @libsql/client's own parsing: a reader that opened another file would
// find no sessions table.
const PLAIN_FILE_URL = /^file:([^?%#:/][^?%#:]*|\/[^/?%#:][^?%#:]*)$/;

/**
 * A session reader on the file at `url`, if `url` is a plain path; otherwise none, and sessions
 * are looked up through the app's connection.
 */
function openSessionReader(url: string | undefined): SessionReader | null {
	const path = url === undefined ? undefined : PLAIN_FILE_URL.exec(url)?.[1];
	if (!path) return null;
	const connection = new Database(path);
	// A reader in WAL mode waits only in rare cases (another connection recovering the log);
	// a second at most, rather than failing the request at once.
	connection.exec('PRAGMA busy_timeout = 1000');
	// Prepared on first use: the tables exist only once the migrations have run.
	let lookup: Database.Statement<[string]> | undefined;
	let tombstone: Database.Statement<[string]> | undefined;
	return {
		find(sessionId) {
			lookup ??= connection.prepare<[string]>(LOOKUP);
			const row = lookup.get(sessionId) as RawRow | undefined;
			if (!row) return undefined;
			return {
				session: {
					id: row.session_id,
					userId: row.user_id,
					expiresAt: new Date(row.expires_at),
					lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at)
				},
				user: {
					id: row.user_id,
					email: row.email,
					name: row.name,
					role: row.role,
					agencyId: row.agency_id,
					disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
					mustChangePassword: row.must_change_password !== 0
				}
			};
		},
		revokedUserOf(sessionId) {
			tombstone ??= connection.prepare<[string]>(TOMBSTONE);
			return (tombstone.get(sessionId) as { user_id: string } | undefined)?.user_id;
		}
	};
}

/**
 * The session reader of `db`, opened on first use, if it has one (a libSQL server has none: see
 * validateSessionToken).
 */
export function sessionReaderOf(db: Db): SessionReader | undefined {
	if (!readers.has(db)) readers.set(db, openSessionReader(fileUrlOf(db)));
	return readers.get(db) ?? undefined;
}
