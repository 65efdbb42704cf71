import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	agencies,
	filesSecuredInstructions,
	meetingShortReports,
	notifications,
	ofstedDispatches,
	panelAppointments,
	reviewDocumentVersions,
	reviewMeetings,
	reviewMilestones,
	shortReportRequests,
	specialistOpinions,
	users,
	type CaseRow
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy, type AuditAction } from '$lib/server/services/audit';
import {
	changeCase,
	findCaseInScope,
	type CaseTarget
} from '$lib/server/services/cases/case-change';
import { problem } from '$lib/server/infra/problem';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import {
	CASE_DOCUMENT_KINDS,
	DISPATCH_STATES,
	employedByInvolvedAgency,
	INDEPENDENT_ROLE_LABELS,
	isReviewState,
	MEETING_LABELS,
	missingDispatchItems,
	OFSTED_DISPATCH_LABELS,
	REVIEW_DOCUMENT_LABELS,
	type AttendeeInput,
	type CaseDocumentKind,
	type DocumentVersionInput,
	type IndependentAppointmentInput,
	type MeetingInput,
	type OfstedDispatchInput,
	type ReviewDocumentKind
} from '$lib/domain/review/review-work';

// The review as work (§13.7–§13.14, docs/decisions/027): the Unit records, the Chair reads, an
// agency sees none of it (findCaseInScope answers NOT_FOUND). Every change goes through
// changeCase, so it is version-checked, on the case's timeline and audited; every read is audited.
// Nothing here updates or deletes a row: the files-secured hold holds by construction.

/** A refusal that names the field at fault. */
function refuse(field: string, message: string): never {
	throw problem('INVALID_INPUT', { [field]: message }, message);
}

function requireReviewState(row: CaseRow, what: string): void {
	if (!isReviewState(row.state)) {
		refuse(
			'_form',
			`${what} is recorded once the Chair has decided to hold a Serious Case Review or an internal review (§13.7). This case is not at that stage.`
		);
	}
}

/**
 * The agencies involved in the case: those asked for a short report, told to secure their files,
 * or whose practitioner sent one of its notifications (docs/decisions/027).
 */
export async function involvedAgencyIds(tx: Tx, caseId: string): Promise<string[]> {
	const requested = await tx
		.select({ id: shortReportRequests.agencyId })
		.from(shortReportRequests)
		.where(eq(shortReportRequests.caseId, caseId));
	const secured = await tx
		.select({ id: filesSecuredInstructions.agencyId })
		.from(filesSecuredInstructions)
		.where(eq(filesSecuredInstructions.caseId, caseId));
	const notifying = await tx
		.select({ id: notifications.notifierAgencyId })
		.from(notifications)
		.where(eq(notifications.caseId, caseId));
	return [
		...new Set(
			[...requested, ...secured, ...notifying].flatMap((r) => (r.id === null ? [] : [r.id]))
		)
	];
}

async function agencyName(tx: Tx, id: string): Promise<string> {
	const [row] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, id));
	if (!row) refuse('agencyId', 'Select an agency from the list');
	return row.name;
}

type Change = {
	summary: string;
	action: AuditAction;
	detail: Record<string, unknown>;
};

/** One review change on the case: version-checked, on the timeline and audited. */
function changeReview<Extra extends object>(
	db: Db,
	user: SessionUser,
	target: CaseTarget,
	now: Date,
	change: (tx: Tx, row: CaseRow) => Promise<Change & { extra: Extra }>
) {
	return changeCase(db, user, target, now, async (tx, row) => {
		const { summary, action, detail, extra } = await change(tx, row);
		return {
			event: { kind: 'review_recorded' as const, summary, detail },
			audit: { action, detail },
			extra
		};
	});
}

