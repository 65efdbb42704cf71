import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { passwordResetTokens, users } from '$lib/server/db/schema';
import { revokeSessions } from '$lib/server/auth/session';
import { problem } from '$lib/server/infra/problem';
import { recordAuditBy, type Actor } from '$lib/server/services/audit';

/**
 * Disables an account (someone leaving, a lost phone with a known password) or enables it again.
 * Disabling ends every session of the account with a tombstone, in the same write, so each of its
 * devices is answered SESSION_REVOKED at its next contact and wipes its data; the sign-in refuses
 * the account while `disabled_at` is set; and any reset link not yet used stops working.
 * Returns how many sessions were ended.
 */
export async function setAccountDisabled(
	db: Db,
	admin: Actor,
	userId: string,
	disabled: boolean,
	now = new Date()
): Promise<{ sessionsEnded: number }> {
	// An administrator who disabled themselves could lock the last administrator out.
	if (userId === admin.id) throw problem('CANNOT_CHANGE_OWN_ACCOUNT');
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ id: users.id, disabledAt: users.disabledAt })
			.from(users)
			.where(eq(users.id, userId));
		if (!user) throw problem('NOT_FOUND');
		// Asking twice changes nothing and records nothing: the first answer stands.
		if ((user.disabledAt !== null) === disabled) return { sessionsEnded: 0 };
		await tx
			.update(users)
			.set({ disabledAt: disabled ? now : null })
			.where(eq(users.id, userId));
		let sessionsEnded = 0;
		if (disabled) {
			sessionsEnded = await revokeSessions(tx, userId, now);
			await tx
				.update(passwordResetTokens)
				.set({ usedAt: now })
				.where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
		}
		await recordAuditBy(tx, admin, now, {
			action: disabled ? 'user.disabled' : 'user.enabled',
			recordType: 'user',
			recordId: userId,
			detail: disabled ? { sessionsEnded } : undefined
		});
		return { sessionsEnded };
	});
}
