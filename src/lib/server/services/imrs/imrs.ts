import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	agencies,
	attachments,
	cases,
	imrAttachments,
	imrRequests,
	imrVersions
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import {
	changeCase,
	findCaseInScope,
	type CaseTarget
} from '$lib/server/services/cases/case-change';
import { appendCaseEvent } from '$lib/server/services/cases/case-events';
import { instructFilesSecured } from '$lib/server/services/agency/requests';
import { factsByCase, type RequestFacts } from '$lib/server/services/agency/short-reports';
import { attachmentView, ownAttachments } from '$lib/server/services/agency/attachments';
import { findAgencies } from '$lib/server/services/users/directory';
import { problem } from '$lib/server/infra/problem';
import { contentHash } from '$lib/server/infra/content-hash';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import { listInWords } from '$lib/domain/text';
import { reportSizeRefusal } from '$lib/domain/agency/attachment-rules';
import type { Imr, ImrVersion } from '$lib/domain/imr/imr';
import {
	imrAddressee,
	imrStatus,
	imrDecision,
	renderImrLetter,
	type ImrStatus
} from '$lib/domain/imr/imr-status';
import { imrWorkingDaysOverdue } from '$lib/domain/imr/imr-overdue';

// IMR requests and the IMRs that answer them (§13.6, §13.9, docs/decisions/026), agency-facing
// like short reports: the Unit sends each relevant agency's chief executive a letter from the
// template; the agency answers in its inbox; the Unit and the Chair read every request, an agency
// only its own (anything else, a guessed id included, is NOT_FOUND). Requests are never deleted
// and every IMR sent is an immutable version; a later one supersedes it and both are kept.

export interface SendImrRequestsInput extends CaseTarget {
	agencyIds: string[];
	/** The day the letters went; today unless they were posted earlier. */
	sentOn?: IsoDate;
	dueOn: IsoDate;
}

/**
 * Sends an IMR request letter to each chosen agency not yet asked on this case. The case's
 * "letters sent" and "IMRs requested" dates (T8, §13.6) follow from the letters: the day the last
 * of them went.
 */
export async function sendImrRequests(
	db: Db,
	user: SessionUser,
	input: SendImrRequestsInput,
	now = new Date()
) {
	if (user.role !== 'unit') throw problem('FORBIDDEN_ROLE');
	const today = todayIso(now);
	const sentOn = input.sentOn ?? today;
	return changeCase(db, user, input, now, async (tx, row) => {
		const decided = imrDecision(row.state, row.dates);
		if (decided === null) {
			throw problem('INVALID_INPUT', {
				agencyIds:
					'IMRs are requested after a decision to hold a Serious Case Review, before the draft report, or on a decision requiring IMRs without one (§13.6)'
			});
		}
		const { decision, decidedOn } = decided;
		const errors: Record<string, string> = {};
		if (sentOn > today)
			errors.sentOn = 'The date the letters were sent must be today or in the past';
		else if (sentOn < decidedOn) {
			errors.sentOn = `The date the letters were sent must be on or after the Chair's decision, ${formatIsoDate(decidedOn)}`;
		}
		if (input.dueOn <= sentOn) {
			errors.dueOn = 'The date the IMR is due must be after the date the letters were sent';
		}
		if (Object.keys(errors).length > 0) throw problem('INVALID_INPUT', errors);
		const unique = [...new Set(input.agencyIds)];
		const known = await findAgencies(tx, unique);
		if (unique.some((id) => !known.has(id))) {
			throw problem('INVALID_INPUT', { agencyIds: 'Select agencies from the list' });
		}
		const existing = await tx
			.select({ agencyId: imrRequests.agencyId, sentOn: imrRequests.sentOn })
			.from(imrRequests)
			.where(eq(imrRequests.caseId, row.id));
		const asked = new Set(existing.map((r) => r.agencyId));
		const toAsk = unique.filter((id) => !asked.has(id));
		if (toAsk.length === 0) {
			throw problem('INVALID_INPUT', {
				agencyIds: 'Each agency chosen has already been asked for an IMR on this case'
			});
		}
		const created = toAsk.map((agencyId) => {
			const agencyName = known.get(agencyId) ?? '';
			return {
				id: crypto.randomUUID(),
				caseId: row.id,
				agencyId,
				addressedTo: imrAddressee(agencyName),
				letter: renderImrLetter({
					agencyName,
					caseReference: row.reference,
					decision,
					decidedOn,
					filesSecured: row.filesHeld,
					sentOn,
					dueOn: input.dueOn,
					senderName: user.name
				}),
				sentOn,
				dueOn: input.dueOn,
				sentAt: now,
				sentBy: user.id
			};
		});
		await tx.insert(imrRequests).values(created);
		// The hold covers the IMRs too: each agency asked is told to secure its files (§13.5, §13.6).
		if (row.filesHeld) await instructFilesSecured(tx, row.id, toAsk, sentOn, now);
		// T8 is met when every letter has gone: the latest letter's date, not a date typed in.
		// T8 and the IMRs-requested date are an SCR's (§13.6): IMRs without one record neither.
		const lastLetter = [...existing.map((r) => r.sentOn), sentOn].sort().at(-1) ?? sentOn;
		const letterDates =
			decision === 'scr' ? { lettersSentOn: lastLetter, imrsRequestedOn: lastLetter } : {};
		const dates = { ...row.dates, ...letterDates };
		const names = toAsk.map((id) => known.get(id) ?? '').sort();
		const detail = {
			agencyIds: toAsk,
			requestIds: created.map((c) => c.id),
			sentOn,
			dueOn: input.dueOn,
			before: {
				lettersSentOn: row.dates.lettersSentOn ?? null,
				imrsRequestedOn: row.dates.imrsRequestedOn ?? null
			},
			after: {
				lettersSentOn: dates.lettersSentOn ?? null,
				imrsRequestedOn: dates.imrsRequestedOn ?? null
			}
		};
		return {
			set: { dates },
			event: {
				kind: 'imrs_requested',
				summary: `sent IMR request letters to ${listInWords(names)}, due ${formatIsoDate(input.dueOn)}`,
				detail
			},
			audit: { action: 'case.imrs_requested', detail },
			extra: { requested: toAsk, alreadyAsked: unique.filter((id) => asked.has(id)) }
		};
	});
}

