import type { SessionUser } from '$lib/server/auth/session';
import { appDatabase } from '$lib/server/startup';
import { unreadCount } from '$lib/server/services/reminders/messages';

/**
 * The signed-in person as the header shows them, with their unread messages counted on the server
 * (decision 024), so no page loads code of its own for the count.
 */
export async function headerUser(user: SessionUser) {
	const { db } = await appDatabase();
	return { name: user.name, role: user.role, unread: await unreadCount(db, user.id) };
}