export async function appointIndependentPerson(
	db: Db,
	user: SessionUser,
	input: CaseTarget & IndependentAppointmentInput,
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		requireReviewState(row, 'The individual panel');
		const label = INDEPENDENT_ROLE_LABELS[input.role];
		if (input.declaredOn > todayIso(now)) {
			refuse('declaredOn', 'The date of their declaration must be today or in the past');
		}
		if (input.employerAgencyId !== undefined) await agencyName(tx, input.employerAgencyId);
		if (employedByInvolvedAgency(input.employerAgencyId, await involvedAgencyIds(tx, row.id))) {
			refuse(
				'employerAgencyId',
				`The ${label.toLowerCase()} must be independent: they are employed by an agency involved in this case (§13.7). Appoint someone who is not.`
			);
		}
		const id = crypto.randomUUID();
		await tx.insert(panelAppointments).values({
			id,
			caseId: row.id,
			role: input.role,
			name: input.name,
			employer: input.employer,
			agencyId: input.employerAgencyId ?? null,
			declaredOn: input.declaredOn,
			recordedAt: now,
			recordedBy: user.id
		});
		return {
			summary: `appointed the ${label.toLowerCase()}, with their declaration of independence`,
			action: 'review.panel_appointed',
			detail: { appointmentId: id, role: input.role },
			extra: { appointmentId: id }
		};
	});
}

export async function addPanelMember(
	db: Db,
	user: SessionUser,
	input: CaseTarget & { name: string; agencyId: string; jobTitle: string },
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		requireReviewState(row, 'The individual panel');
		const agency = await agencyName(tx, input.agencyId);
		const id = crypto.randomUUID();
		await tx.insert(panelAppointments).values({
			id,
			caseId: row.id,
			role: 'member',
			name: input.name,
			agencyId: input.agencyId,
			jobTitle: input.jobTitle,
			recordedAt: now,
			recordedBy: user.id
		});
		return {
			summary: `added a panel member for ${agency}`,
			action: 'review.panel_member_added',
			detail: { appointmentId: id, agencyId: input.agencyId },
			extra: { appointmentId: id }
		};
	});
}

export async function addMilestone(
	db: Db,
	user: SessionUser,
	input: CaseTarget & { milestone: string; dueOn: string },
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		requireReviewState(row, 'The review timetable');
		const id = crypto.randomUUID();
		await tx.insert(reviewMilestones).values({
			id,
			caseId: row.id,
			milestone: input.milestone,
			dueOn: input.dueOn,
			recordedAt: now,
			recordedBy: user.id
		});
		return {
			summary: `added a milestone to the review timetable, due ${formatIsoDate(input.dueOn)}`,
			action: 'review.milestone_added',
			detail: { milestoneId: id, dueOn: input.dueOn },
			extra: { milestoneId: id }
		};
	});
}

export interface SpecialistOpinionRecord {
	specialism: string;
	reason: string;
	subGroupChairName: string;
	subGroupChairAgreedOn: string;
	lscbChairName: string;
	lscbChairAgreedOn: string;
}

export async function recordSpecialistOpinion(
	db: Db,
	user: SessionUser,
	input: CaseTarget & SpecialistOpinionRecord,
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		requireReviewState(row, 'A specialist opinion');
		const today = todayIso(now);
		if (input.subGroupChairAgreedOn > today) {
			refuse(
				'subGroupChairAgreedOn',
				'The date the Chair of the SCR Sub Group agreed must be today or in the past'
			);
		}
		if (input.lscbChairAgreedOn > today) {
			refuse(
				'lscbChairAgreedOn',
				'The date the Chair of the LSCB agreed must be today or in the past'
			);
		}
		const id = crypto.randomUUID();
		await tx.insert(specialistOpinions).values({
			id,
			caseId: row.id,
			specialism: input.specialism,
			reason: input.reason,
			subGroupChairName: input.subGroupChairName,
			subGroupChairAgreedOn: input.subGroupChairAgreedOn,
			lscbChairName: input.lscbChairName,
			lscbChairAgreedOn: input.lscbChairAgreedOn,
			recordedAt: now,
			recordedBy: user.id
		});
		return {
			summary:
				'recorded a specialist opinion agreed by the Chair of the SCR Sub Group and the Chair of the LSCB',
			action: 'review.specialist_opinion_agreed',
			detail: { opinionId: id },
			extra: { opinionId: id }
		};
	});
}

/** Checks attendees who are users exist; names of others are taken as typed. */
async function checkAttendees(tx: Tx, attendees: readonly AttendeeInput[]): Promise<void> {
	const ids = attendees.flatMap((a) => ('userId' in a ? [a.userId] : []));
	if (ids.length === 0) return;
	const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids));
	if (found.length !== new Set(ids).size) refuse('attendees', 'Select attendees from the list');
}

