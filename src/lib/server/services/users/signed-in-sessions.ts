import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { revokeSessions } from '$lib/server/auth/session';
import { recordAuditBy, type Actor } from '$lib/server/services/audit';
import { describeUserAgent } from '$lib/domain/user-agent';

/**
 * "Where you are signed in": the person's own sessions, newest use first, each named by its
 * browser and device. The session id (the SHA-256 of its token, which cannot be turned back into
 * the token) identifies the row to sign out; nobody but the owner is shown it.
 */
export async function listOwnSessions(db: Db, userId: string, currentSessionId: string) {
	const rows = await db
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastUsedAt: sessions.lastUsedAt,
			userAgent: sessions.userAgent
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt))
		// A person has a handful of sessions; the bound keeps a runaway script's from filling a page.
		.limit(100);
	return rows
		.map((row) => ({
			id: row.id,
			...describeUserAgent(row.userAgent),
			signedInAt: row.createdAt.getTime(),
			lastUsedAt: (row.lastUsedAt ?? row.createdAt).getTime(),
			current: row.id === currentSessionId
		}))
		.sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Signs the person out of one of their sessions, or of all but the one they are using. A
 * tombstone is left, as when an administrator does it: this is how someone withdraws a lost or
 * shared device, which must wipe its data at its next contact. Another person's session is not
 * found (nothing happens).
 */
export async function signOutOwnSessions(
	db: Db,
	user: Actor,
	currentSessionId: string,
	which: { only: string } | { allOthers: true },
	now = new Date()
): Promise<number> {
	return db.transaction(async (tx) => {
		const ended =
			'only' in which
				? which.only === currentSessionId
					? 0
					: await revokeSessions(tx, user.id, now, { only: which.only })
				: await revokeSessions(tx, user.id, now, { except: currentSessionId });
		if (ended > 0)
			await recordAuditBy(tx, user, now, {
				action: 'only' in which ? 'auth.session_signed_out' : 'auth.other_sessions_signed_out',
				recordType: 'user',
				recordId: user.id,
				detail: { ended }
			});
		return ended;
	});
}

/** Whether `sessionId` is one of this user's sessions (and so may be signed out by them). */
export async function ownsSession(db: Db, userId: string, sessionId: string) {
	const [row] = await db
		.select({ id: sessions.id })
		.from(sessions)
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
	return row !== undefined;
}
