import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import { agencies, filesSecuredInstructions, shortReportRequests } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { changeCase, type CaseTarget } from '$lib/server/services/cases/case-change';
import { findAgencies } from '$lib/server/services/users/directory';
import { problem } from '$lib/server/infra/problem';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { listInWords } from '$lib/domain/text';
import { shortReportClock, shortReportDueOn, type ComputedClock } from '$lib/domain/case/clocks';
import { requestStatus, type ShortReportRequestStatus } from '$lib/domain/agency/request-status';

// Short report requests to agencies (§13.5) and each agency's files-secured instruction
// (files-hold.ts). Requests are never deleted; while the case's files are held, not even withdrawn.

export interface ShortReportRequestRow {
	id: string;
	agencyId: string;
	agencyName: string;
	requestedOn: IsoDate;
	dueOn: IsoDate;
	status: ShortReportRequestStatus;
	/** When the agency sent its report or nil return (set by the agency side). */
	submittedOn: IsoDate | null;
	/** The request's deadline, for colouring; null once withdrawn. */
	clock: ComputedClock | null;
	filesSecuredInstructedOn: IsoDate | null;
	filesSecuredAcknowledgedOn: IsoDate | null;
	filesSecuredRescindedOn: IsoDate | null;
}

/** Every request of the case, oldest first, with its status as of `today`. */
export async function listShortReportRequests(
	tx: Tx,
	caseId: string,
	today: IsoDate
): Promise<ShortReportRequestRow[]> {
	const rows = await tx
		.select({
			id: shortReportRequests.id,
			agencyId: shortReportRequests.agencyId,
			agencyName: agencies.name,
			requestedOn: shortReportRequests.requestedOn,
			dueOn: shortReportRequests.dueOn,
			stored: shortReportRequests.status,
			submittedOn: shortReportRequests.submittedOn,
			filesSecuredInstructedOn: filesSecuredInstructions.instructedOn,
			filesSecuredAcknowledgedOn: filesSecuredInstructions.acknowledgedOn,
			filesSecuredRescindedOn: filesSecuredInstructions.rescindedOn
		})
		.from(shortReportRequests)
		.innerJoin(agencies, eq(shortReportRequests.agencyId, agencies.id))
		.leftJoin(
			filesSecuredInstructions,
			and(
				eq(filesSecuredInstructions.caseId, shortReportRequests.caseId),
				eq(filesSecuredInstructions.agencyId, shortReportRequests.agencyId)
			)
		)
		.where(eq(shortReportRequests.caseId, caseId))
		.orderBy(asc(shortReportRequests.requestedAt), asc(agencies.name));
	return rows.map(({ stored, ...row }) => ({
		...row,
		status: requestStatus(stored, row.dueOn, today),
		clock:
			stored === 'withdrawn'
				? null
				: shortReportClock(
						{
							requestedOn: row.requestedOn,
							dueOn: row.dueOn,
							submittedOn: row.submittedOn ?? undefined
						},
						today
					)
	}));
}

/** Agencies with a request still waiting for its report. */
async function agenciesWithOpenRequests(tx: Tx, caseId: string): Promise<Set<string>> {
	const rows = await tx
		.select({ agencyId: shortReportRequests.agencyId })
		.from(shortReportRequests)
		.where(
			and(eq(shortReportRequests.caseId, caseId), eq(shortReportRequests.status, 'requested'))
		);
	return new Set(rows.map((row) => row.agencyId));
}

/** Records the instruction to secure files for each agency not yet instructed on this case. */
export async function instructFilesSecured(
	tx: Tx,
	caseId: string,
	agencyIds: readonly string[],
	instructedOn: IsoDate,
	now: Date
): Promise<void> {
	if (agencyIds.length === 0) return;
	await tx
		.insert(filesSecuredInstructions)
		.values(
			agencyIds.map((agencyId) => ({
				id: crypto.randomUUID(),
				caseId,
				agencyId,
				instructedOn,
				createdAt: now
			}))
		)
		.onConflictDoNothing();
}