/** Whether the case has any IMR request: then its letters, not a typed date, meet T8. */
export async function caseHasImrRequests(tx: Tx, caseId: string): Promise<boolean> {
	const [one] = await tx
		.select({ id: imrRequests.id })
		.from(imrRequests)
		.where(eq(imrRequests.caseId, caseId))
		.limit(1);
	return one !== undefined;
}

/**
 * The sign-off date of each IMR request's latest version on the case (null: not signed off, or
 * nothing sent yet), for the move to drafting (§13.9). Not audited: no case content leaves here.
 */
export async function caseImrSignOffDates(tx: Tx, caseId: string): Promise<(IsoDate | null)[]> {
	const records = await tx
		.select({ id: imrRequests.id })
		.from(imrRequests)
		.where(eq(imrRequests.caseId, caseId));
	const latest = await latestVersions(
		tx,
		records.map((r) => r.id)
	);
	return records.map((r) => {
		const last = latest.get(r.id);
		return last?.signedOff ? (last.imr.signOff?.signedOffOn ?? null) : null;
	});
}

export interface ImrRequestRow {
	id: string;
	agencyId: string;
	agencyName: string;
	addressedTo: string;
	sentOn: IsoDate;
	dueOn: IsoDate;
	status: ImrStatus;
	workingDaysOverdue: number;
	/** The latest version sent, if any. */
	latestVersion: number | null;
	latestSubmittedOn: IsoDate | null;
	signedOffOn: IsoDate | null;
}

function requestColumns() {
	return {
		id: imrRequests.id,
		caseId: imrRequests.caseId,
		agencyId: imrRequests.agencyId,
		agencyName: agencies.name,
		addressedTo: imrRequests.addressedTo,
		letter: imrRequests.letter,
		sentOn: imrRequests.sentOn,
		dueOn: imrRequests.dueOn
	};
}

type RequestRecord = Awaited<ReturnType<typeof selectRequests>>[number];

function selectRequests(tx: Tx, where: ReturnType<typeof eq>) {
	return tx
		.select(requestColumns())
		.from(imrRequests)
		.innerJoin(agencies, eq(imrRequests.agencyId, agencies.id))
		.where(where)
		.orderBy(asc(imrRequests.sentAt), asc(agencies.name));
}

/** The latest version of each request, by request id. */
async function latestVersions(tx: Tx, requestIds: readonly string[]) {
	const out = new Map<
		string,
		{ version: number; signedOff: boolean; submittedOn: IsoDate; imr: Imr }
	>();
	if (requestIds.length === 0) return out;
	const rows = await tx
		.select({
			requestId: imrVersions.requestId,
			version: imrVersions.version,
			signedOff: imrVersions.signedOff,
			submittedOn: imrVersions.submittedOn,
			content: imrVersions.content
		})
		.from(imrVersions)
		.where(inArray(imrVersions.requestId, [...requestIds]))
		.orderBy(asc(imrVersions.version));
	for (const row of rows) {
		out.set(row.requestId, {
			version: row.version,
			signedOff: row.signedOff,
			submittedOn: row.submittedOn,
			imr: row.content
		});
	}
	return out;
}

