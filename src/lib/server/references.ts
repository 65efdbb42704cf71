import { sql } from 'drizzle-orm';
import type { Db } from './db';
import { formatReference, referenceScope, type ReferenceKind } from '$lib/domain/reference';

type Tx = Pick<Db, 'all'>;

/**
 * Draws the next human reference. Call inside the write transaction that stores the record:
 * the counter and the record commit together, so numbers are never skipped or reused.
 */
export async function nextReference(tx: Tx, kind: ReferenceKind, year: number): Promise<string> {
	const scope = referenceScope(kind, year);
	const [row] = await tx.all<{ last: number }>(sql`
		INSERT INTO reference_counters (scope, last) VALUES (${scope}, 1)
		ON CONFLICT(scope) DO UPDATE SET last = last + 1
		RETURNING last`);
	if (!row) throw new Error('reference counter did not return a value');
	return formatReference(kind, year, row.last);
}