/**
 * Instructs each chosen agency to secure its files, without asking it for a short report: the
 * route straight to the Chair (§13.5). Unknown agencies are refused as INVALID_INPUT on `field`.
 */
export async function instructKnownAgencies(
	tx: Tx,
	caseId: string,
	agencyIds: readonly string[],
	instructedOn: IsoDate,
	now: Date,
	field: string
): Promise<void> {
	const known = await findAgencies(tx, agencyIds);
	if (agencyIds.some((id) => !known.has(id))) {
		throw problem('INVALID_INPUT', { [field]: 'Select agencies from the list' });
	}
	await instructFilesSecured(tx, caseId, agencyIds, instructedOn, now);
}

/**
 * Instructs every agency asked for a short report on this case, and not yet told, to secure its
 * files: when the hold is placed after the requests were made (§13.5, §13.6).
 */
export async function instructRequestedAgencies(
	tx: Tx,
	caseId: string,
	instructedOn: IsoDate,
	now: Date
): Promise<void> {
	const rows = await tx
		.selectDistinct({ agencyId: shortReportRequests.agencyId })
		.from(shortReportRequests)
		.where(
			and(eq(shortReportRequests.caseId, caseId), ne(shortReportRequests.status, 'withdrawn'))
		);
	await instructFilesSecured(
		tx,
		caseId,
		rows.map((row) => row.agencyId),
		instructedOn,
		now
	);
}

export interface FilesSecuredRow {
	agencyName: string;
	instructedOn: IsoDate;
	acknowledgedOn: IsoDate | null;
	rescindedOn: IsoDate | null;
}

/**
 * Every agency told to secure its files on this case, with or without a short report request
 * (the route straight to the Chair asks for none), by name.
 */
export async function listFilesSecured(tx: Tx, caseId: string): Promise<FilesSecuredRow[]> {
	return tx
		.select({
			agencyName: agencies.name,
			instructedOn: filesSecuredInstructions.instructedOn,
			acknowledgedOn: filesSecuredInstructions.acknowledgedOn,
			rescindedOn: filesSecuredInstructions.rescindedOn
		})
		.from(filesSecuredInstructions)
		.innerJoin(agencies, eq(filesSecuredInstructions.agencyId, agencies.id))
		.where(eq(filesSecuredInstructions.caseId, caseId))
		.orderBy(asc(agencies.name));
}

/** Records the instruction to rescind every files-secured instruction still standing. */
export async function rescindFilesSecured(
	tx: Tx,
	caseId: string,
	rescindedOn: IsoDate
): Promise<void> {
	await tx
		.update(filesSecuredInstructions)
		.set({ rescindedOn })
		.where(
			and(eq(filesSecuredInstructions.caseId, caseId), isNull(filesSecuredInstructions.rescindedOn))
		);
}

export interface NewRequests {
	caseId: string;
	agencyIds: readonly string[];
	requestedOn: IsoDate;
	dueOn: IsoDate;
	/** Set while the case's files are held: instruct each agency to secure its files. */
	filesSecuredOn: IsoDate | null;
	requestedBy: string;
	now: Date;
}

/**
 * Asks each agency for a short report, except those already waiting on one. Returns the agencies
 * asked and those skipped. Unknown agencies are refused as INVALID_INPUT on `field`.
 */
export async function addShortReportRequests(
	tx: Tx,
	request: NewRequests,
	field = 'agencyIds'
): Promise<{ requested: string[]; alreadyOpen: string[]; names: string[] }> {
	const unique = [...new Set(request.agencyIds)];
	const known = await findAgencies(tx, unique);
	if (unique.some((id) => !known.has(id))) {
		throw problem('INVALID_INPUT', { [field]: 'Select agencies from the list' });
	}
	const open = await agenciesWithOpenRequests(tx, request.caseId);
	const requested = unique.filter((id) => !open.has(id));
	const alreadyOpen = unique.filter((id) => open.has(id));
	if (requested.length > 0) {
		await tx.insert(shortReportRequests).values(
			requested.map((agencyId) => ({
				id: crypto.randomUUID(),
				caseId: request.caseId,
				agencyId,
				requestedOn: request.requestedOn,
				dueOn: request.dueOn,
				requestedAt: request.now,
				requestedBy: request.requestedBy
			}))
		);
	}
	if (request.filesSecuredOn !== null) {
		await instructFilesSecured(tx, request.caseId, unique, request.filesSecuredOn, request.now);
	}
	const names = requested.map((id) => known.get(id) ?? '').sort();
	return { requested, alreadyOpen, names };
}

