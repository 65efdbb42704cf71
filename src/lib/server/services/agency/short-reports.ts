import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	agencies,
	attachments,
	cases,
	filesSecuredInstructions,
	notifications,
	shortReportAttachments,
	shortReportRequests,
	shortReports
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { type AuditAction, recordAuditBy } from '$lib/server/services/audit';
import { attachmentView, ownAttachments } from './attachments';
import { problem } from '$lib/server/infra/problem';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { contentHash } from '$lib/server/infra/content-hash';
import { reportSizeRefusal } from '$lib/domain/agency/attachment-rules';
import type { NilReturn, ShortReport, ShortReportVersion } from '$lib/domain/agency/short-report';
import {
	answeredStatus,
	isOutstanding,
	requestStatus,
	type ShortReportKind,
	type ShortReportRequestStatus
} from '$lib/domain/agency/request-status';

// The agency side of short report requests (§13.5, docs/decisions/011). An agency sees only the
// requests addressed to it, with the few case facts it needs to search its own records; anything
// else, including a guessed id, is NOT_FOUND. Answers are immutable rows; a correction is the
// next version, linked to the one it corrects.

export const WHAT_IS_ASKED =
	"A short report of your agency's knowledge of and involvement with the child and family: contacts, concerns, action taken and any immediate safeguarding steps (§13.5).";

export interface ChildFacts {
	name: string;
	otherNames: string;
	dateOfBirth: string;
	approximateAge: string;
}

export interface RequestFacts {
	caseReference: string;
	children: ChildFacts[];
	locations: string[];
	incidentDates: IsoDate[];
}

export interface AgencyRequestRow extends RequestFacts {
	id: string;
	agencyName: string;
	requestedOn: IsoDate;
	dueOn: IsoDate;
	status: ShortReportRequestStatus;
	overdue: boolean;
	submittedOn: IsoDate | null;
	whatIsAsked: string;
}

interface StoredChild {
	name?: string;
	otherNames?: string;
	dobKnown?: string;
	dateOfBirth?: string;
	approximateAge?: string;
}
interface StoredForm {
	location?: string;
	incidentDate?: string;
	children?: StoredChild[];
}

/**
 * Only what an agency needs to search its records: the children's names, dates of birth or ages,
 * where and when. The outline, the notifier and everything else on the form stay with the Unit.
 */
export async function factsByCase(
	tx: Tx,
	caseIds: readonly string[]
): Promise<Map<string, RequestFacts>> {
	const out = new Map<string, RequestFacts>();
	if (caseIds.length === 0) return out;
	const caseRows = await tx
		.select({ id: cases.id, reference: cases.reference })
		.from(cases)
		.where(inArray(cases.id, [...caseIds]));
	for (const row of caseRows) {
		out.set(row.id, {
			caseReference: row.reference,
			children: [],
			locations: [],
			incidentDates: []
		});
	}
	const forms = await tx
		.select({ caseId: notifications.caseId, form: notifications.form })
		.from(notifications)
		.where(inArray(notifications.caseId, [...caseIds]))
		.orderBy(asc(notifications.receivedAt));
	for (const { caseId, form } of forms) {
		const facts = caseId ? out.get(caseId) : undefined;
		if (!facts) continue;
		const f = (form ?? {}) as StoredForm;
		for (const c of f.children ?? []) {
			const child: ChildFacts = {
				name: c.name ?? '',
				otherNames: c.otherNames ?? '',
				dateOfBirth: c.dobKnown === 'yes' ? (c.dateOfBirth ?? '') : '',
				approximateAge: c.dobKnown === 'yes' ? '' : (c.approximateAge ?? '')
			};
			const seen = facts.children.some(
				(k) => k.name === child.name && k.dateOfBirth === child.dateOfBirth
			);
			if (!seen) facts.children.push(child);
		}
		if (f.location && !facts.locations.includes(f.location)) facts.locations.push(f.location);
		if (f.incidentDate && !facts.incidentDates.includes(f.incidentDate))
			facts.incidentDates.push(f.incidentDate);
	}
	return out;
}

function requestColumns() {
	return {
		id: shortReportRequests.id,
		caseId: shortReportRequests.caseId,
		agencyId: shortReportRequests.agencyId,
		agencyName: agencies.name,
		requestedOn: shortReportRequests.requestedOn,
		dueOn: shortReportRequests.dueOn,
		stored: shortReportRequests.status,
		submittedOn: shortReportRequests.submittedOn
	};
}

type RequestRecord = Awaited<ReturnType<typeof selectRequests>>[number];

function selectRequests(tx: Tx, where: ReturnType<typeof eq>) {
	return tx
		.select(requestColumns())
		.from(shortReportRequests)
		.innerJoin(agencies, eq(shortReportRequests.agencyId, agencies.id))
		.where(where);
}

