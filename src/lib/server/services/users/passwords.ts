import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { hashPassword, verifyPasswordHash } from '$lib/server/auth/password';
import { endOtherSessions } from '$lib/server/auth/session';
import { problem } from '$lib/server/infra/problem';
import { recordAuditBy, type Actor } from '$lib/server/services/audit';

/**
 * A signed-in person changes their own password, proving it is them with the current one (a
 * session left open on a shared computer is not enough). Their other sessions end, without a
 * tombstone: those devices are theirs and keep unsent forms until they sign in with the new
 * password. The session they used stays. This is also how an account an administrator created
 * chooses its own password, which lifts the requirement.
 */
export async function changeOwnPassword(
	db: Db,
	user: Actor,
	currentSessionId: string,
	input: { currentPassword: string; newPassword: string },
	now = new Date()
): Promise<{ sessionsEnded: number }> {
	const [row] = await db
		.select({ passwordHash: users.passwordHash, mustChangePassword: users.mustChangePassword })
		.from(users)
		.where(eq(users.id, user.id));
	if (!row) throw problem('NOT_FOUND');
	if (!(await verifyPasswordHash(row.passwordHash, input.currentPassword))) {
		await db.transaction((tx) =>
			recordAuditBy(tx, user, now, {
				action: 'user.password_change_refused',
				recordType: 'user',
				recordId: user.id,
				detail: { reason: 'current_password_wrong' }
			})
		);
		throw problem('CURRENT_PASSWORD_WRONG', {
			currentPassword: 'Your current password is not right. Enter the password you signed in with'
		});
	}
	const passwordHash = await hashPassword(input.newPassword);
	return db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: false })
			.where(eq(users.id, user.id));
		const sessionsEnded = await endOtherSessions(tx, user.id, currentSessionId);
		await recordAuditBy(tx, user, now, {
			action: 'user.password_changed',
			recordType: 'user',
			recordId: user.id,
			detail: { firstPassword: row.mustChangePassword, sessionsEnded }
		});
		return { sessionsEnded };
	});
}