function rowsOf(
	records: RequestRecord[],
	latest: Awaited<ReturnType<typeof latestVersions>>,
	today: IsoDate
): ImrRequestRow[] {
	return records.map((r) => {
		const last = latest.get(r.id) ?? null;
		const status = imrStatus(last, r.dueOn, today);
		return {
			id: r.id,
			agencyId: r.agencyId,
			agencyName: r.agencyName,
			addressedTo: r.addressedTo,
			sentOn: r.sentOn,
			dueOn: r.dueOn,
			status,
			workingDaysOverdue: imrWorkingDaysOverdue(status, r.dueOn, today),
			latestVersion: last?.version ?? null,
			latestSubmittedOn: last?.submittedOn ?? null,
			signedOffOn: last?.signedOff ? (last.imr.signOff?.signedOffOn ?? null) : null
		};
	});
}

/** Each agency's IMR request on a case and its status, for the Unit and the Chair; audited. */
export async function listCaseImrRequests(
	db: Db,
	user: SessionUser,
	caseId: string,
	now = new Date()
): Promise<ImrRequestRow[]> {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, caseId);
		const records = await selectRequests(tx, eq(imrRequests.caseId, row.id));
		const rows = rowsOf(
			records,
			await latestVersions(
				tx,
				records.map((r) => r.id)
			),
			today
		);
		await recordAuditBy(tx, user, now, {
			action: 'case.imrs_viewed',
			recordType: 'case',
			recordId: row.id,
			detail: { count: rows.length }
		});
		return rows;
	});
}

export interface AgencyImrRequestRow extends ImrRequestRow, RequestFacts {}

/** The caller's agency's IMR requests: waiting ones first by due date. */
export async function listAgencyImrRequests(
	db: Db,
	user: SessionUser,
	now = new Date()
): Promise<AgencyImrRequestRow[]> {
	if (user.role !== 'agency' || !user.agencyId) throw problem('FORBIDDEN_ROLE');
	const agencyId = user.agencyId;
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const records = await selectRequests(tx, eq(imrRequests.agencyId, agencyId));
		const facts = await factsByCase(tx, [...new Set(records.map((r) => r.caseId))]);
		const rows = rowsOf(
			records,
			await latestVersions(
				tx,
				records.map((r) => r.id)
			),
			today
		).map((row, i) => ({ ...row, ...(facts.get(records[i]?.caseId ?? '') as RequestFacts) }));
		const waiting = (r: ImrRequestRow) =>
			r.status === 'requested' || r.status === 'overdue' ? 0 : 1;
		rows.sort((a, b) => waiting(a) - waiting(b) || a.dueOn.localeCompare(b.dueOn));
		await recordAuditBy(tx, user, now, {
			action: 'agency.imr_requests_viewed',
			recordType: 'agency',
			recordId: agencyId,
			detail: { count: rows.length }
		});
		return rows;
	});
}

/**
 * The request if the caller may see it: the Unit and the Chair any, an agency only its own.
 * Anyone else, and any id that is not a request, is NOT_FOUND.
 */
async function requestInScope(tx: Tx, user: SessionUser, id: string): Promise<RequestRecord> {
	const [record] = await selectRequests(tx, eq(imrRequests.id, id));
	const allowed =
		record &&
		(user.role === 'unit' ||
			user.role === 'chair' ||
			(user.role === 'agency' && user.agencyId === record.agencyId));
	if (!record || !allowed) throw problem('NOT_FOUND');
	return record;
}

async function versionsOf(tx: Tx, requestId: string): Promise<ImrVersion[]> {
	const rows = await tx
		.select()
		.from(imrVersions)
		.where(eq(imrVersions.requestId, requestId))
		.orderBy(desc(imrVersions.version));
	const links = rows.length
		? await tx
				.select({
					versionId: imrAttachments.versionId,
					attachment: attachments
				})
				.from(imrAttachments)
				.innerJoin(attachments, eq(imrAttachments.attachmentId, attachments.id))
				.where(
					inArray(
						imrAttachments.versionId,
						rows.map((r) => r.id)
					)
				)
				.orderBy(asc(imrAttachments.position))
		: [];
	return rows.map((row) => ({
		id: row.id,
		version: row.version,
		supersedesId: row.supersedesId,
		imr: row.content,
		signedOff: row.signedOff,
		submittedOn: row.submittedOn,
		submittedAt: row.submittedAt.getTime(),
		attachments: links
			.filter((l) => l.versionId === row.id)
			.map(({ attachment }) => attachmentView(attachment))
	}));
}

