import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { passwordResetTokens, users } from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password';
import { endOtherSessions } from '$lib/server/auth/session';
import { problem } from '$lib/server/infra/problem';
import { recordAudit, recordAuditBy, type Actor } from '$lib/server/services/audit';
import { RESET_LINK_LIFETIME_HOURS } from '$lib/domain/account';

// One-time password-reset links (docs/decisions/019). The link's token is 32 random bytes; only
// its SHA-256 is stored, so someone who reads the database cannot use a link. No email is sent
// yet: the administrator is shown the link once and passes it on.

const LIFETIME_MS = RESET_LINK_LIFETIME_HOURS * 60 * 60 * 1000;
/** Used and expired links are kept this long for the record, then purged when a link is made. */
const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

function tokenId(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Makes a reset link's token for an account. Any earlier link for it stops working, so only the
 * newest link the administrator passed on is live. The token is returned once and never stored.
 */
export async function issuePasswordReset(
	db: Db,
	admin: Actor,
	userId: string,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	if (userId === admin.id) throw problem('CANNOT_CHANGE_OWN_ACCOUNT');
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const expiresAt = new Date(now.getTime() + LIFETIME_MS);
	await db.transaction(async (tx) => {
		const [user] = await tx
			.select({ disabledAt: users.disabledAt })
			.from(users)
			.where(eq(users.id, userId));
		if (!user) throw problem('NOT_FOUND');
		if (user.disabledAt !== null) throw problem('ACCOUNT_IS_DISABLED');
		await tx
			.update(passwordResetTokens)
			.set({ usedAt: now })
			.where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
		await tx
			.delete(passwordResetTokens)
			.where(lt(passwordResetTokens.expiresAt, new Date(now.getTime() - RETENTION_MS)));
		await tx.insert(passwordResetTokens).values({
			id: tokenId(token),
			userId,
			issuedBy: admin.id,
			createdAt: now,
			expiresAt
		});
		await recordAuditBy(tx, admin, now, {
			action: 'user.password_reset_link_issued',
			recordType: 'user',
			recordId: userId,
			detail: { expiresAt: expiresAt.getTime() }
		});
	});
	return { token, expiresAt };
}

/** The conditions under which a link may still be used, at `now`. */
function usable(id: string, now: Date) {
	return and(
		eq(passwordResetTokens.id, id),
		isNull(passwordResetTokens.usedAt),
		gt(passwordResetTokens.expiresAt, now)
	);
}

/** Whether a link can still be used: the reset page asks before showing its form. */
export async function isResetLinkUsable(db: Db, token: string, now = new Date()) {
	const [row] = await db
		.select({ userId: passwordResetTokens.userId })
		.from(passwordResetTokens)
		.innerJoin(users, eq(users.id, passwordResetTokens.userId))
		.where(and(usable(tokenId(token), now), isNull(users.disabledAt)));
	return row !== undefined;
}

/**
 * Sets a new password through a reset link, once. The link is claimed by one UPDATE that only an
 * unused, unexpired link matches, inside the write that sets the password: of several uses at
 * the same moment exactly one succeeds, and the others are told the link has been used. The
 * account's sessions end (without a tombstone: the devices are still the person's), and it no
 * longer needs to choose a password at sign-in, having just chosen one.
 */
export async function resetPasswordWithLink(
	db: Db,
	token: string,
	newPassword: string,
	now = new Date()
): Promise<void> {
	const id = tokenId(token);
	// Checked before hashing, so a wrong or spent link costs the server no argon2 work.
	if (!(await isResetLinkUsable(db, token, now))) throw problem('RESET_LINK_INVALID');
	const passwordHash = await hashPassword(newPassword);
	await db.transaction(async (tx) => {
		const [claimed] = await tx
			.update(passwordResetTokens)
			.set({ usedAt: now })
			.where(usable(id, now))
			.returning({ userId: passwordResetTokens.userId });
		if (!claimed) throw problem('RESET_LINK_INVALID');
		const [user] = await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: false })
			.where(and(eq(users.id, claimed.userId), isNull(users.disabledAt)))
			.returning({ id: users.id, role: users.role });
		// Disabled between the check and the claim: the transaction rolls back, the link with it.
		if (!user) throw problem('RESET_LINK_INVALID');
		const sessionsEnded = await endOtherSessions(tx, user.id);
		await recordAudit(
			tx,
			{
				actorId: user.id,
				actorRole: user.role,
				action: 'user.password_reset',
				recordType: 'user',
				recordId: user.id,
				detail: { sessionsEnded }
			},
			now
		);
	});
}
