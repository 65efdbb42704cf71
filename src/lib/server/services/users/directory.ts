import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { agencies, users } from '$lib/server/db/schema';

// Who and what the Unit can choose from: its own members (assignees, case owners) and the
// agencies (short report requests, action plan owners).

type Reader = Db | Tx;

/** Active Safeguarding Unit members, by name. */
export async function listUnitMembers(db: Reader) {
	return db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(and(eq(users.role, 'unit'), isNull(users.disabledAt)))
		.orderBy(asc(users.name), asc(users.id));
}

/** The member, if `id` is an active Safeguarding Unit member. */
export async function findUnitMember(db: Reader, id: string) {
	const [member] = await db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(and(eq(users.id, id), eq(users.role, 'unit'), isNull(users.disabledAt)));
	return member;
}

export async function listAgencyDirectory(db: Reader) {
	return db
		.select({ id: agencies.id, name: agencies.name, kind: agencies.kind })
		.from(agencies)
		.orderBy(asc(agencies.name));
}

/** The agencies among `ids` that exist, by id. */
export async function findAgencies(db: Reader, ids: readonly string[]) {
	if (ids.length === 0) return new Map<string, string>();
	const rows = await db
		.select({ id: agencies.id, name: agencies.name })
		.from(agencies)
		.where(inArray(agencies.id, [...ids]));
	return new Map(rows.map((row) => [row.id, row.name]));
}