export async function recordMeeting(
	db: Db,
	user: SessionUser,
	input: CaseTarget & MeetingInput & { minutes?: string },
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		if (row.state === 'received') {
			refuse('_form', 'Triage the case before recording its meetings.');
		}
		if (input.kind !== 'sub_group' && input.shortReportRequestIds.length > 0) {
			refuse(
				'shortReportRequestIds',
				'Short reports are kept with the minutes of the Sub Group meeting they were presented at (§13.5): choose a Sub Group meeting'
			);
		}
		if (input.kind !== 'sub_group' && !isReviewState(row.state)) {
			refuse(
				'kind',
				`A ${MEETING_LABELS[input.kind].toLowerCase()} is held once the Chair has decided to hold a review (§13.8, §13.12). Before then only the Sub Group meets on the case.`
			);
		}
		await checkAttendees(tx, input.attendees);
		const requestIds = [...new Set(input.shortReportRequestIds)];
		if (requestIds.length > 0) {
			const own = await tx
				.select({ id: shortReportRequests.id })
				.from(shortReportRequests)
				.where(
					and(eq(shortReportRequests.caseId, row.id), inArray(shortReportRequests.id, requestIds))
				);
			if (own.length !== requestIds.length) {
				refuse('shortReportRequestIds', 'Select short reports of this case from the list');
			}
		}
		const id = crypto.randomUUID();
		await tx.insert(reviewMeetings).values({
			id,
			caseId: row.id,
			kind: input.kind,
			heldOn: input.heldOn,
			attendees: input.attendees,
			agenda: input.agenda,
			decisions: input.decisions,
			recordedAt: now,
			recordedBy: user.id
		});
		if (requestIds.length > 0) {
			await tx
				.insert(meetingShortReports)
				.values(requestIds.map((requestId) => ({ meetingId: id, requestId })));
		}
		if (input.minutes) {
			await insertVersion(tx, user, row.id, 'minutes', id, input.minutes, undefined, now);
		}
		return {
			summary: `recorded the ${MEETING_LABELS[input.kind].toLowerCase()} of ${formatIsoDate(input.heldOn)}${requestIds.length ? `, with the ${requestIds.length} short report${requestIds.length === 1 ? '' : 's'} presented` : ''}`,
			action: 'review.meeting_recorded',
			detail: {
				meetingId: id,
				kind: input.kind,
				heldOn: input.heldOn,
				shortReportRequestIds: requestIds
			},
			extra: { meetingId: id }
		};
	});
}

async function insertVersion(
	tx: Tx,
	user: SessionUser,
	caseId: string,
	kind: ReviewDocumentKind,
	meetingId: string,
	body: string,
	note: string | undefined,
	now: Date
): Promise<number> {
	const [latest] = await tx
		.select({ version: max(reviewDocumentVersions.version) })
		.from(reviewDocumentVersions)
		.where(
			and(
				eq(reviewDocumentVersions.caseId, caseId),
				eq(reviewDocumentVersions.kind, kind),
				eq(reviewDocumentVersions.meetingId, meetingId)
			)
		);
	const version = (latest?.version ?? 0) + 1;
	await tx.insert(reviewDocumentVersions).values({
		id: crypto.randomUUID(),
		caseId,
		kind,
		meetingId,
		version,
		body,
		note: note ?? null,
		savedAt: now,
		savedBy: user.id
	});
	return version;
}

/** Saves a new version of a document; earlier versions stay as they were. */
export async function saveDocumentVersion(
	db: Db,
	user: SessionUser,
	input: CaseTarget & DocumentVersionInput,
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		let meetingId = '';
		if (input.kind === 'minutes') {
			const [meeting] = input.meetingId
				? await tx
						.select({ id: reviewMeetings.id })
						.from(reviewMeetings)
						.where(and(eq(reviewMeetings.id, input.meetingId), eq(reviewMeetings.caseId, row.id)))
				: [];
			if (!meeting) refuse('meetingId', 'Select the meeting these minutes are of');
			meetingId = meeting.id;
		} else {
			if (input.meetingId !== undefined) {
				refuse('meetingId', 'Only minutes belong to a meeting');
			}
			requireReviewState(row, REVIEW_DOCUMENT_LABELS[input.kind]);
		}
		const version = await insertVersion(
			tx,
			user,
			row.id,
			input.kind,
			meetingId,
			input.body,
			input.note,
			now
		);
		return {
			summary: `saved version ${version} of the ${REVIEW_DOCUMENT_LABELS[input.kind].toLowerCase()}`,
			action: 'review.document_version_saved',
			detail: { kind: input.kind, meetingId: meetingId || null, documentVersion: version },
			extra: { documentVersion: version }
		};
	});
}

