import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, lt, max, ne, sql } from 'drizzle-orm';
import type { Tx } from '../db/transaction';
import type { Db } from '../db';
import { revokedSessions, sessions, users } from '../db/schema';
import type { Role } from '$lib/domain/roles';
import { sessionReaderOf } from './session-reader';

// Sessions following the Lucia guide: a random token in an HttpOnly cookie, only its SHA-256
// stored. Sliding expiry: a session used in its second half is extended.
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const RENEW_WHEN_LEFT_MS = SESSION_LIFETIME_MS / 2;
/**
 * "Last used" on the sessions page is this precise. Writing it on every request would make every
 * page view a write (docs/decisions/012); once in five minutes is enough to tell an idle phone.
 */
export const LAST_USED_PRECISION_MS = 5 * 60 * 1000;
/** The user agent kept for "where you are signed in": enough to name the browser. */
export const USER_AGENT_MAX_LENGTH = 512;
export const SESSION_COOKIE = 'session';
/**
 * On https the cookie's name carries the `__Host-` prefix: browsers then accept it only if it is
 * Secure, for path /, and set by this very host, so neither a sibling subdomain nor a plain-http
 * page can plant or overwrite a session (docs/decisions/018).
 */
export const SECURE_SESSION_COOKIE = '__Host-session';

export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The pending sign-in's cookie (second factor still to come), `__Host-` on https too. */
export function pendingCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-sign-in-pending' : 'sign-in-pending';
}

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	role: Role;
	agencyId: string | null;
	/** Until the person sets their own password, they may do nothing else (docs/decisions/019). */
	mustChangePassword: boolean;
}
export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}
/**
 * Why a presented token no longer works. The device keeps its unsent forms when a session has
 * merely expired ('expired', also said of a token we do not know) and wipes its data when an
 * administrator withdrew the session or disabled the account ('revoked'). docs/decisions/006.
 */
export type SessionProblem = 'expired' | 'revoked';

/** How long a revoked session's tombstone is kept (far beyond any session's lifetime). */
export const REVOKED_SESSION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export type SessionValidation =
	| { session: Session; user: SessionUser; renewed: boolean; problem: null }
	| { session: null; user: null; renewed: false; problem: 'expired' }
	/** `userId`: whose access was withdrawn, so the device wipes that user's data and no other's. */
	| { session: null; user: null; renewed: false; problem: 'revoked'; userId: string };

const expired: SessionValidation = {
	session: null,
	user: null,
	renewed: false,
	problem: 'expired'
};
function revoked(userId: string): SessionValidation {
	return { session: null, user: null, renewed: false, problem: 'revoked', userId };
}

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Db,
	token: string,
	userId: string,
	now = new Date(),
	userAgent: string | null = null
) {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS)
	};
	await db.insert(sessions).values({
		...session,
		createdAt: now,
		lastUsedAt: now,
		userAgent: userAgent?.slice(0, USER_AGENT_MAX_LENGTH) || null
	});
	return session;
}

async function tombstoneUser(db: Db, sessionId: string): Promise<string | undefined> {
	const [tombstone] = await db
		.select({ userId: revokedSessions.userId })
		.from(revokedSessions)
		.where(eq(revokedSessions.id, sessionId));
	return tombstone?.userId;
}

/**
 * When the user's access was last withdrawn (sessions revoked, account disabled), from the
 * tombstones still kept. A device key made before it belongs to a device that was to be wiped:
 * the device compares it with the time it saw when it made its key (docs/decisions/017).
 */
export async function accessWithdrawnAt(db: Db, userId: string): Promise<number | null> {
	const [row] = await db
		.select({ at: max(revokedSessions.revokedAt) })
		.from(revokedSessions)
		.where(eq(revokedSessions.userId, userId));
	return row?.at ? row.at.getTime() : null;
}

function prepareSessionLookup(db: Db) {
	return db
		.select({
			session: {
				id: sessions.id,
				userId: sessions.userId,
				expiresAt: sessions.expiresAt,
				lastUsedAt: sessions.lastUsedAt
			},
			user: {
				id: users.id,
				email: users.email,
				name: users.name,
				role: users.role,
				agencyId: users.agencyId,
				disabledAt: users.disabledAt,
				mustChangePassword: users.mustChangePassword
			}
		})
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare();
}

