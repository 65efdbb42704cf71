import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '$lib/server/db';
import { agencies, notifications, users } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordViewBy } from '$lib/server/services/audit-views';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { IncidentType, YesNoNotKnown } from '$lib/domain/notification/notification-options';
import {
	encodeQueueCursor,
	type QueuePosition,
	type QueueSort
} from '$lib/domain/triage/queue-cursor';
import { ANSWERS_NEEDING_ACTION, type PinRank } from '$lib/domain/triage/other-children';
import type { SeriousIncidentCategory } from '$lib/domain/notification/notification-options';
import { leadLscb } from '$lib/domain/triage/lead-authority';
import { reportsChildDeath } from '$lib/domain/triage/cdop';
import {
	notificationTriageClock,
	type TriageClockStatus
} from '$lib/domain/triage/triage-deadline';

// The triage queue (docs/procedure.md, Triage): untriaged notifications, those waiting for the
// action for other children first (§13.1: "yes", then "not known"), then in the chosen order,
// paged by keyset so a page never repeats or skips a row.

export interface QueueFilters {
	type?: IncidentType;
	agencyId?: string;
	assignedToMe?: boolean;
	overdue?: boolean;
	/** True: answered yes or not known (§13.1); false: answered no. */
	otherChildrenAtRisk?: boolean;
}

export interface QueueRequest extends QueueFilters {
	sort: QueueSort;
	/** Where the previous page ended (decoded from the cursor), or null for the first page. */
	after: QueuePosition | null;
	limit: number;
}

export interface QueueRow {
	id: string;
	reference: string;
	receivedAt: number;
	incidentType: IncidentType;
	otherChildrenAtRisk: YesNoNotKnown;
	otherChildrenActionAt: number | null;
	/** 2 "yes", 1 "not known", while no action is recorded; else 0 (domain/triage/other-children). */
	pinRank: PinRank;
	/** Waiting for the action for other children: shown at the top with its flag. */
	pinned: boolean;
	agencyName: string | null;
	firstChildName: string;
	childCount: number;
	assignee: { id: string; name: string } | null;
	dueOn: string;
	daysLeft: number;
	clockStatus: TriageClockStatus;
	/** The lead LSCB (§13.3–13.4), or null until the Unit records where the child lives. */
	leadLscb: string | null;
	/** A child's death not yet recorded as reported to CDOP (§13.5). */
	cdopAwaited: boolean;
}

/** A notification no one has triaged yet: received, not returned, not in a case. */
export const untriaged: SQL = and(
	eq(notifications.status, 'received'),
	isNull(notifications.caseId)
) as SQL;

interface SortKey {
	column: SQLiteColumn;
	direction: 'asc' | 'desc';
	value: unknown;
}

function sortKeys(sort: QueueSort, at: QueuePosition): SortKey[] {
	const pinned: SortKey = { column: notifications.pinRank, direction: 'desc', value: at.pinRank };
	const received = new Date(at.receivedAt);
	switch (sort) {
		case 'deadline':
			return [
				pinned,
				{ column: notifications.triageDueOn, direction: 'asc', value: at.dueOn },
				{ column: notifications.receivedAt, direction: 'asc', value: received },
				{ column: notifications.id, direction: 'asc', value: at.id }
			];
		case 'oldest':
			return [
				pinned,
				{ column: notifications.receivedAt, direction: 'asc', value: received },
				{ column: notifications.id, direction: 'asc', value: at.id }
			];
		case 'newest':
			return [
				pinned,
				{ column: notifications.receivedAt, direction: 'desc', value: received },
				{ column: notifications.id, direction: 'desc', value: at.id }
			];
	}
}

/** Rows strictly after `keys` in their order: (k1 > v1) or (k1 = v1 and k2 > v2) or ... */
function strictlyAfter(keys: readonly SortKey[]): SQL {
	const branches = keys.map((key, index) =>
		and(
			...keys.slice(0, index).map((earlier) => eq(earlier.column, earlier.value)),
			key.direction === 'asc' ? gt(key.column, key.value) : lt(key.column, key.value)
		)
	);
	return or(...branches) as SQL;
}

