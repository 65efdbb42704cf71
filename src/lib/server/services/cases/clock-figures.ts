import { createHash } from 'node:crypto';
import { eq, gt } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { cases, clockFigures, clockFiguresMeta } from '$lib/server/db/schema';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { storedClocks, storedClocksFingerprintSource } from '$lib/domain/reports/clock-figures';
import { presetClocks, type ProcedurePresetId } from '$lib/domain/procedure-presets/presets';

// Each case's clocks kept for the reports dashboard (docs/decisions/030), so a view reads 20,000
// cases' clocks in one grouped SQL query instead of computing them. Kept in the transaction of
// every change to a case: `changeCase` (every transition, date recorded or corrected, closing,
// merge into another case) and `openCase` call `storeClockFigures`; the bench seed, which inserts
// cases directly, and start-up call `refillClockFigures`.

type CaseClockSource = {
	id: string;
	openedAt: Date;
	dates: CaseDates;
	procedure: ProcedurePresetId;
};

function rowsFor(source: CaseClockSource) {
	return storedClocks(source.dates, presetClocks(source.procedure)).map((clock) => ({
		caseId: source.id,
		openedAt: source.openedAt,
		...clock
	}));
}

/** Replaces the stored clocks of one case with those its dates now define. */
export async function storeClockFigures(tx: Tx, caseId: string): Promise<void> {
	const [row] = await tx
		.select({
			id: cases.id,
			openedAt: cases.openedAt,
			dates: cases.dates,
			procedure: cases.procedure
		})
		.from(cases)
		.where(eq(cases.id, caseId));
	await tx.delete(clockFigures).where(eq(clockFigures.caseId, caseId));
	if (!row) return;
	const rows = rowsFor(row);
	if (rows.length > 0) await tx.insert(clockFigures).values(rows);
}

const PAGE = 500;

/** The fingerprint of what the stored rows depend on besides the cases' dates. */
export function clockFiguresFingerprint(): string {
	return createHash('sha256').update(storedClocksFingerprintSource()).digest('hex');
}

/**
 * Recomputes every case's stored clocks in one transaction, a page of cases at a time, and
 * records the fingerprint they were computed by. Answers how many cases it read.
 */
export async function refillClockFigures(db: Db): Promise<number> {
	const fingerprint = clockFiguresFingerprint();
	return db.transaction(async (tx) => {
		await tx.delete(clockFigures);
		let after = '';
		let read = 0;
		for (;;) {
			const page = await tx
				.select({
					id: cases.id,
					openedAt: cases.openedAt,
					dates: cases.dates,
					procedure: cases.procedure
				})
				.from(cases)
				.where(gt(cases.id, after))
				.orderBy(cases.id)
				.limit(PAGE);
			if (page.length === 0) break;
			const rows = page.flatMap(rowsFor);
			// 7 values a row, well under SQLite's limit of 32,766 variables per statement.
			for (let i = 0; i < rows.length; i += 1000) {
				await tx.insert(clockFigures).values(rows.slice(i, i + 1000));
			}
			read += page.length;
			after = page[page.length - 1]?.id ?? after;
		}
		await tx
			.insert(clockFiguresMeta)
			.values({ id: 1, fingerprint })
			.onConflictDoUpdate({ target: clockFiguresMeta.id, set: { fingerprint } });
		return read;
	});
}

/**
 * At start-up: refills the stored clocks when they were computed by another preset or calendar,
 * or never (a database migrated to 0018, whose SQL cannot count working days). A no-op otherwise:
 * every change since kept them.
 */
export async function fillClockFigures(db: Db): Promise<number> {
	const [meta] = await db
		.select({ fingerprint: clockFiguresMeta.fingerprint })
		.from(clockFiguresMeta)
		.where(eq(clockFiguresMeta.id, 1));
	if (meta?.fingerprint === clockFiguresFingerprint()) return 0;
	return refillClockFigures(db);
}