async function latestVersionNumber(tx: Tx, caseId: string, kind: CaseDocumentKind) {
	const [latest] = await tx
		.select({ version: max(reviewDocumentVersions.version) })
		.from(reviewDocumentVersions)
		.where(
			and(
				eq(reviewDocumentVersions.caseId, caseId),
				eq(reviewDocumentVersions.kind, kind),
				eq(reviewDocumentVersions.meetingId, '')
			)
		);
	return latest?.version ?? 0;
}

/** The review sent to Ofsted (§13.14): once, with the versions and the checklist of what went. */
export async function recordOfstedDispatch(
	db: Db,
	user: SessionUser,
	input: CaseTarget & OfstedDispatchInput,
	now = new Date()
) {
	return changeReview(db, user, input, now, async (tx, row) => {
		if (!(DISPATCH_STATES as readonly string[]).includes(row.state)) {
			refuse(
				'_form',
				'The review is sent to Ofsted after the Executive Group has received it (§13.12–§13.14). Present it to the Executive Group first.'
			);
		}
		const [already] = await tx
			.select({ sentOn: ofstedDispatches.sentOn })
			.from(ofstedDispatches)
			.where(eq(ofstedDispatches.caseId, row.id));
		if (already) throw problem('DISPATCH_RECORDED');
		const fieldErrors: Record<string, string> = {};
		const today = todayIso(now);
		if (input.sentOn > today)
			fieldErrors.sentOn = 'The date it was sent to Ofsted must be today or in the past';
		const [executive] = await tx
			.select({ heldOn: reviewMeetings.heldOn })
			.from(reviewMeetings)
			.where(and(eq(reviewMeetings.caseId, row.id), eq(reviewMeetings.kind, 'executive')))
			.orderBy(asc(reviewMeetings.heldOn))
			.limit(1);
		if (!executive || executive.heldOn > today) {
			fieldErrors._form =
				'Record the Executive Group meeting that received the overview report first (§13.12, §13.13)';
		}
		if (input.overviewReportVersion > (await latestVersionNumber(tx, row.id, 'overview_report'))) {
			fieldErrors.overviewReportVersion = 'Select a saved version of the overview report';
		}
		if (
			input.executiveSummaryVersion > (await latestVersionNumber(tx, row.id, 'executive_summary'))
		) {
			fieldErrors.executiveSummaryVersion = 'Select a saved version of the executive summary';
		}
		const missing = missingDispatchItems(input.itemsSent);
		if (missing.length > 0) {
			fieldErrors.itemsSent = `§13.14 sends the full SCR: tick each item sent. Not ticked: ${missing.map((m) => OFSTED_DISPATCH_LABELS[m].toLowerCase()).join(', ')}`;
		}
		if (Object.keys(fieldErrors).length > 0) {
			throw problem('INVALID_INPUT', fieldErrors);
		}
		await tx.insert(ofstedDispatches).values({
			caseId: row.id,
			sentOn: input.sentOn,
			overviewReportVersion: input.overviewReportVersion,
			executiveSummaryVersion: input.executiveSummaryVersion,
			itemsSent: input.itemsSent,
			registeredPostReference: input.registeredPostReference,
			recordedAt: now,
			recordedBy: user.id
		});
		return {
			summary: `recorded the review sent to Ofsted on ${formatIsoDate(input.sentOn)} (overview report version ${input.overviewReportVersion}, executive summary version ${input.executiveSummaryVersion})`,
			action: 'review.ofsted_dispatch_recorded',
			detail: {
				sentOn: input.sentOn,
				overviewReportVersion: input.overviewReportVersion,
				executiveSummaryVersion: input.executiveSummaryVersion,
				itemsSent: input.itemsSent
			},
			extra: {}
		};
	});
}

/* Reads: each one audited as a view of case content. */

async function nameMap(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await tx
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, unique));
	return new Map(rows.map((r) => [r.id, r.name]));
}

