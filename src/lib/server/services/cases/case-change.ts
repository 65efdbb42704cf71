import { and, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { cases, type CaseRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { type AuditAction, recordAuditBy } from '$lib/server/services/audit';
import { appendCaseEvent, changesSince, type NewCaseEvent } from './case-events';
import { storeClockFigures } from './clock-figures';
import { requireOtherChildrenActionInCase } from '$lib/server/services/triage/other-children';
import { requireCdopInformedInCase } from '$lib/server/services/triage/lead-authority';
import { problem } from '$lib/server/infra/problem';
import { casesListColumns } from './cases-list';
import { conflictMessage } from '$lib/domain/case/change-conflict';

// Every change to a case goes through `changeCase`: scope, then the version it was based on,
// then the change, its timeline event and its audit event, all in one write transaction.

/**
 * The case if `user` may see it. The Unit and the Chair see every case (the Chair reads all a
 * decision rests on, and acts only where the transition table lets them). Anyone else is told it
 * is not found, so existence is never revealed.
 */
export async function findCaseInScope(tx: Tx, user: SessionUser, id: string): Promise<CaseRow> {
	const [row] = await tx.select().from(cases).where(eq(cases.id, id));
	if (!row) throw problem('NOT_FOUND');
	if (user.role === 'unit' || user.role === 'chair') return row;
	throw problem('NOT_FOUND');
}

export interface CaseChangeOutcome<Extra> {
	/** Columns of the case to change, besides its version and update time. */
	set?: Partial<Omit<CaseRow, 'id' | 'version' | 'updatedAt'>>;
	event: Omit<NewCaseEvent, 'caseId' | 'version' | 'at' | 'actorId'>;
	audit: { action: AuditAction; detail?: Record<string, unknown> };
	extra: Extra;
}

export interface CaseTarget {
	id: string;
	/** The version the user's change was based on. */
	version: number;
}

/**
 * Applies one change to a case, or refuses it: NOT_FOUND out of scope, VERSION_CONFLICT naming
 * what changed since `target.version`, CASE_CLOSED for a closed case (unless `closedToo`),
 * OTHER_CHILDREN_FIRST for a change that would close it while a notification in it still needs
 * its action for other children (§13.1), CDOP_FIRST for one that would close a case of a child's
 * death before "CDOP informed" is recorded (§13.5). On success the case has a new version, a timeline event
 * and an audit event.
 */
export async function changeCase<Extra extends object>(
	db: Db,
	user: SessionUser,
	target: CaseTarget,
	now: Date,
	change: (tx: Tx, row: CaseRow) => CaseChangeOutcome<Extra> | Promise<CaseChangeOutcome<Extra>>,
	options: { closedToo?: boolean } = {}
): Promise<{ version: number } & Extra> {
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, target.id);
		if (row.version !== target.version) {
			const changes = await changesSince(tx, row.id, target.version);
			throw problem('VERSION_CONFLICT', undefined, conflictMessage(changes, now));
		}
		if (row.state === 'closed' && !options.closedToo) throw problem('CASE_CLOSED');
		const outcome = await change(tx, row);
		// However a case comes to close, a notification in it still waiting for its action for
		// other children keeps it open (§13.1; only cases opened before that rule can hold one).
		if (outcome.set?.state === 'closed' && row.state !== 'closed') {
			await requireOtherChildrenActionInCase(tx, row.id);
			await requireCdopInformedInCase(tx, row.id, outcome.set.classification ?? row.classification);
		}
		const version = row.version + 1;
		// The cases list's sort key follows the dates (cases-list.ts).
		const listKey = casesListColumns(outcome.set?.dates ?? row.dates, now, row.procedure);
		await tx
			.update(cases)
			.set({ ...outcome.set, ...listKey, version, updatedAt: now })
			.where(and(eq(cases.id, row.id), eq(cases.version, row.version)));
		// The dashboard's stored clocks move with the case, in this same transaction (decision 030):
		// after every change, not only those that set dates, so none can be missed.
		await storeClockFigures(tx, row.id);
		await appendCaseEvent(tx, {
			...outcome.event,
			caseId: row.id,
			version,
			at: now,
			actorId: user.id
		});
		await recordAuditBy(tx, user, now, {
			action: outcome.audit.action,
			recordType: 'case',
			recordId: row.id,
			detail: { ...outcome.audit.detail, version }
		});
		return { version, ...outcome.extra };
	});
}
