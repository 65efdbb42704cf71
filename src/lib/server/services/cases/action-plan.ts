import { asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { actionPlanItemRevisions, agencies, users } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { changeCase, type CaseTarget } from './case-change';
import { findAgencies } from '$lib/server/services/users/directory';
import { problem } from '$lib/server/infra/problem';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { ACTION_ITEM_STATUS_WORDS, type ActionItemStatus } from '$lib/domain/case/action-plan';

// The action plan (§13.12–13.16). Items are append-only: every change is a new revision, so
// nothing is overwritten and the files-secured hold (files-hold.ts) holds by construction.

export interface ActionItemRow {
	id: string;
	ownerAgencyId: string;
	ownerAgencyName: string;
	action: string;
	dueOn: IsoDate;
	status: ActionItemStatus;
	evidence: string | null;
	/** Due date passed and not done. */
	overdue: boolean;
	/** 1 when added; each change adds one. */
	revision: number;
	updatedAt: number;
	updatedByName: string | null;
}

/** The latest revision of each item of the case, in the order they were added. */
export async function listActionItems(
	tx: Tx,
	caseId: string,
	today: IsoDate
): Promise<ActionItemRow[]> {
	const rows = await tx
		.select({
			id: actionPlanItemRevisions.itemId,
			revision: actionPlanItemRevisions.revision,
			ownerAgencyId: actionPlanItemRevisions.ownerAgencyId,
			ownerAgencyName: agencies.name,
			action: actionPlanItemRevisions.action,
			dueOn: actionPlanItemRevisions.dueOn,
			status: actionPlanItemRevisions.status,
			evidence: actionPlanItemRevisions.evidence,
			recordedAt: actionPlanItemRevisions.recordedAt,
			updatedByName: users.name
		})
		.from(actionPlanItemRevisions)
		.innerJoin(agencies, eq(actionPlanItemRevisions.ownerAgencyId, agencies.id))
		.leftJoin(users, eq(actionPlanItemRevisions.recordedBy, users.id))
		.where(eq(actionPlanItemRevisions.caseId, caseId))
		.orderBy(asc(actionPlanItemRevisions.recordedAt), asc(actionPlanItemRevisions.revision));
	const latest = new Map<string, (typeof rows)[number]>();
	for (const row of rows) {
		const seen = latest.get(row.id);
		if (!seen || row.revision > seen.revision) latest.set(row.id, row);
	}
	const items: ActionItemRow[] = [];
	for (const { recordedAt, ...row } of latest.values()) {
		items.push({
			...row,
			overdue: row.status !== 'done' && today > row.dueOn,
			updatedAt: recordedAt.getTime()
		});
	}
	return items;
}

/** Action plan items not yet done: a fact the move out of monitoring depends on (§13.16). */
/** How many items the case's action plan has, and how many of them are not done. */
export async function countActionItems(
	tx: Tx,
	caseId: string
): Promise<{ all: number; open: number }> {
	const items = await listActionItems(tx, caseId, '1900-01-01');
	return { all: items.length, open: items.filter((item) => item.status !== 'done').length };
}

export interface NewActionItem extends CaseTarget {
	ownerAgencyId: string;
	action: string;
	dueOn: IsoDate;
}

export async function addActionItem(
	db: Db,
	user: SessionUser,
	input: NewActionItem,
	now = new Date()
) {
	return changeCase(db, user, input, now, async (tx, row) => {
		const agency = (await findAgencies(tx, [input.ownerAgencyId])).get(input.ownerAgencyId);
		if (agency === undefined) {
			throw problem('INVALID_INPUT', { ownerAgencyId: 'Select the agency that owns the action' });
		}
		const itemId = crypto.randomUUID();
		await tx.insert(actionPlanItemRevisions).values({
			itemId,
			revision: 1,
			caseId: row.id,
			ownerAgencyId: input.ownerAgencyId,
			action: input.action,
			dueOn: input.dueOn,
			status: 'open',
			evidence: null,
			recordedAt: now,
			recordedBy: user.id
		});
		return {
			event: {
				kind: 'action_item_added',
				summary: `added an action plan item for ${agency}`,
				detail: { itemId, ownerAgencyId: input.ownerAgencyId, dueOn: input.dueOn }
			},
			audit: {
				action: 'case.action_item_added',
				detail: { itemId, after: { ownerAgencyId: input.ownerAgencyId, dueOn: input.dueOn } }
			},
			extra: { itemId }
		};
	});
}

export interface ActionItemUpdate extends CaseTarget {
	itemId: string;
	status: ActionItemStatus;
	evidence?: string;
}

/** Records a new status (and evidence) for an item, as a new revision. Done needs evidence. */
export async function updateActionItem(
	db: Db,
	user: SessionUser,
	input: ActionItemUpdate,
	now = new Date()
) {
	return changeCase(db, user, input, now, async (tx, row) => {
		const item = (await listActionItems(tx, row.id, todayIso(now))).find(
			(candidate) => candidate.id === input.itemId
		);
		if (!item) throw problem('NOT_FOUND');
		const evidence = input.evidence ?? item.evidence;
		if (input.status === 'done' && !evidence) {
			throw problem('INVALID_INPUT', {
				evidence: 'Enter the evidence that the action is done (§13.16)'
			});
		}
		await tx.insert(actionPlanItemRevisions).values({
			itemId: item.id,
			revision: item.revision + 1,
			caseId: row.id,
			ownerAgencyId: item.ownerAgencyId,
			action: item.action,
			dueOn: item.dueOn,
			status: input.status,
			evidence: evidence ?? null,
			recordedAt: now,
			recordedBy: user.id
		});
		const before = { status: item.status, evidence: item.evidence, revision: item.revision };
		const after = { status: input.status, evidence: evidence ?? null, revision: item.revision + 1 };
		return {
			event: {
				kind: 'action_item_updated',
				summary: `marked the action plan item for ${item.ownerAgencyName} ${ACTION_ITEM_STATUS_WORDS[input.status]}`,
				detail: { itemId: item.id, before, after }
			},
			audit: { action: 'case.action_item_updated', detail: { itemId: item.id, before, after } },
			extra: {}
		};
	});
}
