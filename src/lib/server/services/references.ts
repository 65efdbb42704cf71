import { sql } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { formatReference, referenceScope, type ReferenceKind } from '$lib/domain/reference';

type Tx = Pick<Db, 'all'>;

/**
 * Draws the next human reference. Call inside the write transaction that stores the record:
 * the counter and the record commit together, so numbers are never skipped or reused.
 */
export async function nextReference(tx: Tx, kind: ReferenceKind, year: number): Promise<string> {
	const [reference] = await nextReferences(tx, kind, year, 1);
	if (!reference) throw new Error('reference counter did not return a value');
	return reference;
}

/** The next `count` references in order, drawn with one statement (same rules as above). */
export async function nextReferences(
	tx: Tx,
	kind: ReferenceKind,
	year: number,
	count: number
): Promise<string[]> {
	if (count === 0) return [];
	const scope = referenceScope(kind, year);
	const [row] = await tx.all<{ last: number }>(sql`
		INSERT INTO reference_counters (scope, last) VALUES (${scope}, ${count})
		ON CONFLICT(scope) DO UPDATE SET last = last + ${count}
		RETURNING last`);
	if (!row) throw new Error('reference counter did not return a value');
	const first = row.last - count + 1;
	return Array.from({ length: count }, (_, i) => formatReference(kind, year, first + i));
}