function rowOf(
	r: RequestRecord,
	facts: RequestFacts | undefined,
	today: IsoDate
): AgencyRequestRow {
	const status = requestStatus(r.stored, r.dueOn, today);
	return {
		id: r.id,
		agencyName: r.agencyName,
		requestedOn: r.requestedOn,
		dueOn: r.dueOn,
		status,
		overdue: status === 'overdue',
		submittedOn: r.submittedOn,
		whatIsAsked: WHAT_IS_ASKED,
		caseReference: facts?.caseReference ?? '',
		children: facts?.children ?? [],
		locations: facts?.locations ?? [],
		incidentDates: facts?.incidentDates ?? []
	};
}

/** The caller's agency's requests: outstanding first by due date, then answered, latest first. */
export async function listAgencyRequests(
	db: Db,
	user: SessionUser,
	now = new Date()
): Promise<AgencyRequestRow[]> {
	const today = todayIso(now);
	if (!user.agencyId) return [];
	const agencyId = user.agencyId;
	return db.transaction(async (tx) => {
		const records = await selectRequests(tx, eq(shortReportRequests.agencyId, agencyId));
		const facts = await factsByCase(tx, [...new Set(records.map((r) => r.caseId))]);
		const rows = records.map((r) => rowOf(r, facts.get(r.caseId), today));
		rows.sort((a, b) => {
			const ao = isOutstanding(a.status) ? 0 : 1;
			const bo = isOutstanding(b.status) ? 0 : 1;
			if (ao !== bo) return ao - bo;
			if (ao === 0) return a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0;
			return a.dueOn < b.dueOn ? 1 : a.dueOn > b.dueOn ? -1 : 0;
		});
		await recordAuditBy(tx, user, now, {
			action: 'agency.requests_viewed',
			recordType: 'agency',
			recordId: agencyId,
			detail: { count: rows.length }
		});
		return rows;
	});
}

/** Who reads every request and its answers: the Unit, and the Chair who decides on them. */
function readsEveryRequest(user: SessionUser): boolean {
	return user.role === 'unit' || user.role === 'chair';
}

/**
 * The request if the caller may see it: the Unit and the Chair any, an agency only its own.
 * Writing is an agency's alone: every write checks the role before it asks for scope.
 */
async function requestInScope(tx: Tx, user: SessionUser, id: string): Promise<RequestRecord> {
	const [record] = await selectRequests(tx, eq(shortReportRequests.id, id));
	const allowed =
		record &&
		(readsEveryRequest(user) || (user.role === 'agency' && user.agencyId === record.agencyId));
	if (!record || !allowed) throw problem('NOT_FOUND');
	return record;
}

async function reportVersions(tx: Tx, requestId: string): Promise<ShortReportVersion[]> {
	const rows = await tx
		.select()
		.from(shortReports)
		.where(eq(shortReports.requestId, requestId))
		.orderBy(desc(shortReports.version));
	const links = rows.length
		? await tx
				.select({
					reportId: shortReportAttachments.reportId,
					position: shortReportAttachments.position,
					attachment: attachments
				})
				.from(shortReportAttachments)
				.innerJoin(attachments, eq(shortReportAttachments.attachmentId, attachments.id))
				.where(
					inArray(
						shortReportAttachments.reportId,
						rows.map((r) => r.id)
					)
				)
				.orderBy(asc(shortReportAttachments.position))
		: [];
	return rows.map((row) => ({
		id: row.id,
		version: row.version,
		correctsId: row.correctsId,
		kind: row.kind,
		report: row.kind === 'report' ? (row.content as ShortReport) : null,
		nilReturn: row.kind === 'nil_return' ? (row.content as NilReturn) : null,
		submittedOn: row.submittedOn,
		submittedAt: row.submittedAt.getTime(),
		attachments: links
			.filter((l) => l.reportId === row.id)
			.map(({ attachment }) => attachmentView(attachment))
	}));
}

/** One request with its facts, every version of its answer (newest first) and the files hold. */
export async function getAgencyRequest(db: Db, user: SessionUser, id: string, now = new Date()) {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const record = await requestInScope(tx, user, id);
		const facts = await factsByCase(tx, [record.caseId]);
		const [hold] = await tx
			.select({
				id: filesSecuredInstructions.id,
				instructedOn: filesSecuredInstructions.instructedOn,
				acknowledgedOn: filesSecuredInstructions.acknowledgedOn,
				rescindedOn: filesSecuredInstructions.rescindedOn
			})
			.from(filesSecuredInstructions)
			.where(
				and(
					eq(filesSecuredInstructions.caseId, record.caseId),
					eq(filesSecuredInstructions.agencyId, record.agencyId)
				)
			);
		const view = {
			...rowOf(record, facts.get(record.caseId), today),
			caseId: readsEveryRequest(user) ? record.caseId : null,
			filesSecured: hold ?? null,
			versions: await reportVersions(tx, record.id)
		};
		await recordAuditBy(tx, user, now, {
			action: 'short_report_request.viewed',
			recordType: 'short_report_request',
			recordId: record.id,
			detail: { caseId: record.caseId }
		});
		return view;
	});
}

export type AgencyRequestView = Awaited<ReturnType<typeof getAgencyRequest>>;

interface Submission {
	requestId: string;
	clientId: string;
	kind: ShortReportKind;
	content: ShortReport | NilReturn;
	attachmentIds: readonly string[];
	/** Set for a correction: the version it corrects, which must be the latest. */
	correctsId: string | null;
}