async function agencyNames(tx: Tx): Promise<Map<string, string>> {
	const rows = await tx.select({ id: agencies.id, name: agencies.name }).from(agencies);
	return new Map(rows.map((r) => [r.id, r.name]));
}

export interface DocumentVersionView {
	version: number;
	body: string;
	note: string | null;
	savedAt: number;
	savedByName: string;
}

async function documentVersions(
	tx: Tx,
	caseId: string,
	kind: ReviewDocumentKind,
	meetingId: string
): Promise<DocumentVersionView[]> {
	const rows = await tx
		.select({
			version: reviewDocumentVersions.version,
			body: reviewDocumentVersions.body,
			note: reviewDocumentVersions.note,
			savedAt: reviewDocumentVersions.savedAt,
			savedByName: users.name
		})
		.from(reviewDocumentVersions)
		.innerJoin(users, eq(users.id, reviewDocumentVersions.savedBy))
		.where(
			and(
				eq(reviewDocumentVersions.caseId, caseId),
				eq(reviewDocumentVersions.kind, kind),
				eq(reviewDocumentVersions.meetingId, meetingId)
			)
		)
		.orderBy(asc(reviewDocumentVersions.version));
	return rows.map((r) => ({ ...r, savedAt: r.savedAt.getTime() }));
}

async function meetingRows(tx: Tx, caseId: string) {
	return tx
		.select()
		.from(reviewMeetings)
		.where(eq(reviewMeetings.caseId, caseId))
		.orderBy(asc(reviewMeetings.heldOn), asc(reviewMeetings.recordedAt));
}

/** How many individual panel meetings have been held by `today` (the case shows it). */
export function panelMeetingsHeld(
	meetings: readonly { kind: string; heldOn: string }[],
	today: string
) {
	return meetings.filter((m) => m.kind === 'panel' && m.heldOn <= today).length;
}

async function audited(
	tx: Tx,
	user: SessionUser,
	now: Date,
	action: AuditAction,
	caseId: string,
	detail: Record<string, unknown> = {}
) {
	await recordAuditBy(tx, user, now, { action, recordType: 'case', recordId: caseId, detail });
}

/** The panel, timetable, specialist opinions, documents, meetings and dispatch of a case. */
export async function reviewWork(db: Db, user: SessionUser, caseId: string, now = new Date()) {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, caseId);
		const agencyName = await agencyNames(tx);
		const appointments = await tx
			.select()
			.from(panelAppointments)
			.where(eq(panelAppointments.caseId, row.id))
			.orderBy(asc(panelAppointments.recordedAt));
		const independent = appointments
			.filter((a) => a.role !== 'member')
			.map((a) => ({
				id: a.id,
				role: a.role as 'independent_chair' | 'overview_author',
				name: a.name,
				employer: a.employer ?? '',
				declaredOn: a.declaredOn ?? '',
				recordedAt: a.recordedAt.getTime()
			}));
		const current = (role: 'independent_chair' | 'overview_author') =>
			independent.filter((a) => a.role === role).at(-1) ?? null;
		const members = appointments
			.filter((a) => a.role === 'member')
			.map((a) => ({
				id: a.id,
				name: a.name,
				jobTitle: a.jobTitle ?? '',
				agencyName: agencyName.get(a.agencyId ?? '') ?? ''
			}));
		const milestones = (
			await tx
				.select()
				.from(reviewMilestones)
				.where(eq(reviewMilestones.caseId, row.id))
				.orderBy(asc(reviewMilestones.dueOn))
		).map((m) => ({ id: m.id, milestone: m.milestone, dueOn: m.dueOn }));
		const opinions = (
			await tx.select().from(specialistOpinions).where(eq(specialistOpinions.caseId, row.id))
		).map(
			({
				id,
				specialism,
				reason,
				subGroupChairName,
				subGroupChairAgreedOn,
				lscbChairName,
				lscbChairAgreedOn
			}) => ({
				id,
				specialism,
				reason,
				subGroupChairName,
				subGroupChairAgreedOn,
				lscbChairName,
				lscbChairAgreedOn
			})
		);
		const documents = {} as Record<CaseDocumentKind, DocumentVersionView[]>;
		for (const kind of CASE_DOCUMENT_KINDS) {
			documents[kind] = await documentVersions(tx, row.id, kind, '');
		}
		const meetings = (await meetingRows(tx, row.id)).map((m) => ({
			id: m.id,
			kind: m.kind,
			heldOn: m.heldOn,
			held: m.heldOn <= today
		}));
		const [dispatch] = await tx
			.select()
			.from(ofstedDispatches)
			.where(eq(ofstedDispatches.caseId, row.id));
		await audited(tx, user, now, 'case.review_viewed', row.id);
		return {
			caseId: row.id,
			reference: row.reference,
			version: row.version,
			state: row.state,
			inReview: isReviewState(row.state),
			canDispatch: (DISPATCH_STATES as readonly string[]).includes(row.state),
			independentChair: current('independent_chair'),
			overviewAuthor: current('overview_author'),
			appointmentHistory: independent,
			members,
			milestones,
			opinions,
			documents,
			meetings,
			panelMeetingsHeld: panelMeetingsHeld(meetings, today),
			dispatch: dispatch
				? {
						sentOn: dispatch.sentOn,
						overviewReportVersion: dispatch.overviewReportVersion,
						executiveSummaryVersion: dispatch.executiveSummaryVersion,
						itemsSent: dispatch.itemsSent,
						registeredPostReference: dispatch.registeredPostReference
					}
				: null
		};
	});
}

