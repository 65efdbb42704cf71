import { asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	agencies,
	attachments,
	cases,
	shortReportAttachments,
	shortReportRequests,
	shortReports,
	users
} from '$lib/server/db/schema';
import { contentHash } from '$lib/server/infra/content-hash';
import { problem } from '$lib/server/infra/problem';
import { signReceipt } from '$lib/server/services/notifications/receipts';
import type { SignedReceipt } from '$lib/domain/receipt';

// A short report's signed receipt (docs/decisions/029), made the way a notification's is
// (docs/decisions/006, the same key and the same signed text), so `npm run receipt:verify`
// checks it unchanged. It is computed from the stored row, never stored itself: Ed25519
// signatures are deterministic, so a retried submission gets the very same receipt.

/**
 * What the receipt's hash covers: the stored report's content hash (its content, kind, request,
 * the version it corrects and its files' ids) and the SHA-256 of each of its files, in order.
 */
export function reportReceiptHash(reportHash: string, fileHashes: readonly string[]): string {
	return contentHash({ purpose: 'short-report', report: reportHash, files: fileHashes });
}

/** The receipt of a report already stored (NOT_FOUND for an id that is not a report). */
export async function shortReportReceipt(db: Db, reportId: string): Promise<SignedReceipt> {
	const [row] = await db
		.select({
			id: shortReports.id,
			version: shortReports.version,
			contentHash: shortReports.contentHash,
			submittedAt: shortReports.submittedAt,
			caseReference: cases.reference
		})
		.from(shortReports)
		.innerJoin(shortReportRequests, eq(shortReportRequests.id, shortReports.requestId))
		.innerJoin(cases, eq(cases.id, shortReportRequests.caseId))
		.where(eq(shortReports.id, reportId));
	if (!row) throw problem('NOT_FOUND');
	const files = await db
		.select({ sha256: attachments.sha256 })
		.from(shortReportAttachments)
		.innerJoin(attachments, eq(attachments.id, shortReportAttachments.attachmentId))
		.where(eq(shortReportAttachments.reportId, reportId))
		.orderBy(asc(shortReportAttachments.position));
	return signReceipt(db, {
		id: row.id,
		reference: `${row.caseReference} short report v${row.version}`,
		receivedAt: row.submittedAt.getTime(),
		contentHash: reportReceiptHash(
			row.contentHash,
			files.map((f) => f.sha256)
		)
	});
}

/**
 * The case timeline's entries for the agencies' answers (§13.5): each report, correction and nil
 * return as it was received. They are not case events (decision 011: an answer never bumps the
 * case's version, so it never conflicts with the Unit's edits) but the timeline shows them.
 */
export async function shortReportTimeline(tx: Tx, caseId: string) {
	const rows = await tx
		.select({
			at: shortReports.submittedAt,
			actorName: users.name,
			agencyName: agencies.name,
			kind: shortReports.kind,
			version: shortReports.version
		})
		.from(shortReports)
		.innerJoin(shortReportRequests, eq(shortReportRequests.id, shortReports.requestId))
		.innerJoin(agencies, eq(agencies.id, shortReports.agencyId))
		.innerJoin(users, eq(users.id, shortReports.submittedBy))
		.where(eq(shortReportRequests.caseId, caseId))
		.orderBy(asc(shortReports.submittedAt));
	return rows.map((r) => ({
		at: r.at.getTime(),
		actorName: r.actorName,
		action: 'short_report_received' as const,
		// Not a case change: no case version and no move between states.
		version: null,
		fromState: null,
		toState: null,
		summary:
			r.kind === 'nil_return'
				? `told the Unit that ${r.agencyName} had no involvement (nil return)`
				: r.version > 1
					? `sent a correction of ${r.agencyName}’s short report (version ${r.version})`
					: `sent ${r.agencyName}’s short report`
	}));
}

/** A submission's answer with its signed receipt, which the device keeps (decision 029). */
export async function withReceipt<T extends { id: string }>(
	db: Db,
	result: T
): Promise<T & { receipt: SignedReceipt }> {
	return { ...result, receipt: await shortReportReceipt(db, result.id) };
}