export interface SubmissionResult {
	id: string;
	version: number;
	requestStatus: ReturnType<typeof answeredStatus>;
	/** True when this was a retry of a submission already stored. */
	replayed: boolean;
}

const ACTIONS: Record<ShortReportKind | 'correction', AuditAction> = {
	report: 'short_report.submitted',
	nil_return: 'short_report.nil_return',
	correction: 'short_report.corrected'
};

/**
 * Stores an answer once. The client's id makes a retry the same row (the offline outbox can send
 * it again safely); the same id with different content is refused.
 */
async function submit(
	db: Db,
	user: SessionUser,
	submission: Submission,
	now: Date
): Promise<SubmissionResult> {
	if (user.role !== 'agency' || !user.agencyId) throw problem('FORBIDDEN_ROLE');
	const agencyId = user.agencyId;
	const hash = contentHash({
		requestId: submission.requestId,
		kind: submission.kind,
		content: submission.content,
		attachmentIds: submission.attachmentIds,
		correctsId: submission.correctsId
	});
	return db.transaction(async (tx) => {
		const request = await requestInScope(tx, user, submission.requestId);
		const [existing] = await tx
			.select()
			.from(shortReports)
			.where(eq(shortReports.id, submission.clientId));
		if (existing) {
			if (existing.requestId !== request.id || existing.contentHash !== hash) {
				throw problem('REPORT_ID_CONFLICT');
			}
			return {
				id: existing.id,
				version: existing.version,
				requestStatus: answeredStatus(existing.kind),
				replayed: true
			};
		}
		if (request.stored === 'withdrawn') throw problem('REQUEST_WITHDRAWN');
		const [latest] = await tx
			.select({ id: shortReports.id, version: shortReports.version })
			.from(shortReports)
			.where(eq(shortReports.requestId, request.id))
			.orderBy(desc(shortReports.version))
			.limit(1);
		if (submission.correctsId === null && latest) throw problem('REQUEST_ANSWERED');
		if (submission.correctsId !== null) {
			if (!latest) throw problem('NOT_FOUND');
			if (latest.id !== submission.correctsId) throw problem('REPORT_SUPERSEDED');
		}
		const files = await ownAttachments(tx, user, submission.attachmentIds);
		const tooMuch = reportSizeRefusal(files.reduce((sum, f) => sum + f.size, 0));
		if (tooMuch) throw problem('ATTACHMENT_REFUSED', { attachments: tooMuch }, tooMuch);
		const version = (latest?.version ?? 0) + 1;
		const today = todayIso(now);
		await tx.insert(shortReports).values({
			id: submission.clientId,
			requestId: request.id,
			agencyId,
			version,
			correctsId: submission.correctsId,
			kind: submission.kind,
			content: submission.content,
			contentHash: hash,
			submittedBy: user.id,
			submittedAt: now,
			submittedOn: today
		});
		if (files.length) {
			await tx.insert(shortReportAttachments).values(
				files.map((file, position) => ({
					reportId: submission.clientId,
					attachmentId: file.id,
					position
				}))
			);
		}
		const answered = answeredStatus(submission.kind);
		await tx
			.update(shortReportRequests)
			.set({ status: answered, submittedOn: request.submittedOn ?? today })
			.where(eq(shortReportRequests.id, request.id));
		await recordAuditBy(tx, user, now, {
			action: ACTIONS[submission.correctsId ? 'correction' : submission.kind],
			recordType: 'short_report_request',
			recordId: request.id,
			detail: {
				reportId: submission.clientId,
				version,
				correctsId: submission.correctsId,
				contentHash: hash,
				attachmentIds: files.map((f) => f.id),
				before: request.stored,
				after: answered
			}
		});
		return { id: submission.clientId, version, requestStatus: answered, replayed: false };
	});
}

export interface ReportInput {
	requestId: string;
	clientId: string;
	report: ShortReport;
	attachmentIds: string[];
}

function reportSubmission(input: ReportInput, correctsId: string | null): Submission {
	return {
		requestId: input.requestId,
		clientId: input.clientId,
		kind: 'report',
		content: input.report,
		attachmentIds: input.attachmentIds,
		correctsId
	};
}

export function submitShortReport(db: Db, user: SessionUser, input: ReportInput, now = new Date()) {
	return submit(db, user, reportSubmission(input, null), now);
}

export function correctShortReport(
	db: Db,
	user: SessionUser,
	input: ReportInput & { correctsId: string },
	now = new Date()
) {
	return submit(db, user, reportSubmission(input, input.correctsId), now);
}

export function submitNilReturn(
	db: Db,
	user: SessionUser,
	input: { requestId: string; clientId: string } & NilReturn,
	now = new Date()
) {
	return submit(
		db,
		user,
		{
			requestId: input.requestId,
			clientId: input.clientId,
			kind: 'nil_return',
			content: { author: input.author, confirm: input.confirm },
			attachmentIds: [],
			correctsId: null
		},
		now
	);
}