function requestedSummary(names: readonly string[]): string {
	return `requested short reports from ${listInWords(names)}`;
}

export interface ShortReportsInput extends CaseTarget {
	agencyIds: string[];
	dueOn?: IsoDate;
}

/** Requests short reports from more agencies (default due: 5 working days, §13.5). */
export async function requestShortReports(
	db: Db,
	user: SessionUser,
	input: ShortReportsInput,
	now = new Date()
) {
	const today = todayIso(now);
	const dueOn = input.dueOn ?? shortReportDueOn(today);
	if (dueOn <= today) {
		throw problem('INVALID_INPUT', {
			dueOn: 'The date the short report is due must be in the future'
		});
	}
	return changeCase(db, user, input, now, async (tx, row) => {
		const added = await addShortReportRequests(tx, {
			caseId: row.id,
			agencyIds: input.agencyIds,
			requestedOn: today,
			dueOn,
			filesSecuredOn: row.filesHeld ? today : null,
			requestedBy: user.id,
			now
		});
		if (added.requested.length === 0) {
			throw problem('INVALID_INPUT', {
				agencyIds: 'Each agency chosen is already waiting on a short report request for this case'
			});
		}
		return {
			event: {
				kind: 'short_reports_requested',
				summary: requestedSummary(added.names),
				detail: { agencyIds: added.requested, dueOn }
			},
			audit: {
				action: 'case.short_reports_requested',
				detail: { agencyIds: added.requested, alreadyOpen: added.alreadyOpen, dueOn }
			},
			extra: { requested: added.requested, alreadyOpen: added.alreadyOpen }
		};
	});
}

export interface WithdrawInput extends CaseTarget {
	requestId: string;
	reason: string;
}

/**
 * Withdraws a request made in error. The row is kept, marked withdrawn. Refused while the case's
 * files are held (§13.5, files-hold.ts): then nothing attached to the case may be removed.
 */
export async function withdrawShortReportRequest(
	db: Db,
	user: SessionUser,
	input: WithdrawInput,
	now = new Date()
) {
	return changeCase(db, user, input, now, async (tx, row) => {
		const [request] = await tx
			.select({
				id: shortReportRequests.id,
				status: shortReportRequests.status,
				agencyName: agencies.name
			})
			.from(shortReportRequests)
			.innerJoin(agencies, eq(shortReportRequests.agencyId, agencies.id))
			.where(
				and(eq(shortReportRequests.id, input.requestId), eq(shortReportRequests.caseId, row.id))
			);
		if (!request) throw problem('NOT_FOUND');
		if (row.filesHeld) throw problem('FILES_ON_HOLD');
		if (request.status !== 'requested') {
			throw problem('INVALID_INPUT', {
				requestId: 'Only a request still waiting for its report can be withdrawn'
			});
		}
		await tx
			.update(shortReportRequests)
			.set({ status: 'withdrawn', withdrawnAt: now, withdrawnReason: input.reason })
			.where(eq(shortReportRequests.id, request.id));
		return {
			event: {
				kind: 'short_report_withdrawn',
				summary: `withdrew the short report request to ${request.agencyName}`,
				detail: { requestId: request.id, reason: input.reason }
			},
			audit: {
				action: 'case.short_report_withdrawn',
				detail: { requestId: request.id, before: 'requested', after: 'withdrawn' }
			},
			extra: {}
		};
	});
}
