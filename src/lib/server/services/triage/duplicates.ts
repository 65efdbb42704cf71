import { and, desc, eq, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { Tx } from '$lib/server/db/transaction';
import { cases, notificationChildren, notifications } from '$lib/server/db/schema';
import {
	duplicateReasons,
	mergeReasons,
	type ChildIdentity,
	type DuplicateReason,
	type MatchFacts
} from '$lib/domain/triage/duplicate-match';
import type { AnyCaseState } from '$lib/domain/procedure-presets/presets';

// Potential duplicates shown at triage, so that they are linked, not doubled: other notifications,
// and the cases they are in, about the same child (name and date of birth) or the same incident
// date.

/** At most this many notifications are shown; the newest first. */
const MAX_MATCHES = 50;

export interface DuplicateNotification {
	id: string;
	reference: string;
	receivedAt: number;
	firstChildName: string;
	matchedOn: DuplicateReason[];
}

export interface DuplicateCase {
	id: string;
	reference: string;
	state: AnyCaseState;
	matchedOn: DuplicateReason[];
}

export interface Duplicates {
	notifications: DuplicateNotification[];
	cases: DuplicateCase[];
}

async function childrenOf(tx: Tx, ids: readonly string[]): Promise<Map<string, ChildIdentity[]>> {
	const byNotification = new Map<string, ChildIdentity[]>();
	if (ids.length === 0) return byNotification;
	const rows = await tx
		.select()
		.from(notificationChildren)
		.where(inArray(notificationChildren.notificationId, [...ids]));
	for (const row of rows) {
		const list = byNotification.get(row.notificationId) ?? [];
		list.push({ nameKey: row.nameKey, dateOfBirth: row.dateOfBirth });
		byNotification.set(row.notificationId, list);
	}
	return byNotification;
}

/** Notifications and cases that look like the same child or incident as notification `id`. */
export async function findDuplicates(tx: Tx, id: string): Promise<Duplicates> {
	const [target] = await tx
		.select({ incidentDate: notifications.incidentDate, caseId: notifications.caseId })
		.from(notifications)
		.where(eq(notifications.id, id));
	if (!target) return { notifications: [], cases: [] };
	const targetFacts: MatchFacts = {
		children: (await childrenOf(tx, [id])).get(id) ?? [],
		incidentDate: target.incidentDate
	};

	const sameChild = targetFacts.children
		.filter((child) => child.nameKey !== null && child.dateOfBirth !== null)
		.map(
			(child) =>
				and(
					eq(notificationChildren.nameKey, child.nameKey ?? ''),
					eq(notificationChildren.dateOfBirth, child.dateOfBirth ?? '')
				) as SQL
		);
	// The newest matches of each kind, in SQL: a common incident date can match a whole table,
	// too many ids to send back as bound variables (SQLite allows 32,766), and the list shows only
	// the newest MAX_MATCHES anyway. The newest of the two lists together are the newest overall.
	const newest = [desc(notifications.receivedAt), desc(notifications.id)];
	const byReceipt = (a: { receivedAt: Date; id: string }, b: { receivedAt: Date; id: string }) =>
		b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
	const matches = new Map<string, { id: string; receivedAt: Date }>();
	if (sameChild.length > 0) {
		const sameChildIds = tx
			.select({ id: notificationChildren.notificationId })
			.from(notificationChildren)
			.where(or(...sameChild));
		const rows = await tx
			.select({ id: notifications.id, receivedAt: notifications.receivedAt })
			.from(notifications)
			.where(and(inArray(notifications.id, sameChildIds), ne(notifications.id, id)))
			.orderBy(...newest)
			.limit(MAX_MATCHES);
		for (const row of rows) matches.set(row.id, row);
	}
	if (targetFacts.incidentDate !== null) {
		const rows = await tx
			.select({ id: notifications.id, receivedAt: notifications.receivedAt })
			.from(notifications)
			.where(
				and(eq(notifications.incidentDate, targetFacts.incidentDate), ne(notifications.id, id))
			)
			.orderBy(...newest)
			.limit(MAX_MATCHES);
		for (const row of rows) matches.set(row.id, row);
	}
	if (matches.size === 0) return { notifications: [], cases: [] };
	const candidateIds = [...matches.values()]
		.sort(byReceipt)
		.slice(0, MAX_MATCHES)
		.map((row) => row.id);

	const candidates = await tx
		.select({
			id: notifications.id,
			reference: notifications.reference,
			receivedAt: notifications.receivedAt,
			firstChildName: notifications.firstChildName,
			incidentDate: notifications.incidentDate,
			caseId: notifications.caseId
		})
		.from(notifications)
		.where(inArray(notifications.id, candidateIds))
		.orderBy(...newest);
	const children = await childrenOf(
		tx,
		candidates.map((c) => c.id)
	);

	const found: DuplicateNotification[] = [];
	const reasonsByCase = new Map<string, DuplicateReason[][]>();
	for (const candidate of candidates) {
		const matchedOn = duplicateReasons(targetFacts, {
			children: children.get(candidate.id) ?? [],
			incidentDate: candidate.incidentDate
		});
		if (matchedOn.length === 0) continue;
		found.push({
			id: candidate.id,
			reference: candidate.reference,
			receivedAt: candidate.receivedAt.getTime(),
			firstChildName: candidate.firstChildName ?? '',
			matchedOn
		});
		if (candidate.caseId && candidate.caseId !== target.caseId) {
			const lists = reasonsByCase.get(candidate.caseId) ?? [];
			lists.push(matchedOn);
			reasonsByCase.set(candidate.caseId, lists);
		}
	}

	const caseRows =
		reasonsByCase.size === 0
			? []
			: await tx
					.select({ id: cases.id, reference: cases.reference, state: cases.state })
					.from(cases)
					.where(inArray(cases.id, [...reasonsByCase.keys()]))
					.orderBy(desc(cases.openedAt));
	return {
		notifications: found,
		cases: caseRows.map((row) => ({
			id: row.id,
			reference: row.reference,
			state: row.state,
			matchedOn: mergeReasons(...(reasonsByCase.get(row.id) ?? []))
		}))
	};
}

/**
 * The possible duplicates of every notification in a case, outside it: the notifications and
 * cases the Unit linked or might link, which the Chair reads before deciding (§13.6). Each listed
 * once, with every reason it matched.
 */
export async function caseDuplicates(
	tx: Tx,
	caseId: string,
	notificationIds: readonly string[]
): Promise<Duplicates> {
	const inCase = new Set(notificationIds);
	const byNotification = new Map<string, DuplicateNotification>();
	const byCase = new Map<string, DuplicateCase>();
	for (const id of notificationIds) {
		const found = await findDuplicates(tx, id);
		for (const n of found.notifications) {
			if (inCase.has(n.id)) continue;
			const seen = byNotification.get(n.id);
			byNotification.set(
				n.id,
				seen ? { ...seen, matchedOn: mergeReasons(seen.matchedOn, n.matchedOn) } : n
			);
		}
		for (const c of found.cases) {
			if (c.id === caseId) continue;
			const seen = byCase.get(c.id);
			byCase.set(
				c.id,
				seen ? { ...seen, matchedOn: mergeReasons(seen.matchedOn, c.matchedOn) } : c
			);
		}
	}
	return { notifications: [...byNotification.values()], cases: [...byCase.values()] };
}