/** The case's meetings, each with its attendees, decisions and the short reports presented. */
export async function listMeetings(db: Db, user: SessionUser, caseId: string, now = new Date()) {
	const today = todayIso(now);
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, caseId);
		const meetings = await meetingRows(tx, row.id);
		const requests = await tx
			.select({
				id: shortReportRequests.id,
				agencyName: agencies.name,
				status: shortReportRequests.status
			})
			.from(shortReportRequests)
			.innerJoin(agencies, eq(agencies.id, shortReportRequests.agencyId))
			.where(eq(shortReportRequests.caseId, row.id));
		const people = await tx
			.select({ id: users.id, name: users.name, role: users.role })
			.from(users)
			.where(inArray(users.role, ['unit', 'chair']));
		await audited(tx, user, now, 'case.meetings_viewed', row.id);
		return {
			caseId: row.id,
			reference: row.reference,
			version: row.version,
			state: row.state,
			inReview: isReviewState(row.state),
			panelMeetingsHeld: panelMeetingsHeld(meetings, today),
			meetings: meetings.map((m) => ({
				id: m.id,
				kind: m.kind,
				heldOn: m.heldOn,
				held: m.heldOn <= today
			})),
			/** Short reports that can be linked to a Sub Group meeting (§13.5). */
			requests,
			/** The Unit and the Chair, to choose attendees from. */
			people
		};
	});
}

export async function getMeeting(
	db: Db,
	user: SessionUser,
	input: { id: string; meetingId: string },
	now = new Date()
) {
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, input.id);
		const [meeting] = await tx
			.select()
			.from(reviewMeetings)
			.where(and(eq(reviewMeetings.id, input.meetingId), eq(reviewMeetings.caseId, row.id)));
		if (!meeting) throw problem('NOT_FOUND');
		const names = await nameMap(
			tx,
			meeting.attendees.flatMap((a) => ('userId' in a ? [a.userId] : []))
		);
		const attendees = meeting.attendees.map((a) =>
			'userId' in a
				? { name: names.get(a.userId) ?? 'A former user', organisation: 'Safeguard Tracker user' }
				: { name: a.name, organisation: a.organisation ?? '' }
		);
		const shortReports = await tx
			.select({
				requestId: shortReportRequests.id,
				agencyName: agencies.name,
				status: shortReportRequests.status
			})
			.from(meetingShortReports)
			.innerJoin(shortReportRequests, eq(shortReportRequests.id, meetingShortReports.requestId))
			.innerJoin(agencies, eq(agencies.id, shortReportRequests.agencyId))
			.where(eq(meetingShortReports.meetingId, meeting.id));
		const minutes = await documentVersions(tx, row.id, 'minutes', meeting.id);
		await audited(tx, user, now, 'case.meeting_viewed', row.id, { meetingId: meeting.id });
		return {
			caseId: row.id,
			reference: row.reference,
			version: row.version,
			meeting: {
				id: meeting.id,
				kind: meeting.kind,
				heldOn: meeting.heldOn,
				agenda: meeting.agenda,
				decisions: meeting.decisions,
				attendees
			},
			shortReports,
			minutes
		};
	});
}