function orderBy(sort: QueueSort) {
	// Any position gives the columns; only their order matters here.
	const keys = sortKeys(sort, { sort, pinRank: 0, dueOn: '', receivedAt: 0, id: '' });
	return keys.map((key) => (key.direction === 'asc' ? asc(key.column) : desc(key.column)));
}

function filterConditions(user: SessionUser, filters: QueueFilters, today: string): SQL[] {
	const conditions: SQL[] = [untriaged];
	if (filters.type) conditions.push(eq(notifications.incidentType, filters.type));
	if (filters.agencyId) conditions.push(eq(notifications.notifierAgencyId, filters.agencyId));
	if (filters.assignedToMe) conditions.push(eq(notifications.assigneeId, user.id));
	if (filters.overdue === true) conditions.push(lt(notifications.triageDueOn, today));
	if (filters.overdue === false) conditions.push(gte(notifications.triageDueOn, today));
	if (filters.otherChildrenAtRisk === true) {
		conditions.push(inArray(notifications.otherChildrenAtRisk, [...ANSWERS_NEEDING_ACTION]));
	}
	if (filters.otherChildrenAtRisk === false) {
		conditions.push(eq(notifications.otherChildrenAtRisk, 'no'));
	}
	return conditions;
}

/**
 * One page of the queue as of `now`, and the cursor of the next page (null on the last). Each
 * page view is audited with the ids it showed: the queue shows children's names.
 */
export async function triageQueuePage(
	db: Db,
	user: SessionUser,
	request: QueueRequest,
	now = new Date()
): Promise<{ items: QueueRow[]; next: string | null }> {
	const today = todayIso(now);
	const conditions = filterConditions(user, request, today);
	if (request.after) conditions.push(strictlyAfter(sortKeys(request.sort, request.after)));
	// A read: the view's audit event is stored by group commit before the page is returned.
	const rows = await db
		.select({
			id: notifications.id,
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			incidentType: notifications.incidentType,
			otherChildrenAtRisk: notifications.otherChildrenAtRisk,
			otherChildrenActionAt: notifications.otherChildrenActionAt,
			pinRank: notifications.pinRank,
			agencyName: agencies.name,
			firstChildName: notifications.firstChildName,
			childCount: notifications.childCount,
			assigneeId: notifications.assigneeId,
			assigneeName: users.name,
			triageDueOn: notifications.triageDueOn,
			leadAuthority: notifications.leadAuthority,
			cdopInformed: notifications.cdopInformed,
			seriousIncidentCategory: sql<SeriousIncidentCategory | null>`json_extract(${notifications.form}, '$.seriousIncidentCategory')`
		})
		.from(notifications)
		.leftJoin(agencies, eq(notifications.notifierAgencyId, agencies.id))
		.leftJoin(users, eq(notifications.assigneeId, users.id))
		.where(and(...conditions))
		.orderBy(...orderBy(request.sort))
		.limit(request.limit + 1);
	const page = rows.slice(0, request.limit);
	const items = page.map((row): QueueRow => {
		const clock = notificationTriageClock(row, today);
		return {
			id: row.id,
			reference: row.reference,
			receivedAt: row.receivedAt.getTime(),
			incidentType: row.incidentType,
			otherChildrenAtRisk: row.otherChildrenAtRisk,
			otherChildrenActionAt: row.otherChildrenActionAt?.getTime() ?? null,
			pinRank: row.pinRank,
			pinned: row.pinRank > 0,
			agencyName: row.agencyName,
			firstChildName: row.firstChildName ?? '',
			childCount: row.childCount ?? 0,
			assignee:
				row.assigneeId && row.assigneeName ? { id: row.assigneeId, name: row.assigneeName } : null,
			...clock,
			leadLscb: row.leadAuthority ? leadLscb(row.leadAuthority) : null,
			cdopAwaited: reportsChildDeath(row) && !row.cdopInformed
		};
	});
	const last = items.at(-1);
	const next =
		rows.length > request.limit && last
			? encodeQueueCursor({
					sort: request.sort,
					pinRank: last.pinRank,
					dueOn: last.dueOn,
					receivedAt: last.receivedAt,
					id: last.id
				})
			: null;
	await recordViewBy(db, user, now, {
		action: 'triage.queue_viewed',
		recordType: 'notification',
		detail: { ids: items.map((item) => item.id), sort: request.sort }
	});
	return { items, next };
}
