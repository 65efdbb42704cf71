import type { Db } from '$lib/server/db';
import { inGroupCommit, type GroupStore } from '$lib/server/db/group-commit';
import {
	recordAuditEvents,
	type Actor,
	type AuditInput,
	type UserAuditInput
} from '$lib/server/services/audit';

// The audit event of a view of case content, stored with the app's group commit
// (docs/decisions/034). A view changes nothing, so its event need not share a transaction with
// the read; it must only be durable before the page is sent. Every view used to pay for a write
// transaction of its own and the disk's flush at its COMMIT, one after another on the one
// connection: at 32 clients that flush was the limit. Now the views that arrive together share
// one transaction and one flush, and each caller still waits for the COMMIT that holds its event
// (a failed COMMIT fails the page: it is never shown unaudited).

interface ViewEvent {
	input: AuditInput;
	at: Date;
}

const viewEvents: GroupStore<ViewEvent, void> = {
	async storeGroup(tx, items) {
		// One read of the chain's end and a multi-row INSERT for the whole group, in order.
		await recordAuditEvents(tx, items);
		return items.map(() => undefined);
	},
	async storeOne(tx, item) {
		await recordAuditEvents(tx, [item]);
	}
};

/** Records that `user` viewed something, durably, before returning. */
export async function recordViewBy(
	db: Db,
	user: Actor,
	now: Date,
	input: UserAuditInput
): Promise<void> {
	await inGroupCommit(db, viewEvents, {
		input: { actorId: user.id, actorRole: user.role, ...input },
		at: now
	});
}
