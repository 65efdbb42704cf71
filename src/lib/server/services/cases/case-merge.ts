import { eq } from 'drizzle-orm';
import type { Tx } from '$lib/server/db/transaction';
import { cases, notifications, type CaseRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { problem } from '$lib/server/infra/problem';
import { appendCaseEvent } from './case-events';
import { linkedNotificationStatus } from '$lib/domain/case/case-access';

/**
 * Moves every notification of `from`, a case opened twice and closing at triage, into the open
 * case `reference`, which gets a new version and a timeline event. Returns that case's reference.
 * Runs inside the transition that closes `from`, so both change together or not at all.
 */
export async function mergeCaseInto(
	tx: Tx,
	user: SessionUser,
	from: CaseRow,
	reference: string,
	now: Date
): Promise<string> {
	const [target] = await tx.select().from(cases).where(eq(cases.reference, reference));
	if (!target || target.id === from.id) {
		throw problem('INVALID_INPUT', {
			mergedInto: 'Enter the reference of another case, like SCR-2026-0007'
		});
	}
	if (target.state === 'closed') {
		throw problem('INVALID_INPUT', {
			mergedInto: `${target.reference} is closed: merge into a case that is still open`
		});
	}
	const moved = await tx
		.update(notifications)
		.set({ caseId: target.id, status: linkedNotificationStatus(target.state) })
		.where(eq(notifications.caseId, from.id))
		.returning({ id: notifications.id, reference: notifications.reference });
	const version = target.version + 1;
	await tx.update(cases).set({ version, updatedAt: now }).where(eq(cases.id, target.id));
	const detail = { fromCaseId: from.id, notificationIds: moved.map((n) => n.id), version };
	await appendCaseEvent(tx, {
		caseId: target.id,
		version,
		at: now,
		actorId: user.id,
		kind: 'case_merged',
		summary: `merged case ${from.reference} into this case, with its notifications ${moved
			.map((n) => n.reference)
			.join(', ')}`,
		detail
	});
	await recordAuditBy(tx, user, now, {
		action: 'case.merged',
		recordType: 'case',
		recordId: target.id,
		detail
	});
	return target.reference;
}
