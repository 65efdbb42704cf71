import { and, asc, desc, eq, gt, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { cases, users } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordViewBy } from '$lib/server/services/audit-views';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseDates } from '$lib/domain/case/case-dates';
import type { CaseState } from '$lib/domain/case/case-states';
import { computeClocks, nextDueClock } from '$lib/domain/case/clocks';
import {
	casesListKey,
	encodeCasesListCursor,
	NO_RUNNING_CLOCK,
	type CasesListPosition,
	type CasesListSort
} from '$lib/domain/case/cases-list';
import {
	DEFAULT_PROCEDURE_PRESET,
	presetClocks,
	presetStateLabel,
	type ProcedurePresetId
} from '$lib/domain/procedure-presets/presets';
import type { CaseListRow } from './cases';

// The Unit's cases list, one page at a time (keyset paging, as the triage queue): the order is
// kept in SQL on stored keys, so a page reads 25 rows from an index at any number of cases
// (docs/decisions/034). The next deadline is computed from the case's dates with the bank
// holiday calendar, which SQL cannot do: the key is stored on the case, written with every
// change, and renewed here when a recorded date it depended on arrives.

/** The stored sort key columns for a case with these dates under its procedure, as of `now`. */
export function casesListColumns(
	dates: CaseDates,
	now: Date,
	procedure: ProcedurePresetId = DEFAULT_PROCEDURE_PRESET
) {
	const key = casesListKey(dates, todayIso(now), presetClocks(procedure));
	return { nextDueOn: key.nextDueOn, listKeyValidUntil: key.validUntil };
}

/** A key not yet computed, or computed before a recorded date that has now arrived. */
const staleKey = (today: IsoDate) =>
	or(isNull(cases.listKeyValidUntil), lte(cases.listKeyValidUntil, today));

/**
 * Computes the key of every case whose key is missing (stored before the column existed) or may
 * have changed since (a recorded date has arrived). Few rows after the first run: only cases
 * with a date that has just arrived.
 */
export async function renewCasesListKeys(tx: Tx, now: Date): Promise<number> {
	const stale = await tx
		.select({ id: cases.id, dates: cases.dates, procedure: cases.procedure })
		.from(cases)
		.where(staleKey(todayIso(now)));
	for (const row of stale) {
		await tx
			.update(cases)
			.set(casesListColumns(row.dates, now, row.procedure))
			.where(eq(cases.id, row.id));
	}
	return stale.length;
}

/** At start-up, after the migrations: fills the key of cases stored before it existed. */
export async function fillCasesListKeys(db: Db, now = new Date()): Promise<number> {
	return db.transaction((tx) => renewCasesListKeys(tx, now));
}

/** Who owns the cases shown: the caller, nobody yet, or one member of the Unit. */
export type CasesListOwner = 'me' | 'none' | { id: string };

export interface CasesListFilters {
	state?: CaseState;
	owner?: CasesListOwner;
	/** Only cases whose next deadline has passed. */
	overdue?: boolean;
}

export interface CasesListRequest extends CasesListFilters {
	sort: CasesListSort;
	/** Where the previous page ended (decoded from the cursor), or null for the first page. */
	after: CasesListPosition | null;
	limit: number;
}

interface SortKey {
	column: SQLiteColumn;
	direction: 'asc' | 'desc';
	value: unknown;
}

function sortKeys(sort: CasesListSort, at: CasesListPosition): SortKey[] {
	// Among equal deadlines (or none), the most recently changed first, as the list always was.
	const updated: SortKey[] = [
		{ column: cases.updatedAt, direction: 'desc', value: new Date(at.updatedAt) },
		{ column: cases.id, direction: 'desc', value: at.id }
	];
	if (sort === 'updated') return updated;
	return [{ column: cases.nextDueOn, direction: 'asc', value: at.nextDueOn }, ...updated];
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

function filterConditions(user: SessionUser, filters: CasesListFilters, today: IsoDate): SQL[] {
	const conditions: SQL[] = [];
	if (filters.state) conditions.push(eq(cases.state, filters.state));
	if (filters.owner === 'me') conditions.push(eq(cases.ownerId, user.id));
	else if (filters.owner === 'none') conditions.push(isNull(cases.ownerId));
	else if (filters.owner) conditions.push(eq(cases.ownerId, filters.owner.id));
	// NO_RUNNING_CLOCK is never before today, so a case with no running clock is never overdue.
	if (filters.overdue) conditions.push(lt(cases.nextDueOn, today));
	return conditions;
}

/**
 * One page of the cases `user` may see, as of `now`, and the cursor of the next page (null on
 * the last). Each page view is audited with the ids it showed, in the same transaction.
 */
export async function casesListPage(
	db: Db,
	user: SessionUser,
	request: CasesListRequest,
	now = new Date()
): Promise<{ items: CaseListRow[]; next: string | null }> {
	const today = todayIso(now);
	const conditions = filterConditions(user, request, today);
	const keys = sortKeys(request.sort, {
		sort: request.sort,
		nextDueOn: '',
		updatedAt: 0,
		id: ''
	});
	if (request.after) conditions.push(strictlyAfter(sortKeys(request.sort, request.after)));
	// Keys renewed in a write only when one is stale (rare: a recorded date has just arrived).
	const [stale] = await db.select({ id: cases.id }).from(cases).where(staleKey(today)).limit(1);
	if (stale) await db.transaction((tx) => renewCasesListKeys(tx, now));
	// A read: the view's audit event is stored by group commit before the page is returned.
	{
		const rows = await db
			.select({
				id: cases.id,
				reference: cases.reference,
				state: cases.state,
				dates: cases.dates,
				procedure: cases.procedure,
				ownerId: cases.ownerId,
				ownerName: users.name,
				updatedAt: cases.updatedAt,
				nextDueOn: cases.nextDueOn
			})
			.from(cases)
			.leftJoin(users, eq(cases.ownerId, users.id))
			.where(and(...conditions))
			.orderBy(...keys.map((key) => (key.direction === 'asc' ? asc(key.column) : desc(key.column))))
			.limit(request.limit + 1);
		const page = rows.slice(0, request.limit);
		const items = page.map((row): CaseListRow => ({
			id: row.id,
			reference: row.reference,
			state: row.state,
			stateLabel: presetStateLabel(row.procedure, row.state),
			owner: row.ownerId && row.ownerName ? { id: row.ownerId, name: row.ownerName } : null,
			nextClock:
				nextDueClock(computeClocks(row.dates, today, { preset: presetClocks(row.procedure) })) ??
				null,
			updatedAt: row.updatedAt.getTime()
		}));
		const last = page.at(-1);
		const next =
			rows.length > request.limit && last
				? encodeCasesListCursor({
						sort: request.sort,
						nextDueOn: last.nextDueOn ?? NO_RUNNING_CLOCK,
						updatedAt: last.updatedAt.getTime(),
						id: last.id
					})
				: null;
		await recordViewBy(db, user, now, {
			action: 'case.list_viewed',
			recordType: 'case',
			detail: {
				ids: items.map((item) => item.id),
				sort: request.sort,
				filters: {
					state: request.state,
					owner: typeof request.owner === 'object' ? request.owner.id : request.owner,
					overdue: request.overdue
				}
			}
		});
		return { items, next };
	}
}