/** One request: its letter, the case facts the agency needs, and every version, newest first. */
export async function getImrRequest(db: Db, user: SessionUser, id: string, now = new Date()) {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const record = await requestInScope(tx, user, id);
		const versions = await versionsOf(tx, record.id);
		const [row] = rowsOf([record], await latestVersions(tx, [record.id]), today);
		if (!row) throw problem('NOT_FOUND');
		const facts = (await factsByCase(tx, [record.caseId])).get(record.caseId) as RequestFacts;
		const view = {
			...row,
			...facts,
			letter: record.letter,
			// Only the Unit and the Chair are given the case's id, to go back to it.
			caseId: user.role === 'agency' ? null : record.caseId,
			versions
		};
		await recordAuditBy(tx, user, now, {
			action: 'imr_request.viewed',
			recordType: 'imr_request',
			recordId: record.id,
			detail: { caseId: record.caseId, versions: versions.length }
		});
		return view;
	});
}

export type ImrRequestView = Awaited<ReturnType<typeof getImrRequest>>;

export interface SubmitImrInput {
	requestId: string;
	clientId: string;
	/** The version this one supersedes, which must be the latest; absent for the first. */
	supersedesId?: string;
	imr: Imr;
	attachmentIds: string[];
}

/**
 * Stores an IMR version once: the client's id makes a resent form the same row, the same id with
 * other content is refused. The first IMR names no version; a later one supersedes the latest,
 * which stays as it was sent. The case's timeline records it without changing the case's version,
 * so the Unit's open forms are not made stale by an agency's answer.
 */
export async function submitImr(
	db: Db,
	user: SessionUser,
	input: SubmitImrInput,
	now = new Date()
) {
	if (user.role !== 'agency' || !user.agencyId) throw problem('FORBIDDEN_ROLE');
	const agencyId = user.agencyId;
	const supersedesId = input.supersedesId ?? null;
	const hash = contentHash({
		requestId: input.requestId,
		imr: input.imr,
		attachmentIds: input.attachmentIds,
		supersedesId
	});
	return db.transaction(async (tx) => {
		const request = await requestInScope(tx, user, input.requestId);
		const [existing] = await tx
			.select()
			.from(imrVersions)
			.where(eq(imrVersions.id, input.clientId));
		if (existing) {
			if (existing.requestId !== request.id || existing.contentHash !== hash) {
				throw problem('REPORT_ID_CONFLICT');
			}
			return {
				id: existing.id,
				version: existing.version,
				signedOff: existing.signedOff,
				replayed: true
			};
		}
		const [caseRow] = await tx
			.select({ state: cases.state, version: cases.version })
			.from(cases)
			.where(eq(cases.id, request.caseId));
		if (!caseRow) throw problem('NOT_FOUND');
		if (caseRow.state === 'closed') throw problem('CASE_CLOSED');
		const [latest] = await tx
			.select({ id: imrVersions.id, version: imrVersions.version })
			.from(imrVersions)
			.where(eq(imrVersions.requestId, request.id))
			.orderBy(desc(imrVersions.version))
			.limit(1);
		if (supersedesId === null && latest) throw problem('REQUEST_ANSWERED');
		if (supersedesId !== null) {
			if (!latest) throw problem('NOT_FOUND');
			if (latest.id !== supersedesId) throw problem('REPORT_SUPERSEDED');
		}
		const files = await ownAttachments(tx, user, input.attachmentIds);
		const tooMuch = reportSizeRefusal(files.reduce((sum, f) => sum + f.size, 0));
		if (tooMuch) throw problem('ATTACHMENT_REFUSED', { attachments: tooMuch }, tooMuch);
		const version = (latest?.version ?? 0) + 1;
		const signedOff = input.imr.signOff !== undefined;
		await tx.insert(imrVersions).values({
			id: input.clientId,
			requestId: request.id,
			agencyId,
			version,
			supersedesId,
			content: input.imr,
			signedOff,
			contentHash: hash,
			submittedBy: user.id,
			submittedAt: now,
			submittedOn: todayIso(now)
		});
		if (files.length) {
			await tx.insert(imrAttachments).values(
				files.map((file, position) => ({
					versionId: input.clientId,
					attachmentId: file.id,
					position
				}))
			);
		}
		const what = signedOff ? 'a signed-off IMR' : 'an IMR not yet signed off';
		await appendCaseEvent(tx, {
			caseId: request.caseId,
			version: caseRow.version,
			at: now,
			actorId: user.id,
			kind: 'imr_submitted',
			summary: `sent ${what} for ${request.agencyName}${version > 1 ? `, version ${version}` : ''}`,
			detail: { requestId: request.id, versionId: input.clientId, version, signedOff }
		});
		await recordAuditBy(tx, user, now, {
			action: 'imr.submitted',
			recordType: 'imr_request',
			recordId: request.id,
			detail: {
				caseId: request.caseId,
				versionId: input.clientId,
				version,
				supersedesId,
				signedOff,
				contentHash: hash,
				attachmentIds: files.map((f) => f.id)
			}
		});
		return { id: input.clientId, version, signedOff, replayed: false };
	});
}