// Every request looks its session up, so the query is built once per database handle rather
// than by drizzle on every request (docs/decisions/012-performance.md).
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();

function sessionLookup(db: Db) {
	let lookup = sessionLookups.get(db);
	if (!lookup) {
		lookup = prepareSessionLookup(db);
		sessionLookups.set(db, lookup);
	}
	return lookup;
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): Promise<SessionValidation> {
	const id = sessionIdFromToken(token);
	const reader = sessionReaderOf(db);
	const row = reader ? reader.find(id) : (await sessionLookup(db).all({ id }))[0];
	if (!row) {
		// Only the failure path pays for this look-up.
		const revokedUser = reader ? reader.revokedUserOf(id) : await tombstoneUser(db, id);
		return revokedUser ? revoked(revokedUser) : expired;
	}
	// A disabled account counts as revoked even if the session had also run out: its device
	// must not keep case content for someone who no longer has access.
	if (row.user.disabledAt !== null) {
		await invalidateUserSessions(db, row.user.id, now);
		return revoked(row.user.id);
	}
	if (now.getTime() >= row.session.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return expired;
	}
	let renewed = false;
	const changes: { expiresAt?: Date; lastUsedAt?: Date } = {};
	if (row.session.expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS) {
		row.session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		changes.expiresAt = row.session.expiresAt;
		renewed = true;
	}
	const lastUsed = row.session.lastUsedAt?.getTime() ?? 0;
	if (now.getTime() - lastUsed >= LAST_USED_PRECISION_MS) changes.lastUsedAt = now;
	if (changes.expiresAt || changes.lastUsedAt) {
		await db.update(sessions).set(changes).where(eq(sessions.id, id));
	}
	const { disabledAt: _disabled, ...user } = row.user;
	const { lastUsedAt: _lastUsed, ...session } = row.session;
	return { session, user, renewed, problem: null };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Signs a user out everywhere: used by an administrator and when an account is disabled. Each
 * session leaves a tombstone so that its token is answered SESSION_REVOKED, not SESSION_EXPIRED,
 * and the device wipes its data. Tombstones past their retention are purged in the same write.
 */
export async function invalidateUserSessions(
	db: Db,
	userId: string,
	now = new Date()
): Promise<number> {
	return db.transaction((tx) => revokeSessions(tx, userId, now));
}

/**
 * Ends a user's sessions with tombstones (answered SESSION_REVOKED: the devices wipe their data),
 * inside a write transaction the caller holds, so that the change that calls for it (a disabled
 * account) and the revocation are stored together. `which` narrows it to one session (`only`) or
 * to all but one (`except`), always of this user.
 */
export async function revokeSessions(
	tx: Tx,
	userId: string,
	now: Date,
	which: { only?: string; except?: string } = {}
): Promise<number> {
	const removed = await tx
		.delete(sessions)
		.where(
			and(
				eq(sessions.userId, userId),
				which.only === undefined ? undefined : eq(sessions.id, which.only),
				which.except === undefined ? undefined : ne(sessions.id, which.except)
			)
		)
		.returning({ id: sessions.id });
	if (removed.length > 0) {
		await tx
			.insert(revokedSessions)
			.values(removed.map(({ id }) => ({ id, userId, revokedAt: now })))
			.onConflictDoNothing();
	}
	await tx
		.delete(revokedSessions)
		.where(lt(revokedSessions.revokedAt, new Date(now.getTime() - REVOKED_SESSION_RETENTION_MS)));
	return removed.length;
}

/**
 * Ends a user's other sessions without a tombstone, after they changed or reset their password:
 * those devices still belong to the same person, so they are answered SESSION_EXPIRED and keep
 * their unsent forms until the person signs in with the new password (docs/decisions/019).
 */
export async function endOtherSessions(tx: Tx, userId: string, except?: string): Promise<number> {
	const removed = await tx
		.delete(sessions)
		.where(
			and(eq(sessions.userId, userId), except === undefined ? undefined : ne(sessions.id, except))
		)
		.returning({ id: sessions.id });
	return removed.length;
}
