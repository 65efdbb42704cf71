import { asc, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	caseReviewEntries,
	notifications,
	users,
	type CaseRow,
	type CaseReviewEntryRow
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import {
	changeCase,
	findCaseInScope,
	type CaseTarget
} from '$lib/server/services/cases/case-change';
import { caseNotificationFacts } from '$lib/server/services/triage/lead-authority';
import { problem } from '$lib/server/infra/problem';
import { presetStateLabel } from '$lib/domain/procedure-presets/presets';
import { isOneOf } from '$lib/domain/one-of';
import {
	missingNotices,
	noticeName,
	NOTICE_PURPOSES,
	OTHER_BODIES,
	type GivenNotice,
	type NoticeFacts
} from '$lib/domain/review/other-bodies';
import {
	proceedingsHoldingPublication,
	PROCEEDING_KINDS,
	type Proceeding,
	type ProceedingKind,
	type PublicationGoAhead
} from '$lib/domain/review/parallel-proceedings';
import { namesInstitutionalSetting } from '$lib/domain/review/institutional-abuse';
import type { ReviewEntryInput } from '$lib/domain/review/review-entry';
import {
	CORRECTABLE_KINDS,
	REVIEW_ENTRY_NAMES,
	SINGLE_ENTRY_KINDS,
	type ReviewEntryKind
} from '$lib/domain/review/review-kinds';
import type { ReviewEntryView } from '$lib/domain/review/review-view';

// The review as work (§13.6–§13.19, docs/decisions/028): notices to other bodies, parallel
// proceedings and the Executive's go-ahead to publish, the family and media plans, the
// three-strand meeting. Every change goes through `changeCase` (scope, version, timeline, audit);
// entries are append-only revisions, so nothing recorded is overwritten under the files-secured
// hold. Every read is audited as a view of case content.

export type ReviewEntry = ReviewEntryView;

/** Every entry of the case at its latest revision, oldest first, with its earlier revisions. */
async function caseEntries(tx: Tx, caseId: string): Promise<ReviewEntry[]> {
	const rows = await tx
		.select({ row: caseReviewEntries, recordedByName: users.name })
		.from(caseReviewEntries)
		.leftJoin(users, eq(caseReviewEntries.recordedBy, users.id))
		.where(eq(caseReviewEntries.caseId, caseId))
		.orderBy(asc(caseReviewEntries.recordedAt), asc(caseReviewEntries.revision));
	const byId = new Map<string, ReviewEntry>();
	for (const { row, recordedByName } of rows) {
		const seen = byId.get(row.entryId);
		const entry = {
			entryId: row.entryId,
			kind: row.kind,
			revision: row.revision,
			data: row.data,
			recordedAt: row.recordedAt.getTime(),
			recordedByName
		};
		if (!seen) byId.set(row.entryId, { ...entry, earlier: [] });
		else if (row.revision > seen.revision) {
			const { revision, data, recordedAt } = seen;
			byId.set(row.entryId, {
				...entry,
				earlier: [{ revision, data, recordedAt }, ...seen.earlier]
			});
		}
	}
	return [...byId.values()];
}

const ofKind = (entries: readonly ReviewEntry[], kind: ReviewEntryKind) =>
	entries.filter((entry) => entry.kind === kind);

function proceedingsOf(entries: readonly ReviewEntry[]): (Proceeding & { entry: ReviewEntry })[] {
	return ofKind(entries, 'proceeding').map((entry) => ({
		...(entry.data as unknown as Omit<Proceeding, 'id'>),
		id: entry.entryId,
		entry
	}));
}

function goAheadsOf(entries: readonly ReviewEntry[]): PublicationGoAhead[] {
	return ofKind(entries, 'publication_go_ahead').map(
		(entry) => entry.data as unknown as PublicationGoAhead
	);
}

/**
 * The kinds of active proceedings no Executive go-ahead covers: while any remain, publishing the
 * summary is refused (§13.10, §13.15; `publication->monitoring`).
 */
export async function proceedingsHoldingCasePublication(
	tx: Tx,
	caseId: string
): Promise<ProceedingKind[]> {
	const entries = await caseEntries(tx, caseId);
	return proceedingsHoldingPublication(proceedingsOf(entries), goAheadsOf(entries)).map(
		(p) => p.proceeding
	);
}

/** Whether any notification in the case named an institutional setting (§13.2, §13.19). */
async function institutionalSettingsNamed(tx: Tx, caseId: string): Promise<string[]> {
	const rows = await tx
		.select({ reference: notifications.reference, form: notifications.form })
		.from(notifications)
		.where(eq(notifications.caseId, caseId));
	return rows
		.filter((n) =>
			namesInstitutionalSetting(
				(n.form as { institutionalSetting?: string } | null)?.institutionalSetting
			)
		)
		.map((n) => n.reference);
}

/** Everything the review work page shows. Audited as a view of case content. */
export async function getReviewWork(db: Db, user: SessionUser, caseId: string, now = new Date()) {
	return db.transaction(async (tx) => {
		const row = await findCaseInScope(tx, user, caseId);
		const view = await reviewWorkOf(tx, row);
		await recordAuditBy(tx, user, now, {
			action: 'case.review_work_viewed',
			recordType: 'case',
			recordId: row.id,
			detail: { version: row.version, entries: view.entryCount }
		});
		return view;
	});
}

async function reviewWorkOf(tx: Tx, row: CaseRow) {
	const entries = await caseEntries(tx, row.id);
	const notices = ofKind(entries, 'other_body');
	const cdop = await caseNotificationFacts(tx, row.id, row.classification);
	const deaths = cdop.filter((n) => n.cdopNeeded);
	// Ofsted's notice is the case date that meets T7; CDOP's is "CDOP informed" on each
	// notification of a death: shown here from where they are kept.
	const given: GivenNotice[] = notices.map((entry) => ({
		body: entry.data.body as GivenNotice['body'],
		purpose: entry.data.purpose as GivenNotice['purpose'],
		toldOn: String(entry.data.toldOn),
		toldBy: String(entry.data.toldBy)
	}));
	if (row.dates.ofstedNotifiedOn) {
		given.push({
			body: 'ofsted',
			purpose: 'review',
			toldOn: row.dates.ofstedNotifiedOn,
			toldBy: null
		});
	}
	if (deaths.length > 0 && deaths.every((n) => n.cdopInformed)) {
		given.push({
			body: 'cdop',
			purpose: 'death',
			toldOn: deaths[0]?.cdopInformed?.informedOn ?? '',
			toldBy: deaths[0]?.cdopInformed?.informedBy ?? null
		});
	}
	const facts: NoticeFacts = {
		childDeath: deaths.length > 0,
		scrDecided: !!row.dates.scrDecidedOn,
		outcomeFinal: row.evaluationGrade === 'adequate'
	};
	const proceedings = proceedingsOf(entries);
	const goAheads = ofKind(entries, 'publication_go_ahead');
	const holding = proceedingsHoldingPublication(proceedings, goAheadsOf(entries));
	const institutional = await institutionalSettingsNamed(tx, row.id);
	const single = (kind: ReviewEntryKind) => ofKind(entries, kind)[0] ?? null;
	return {
		caseId: row.id,
		reference: row.reference,
		version: row.version,
		state: row.state,
		stateLabel: presetStateLabel(row.procedure, row.state),
		closed: row.state === 'closed',
		entryCount: entries.length,
		notices: {
			missing: missingNotices(facts, given).map((rule) => ({ ...rule, name: noticeName(rule) })),
			given: notices,
			ofstedNotifiedOn: row.dates.ofstedNotifiedOn ?? null,
			cdop: deaths.map((n) => ({
				reference: n.reference,
				notificationId: n.notificationId,
				informedOn: n.cdopInformed?.informedOn ?? null,
				informedBy: n.cdopInformed?.informedBy ?? null
			}))
		},
		proceedings: proceedings.map(({ entry }) => entry),
		goAheads,
		publicationHeldBy: holding.map((p) => p.proceeding),
		familyPlan: single('family_plan'),
		mediaStrategy: single('media_strategy'),
		threeStrand: {
			/** The notifications that named an institutional setting: §13.19 applies. */
			namedIn: institutional,
			meeting: single('three_strand_meeting')
		}
	};
}

export type ReviewWork = Awaited<ReturnType<typeof reviewWorkOf>>;

/** What each entry says in the timeline: "recorded a parallel proceeding: Coroner's inquest". */
function entrySummary(input: ReviewEntryInput, correcting: boolean): string {
	const verb = correcting ? 'corrected' : 'recorded';
	switch (input.kind) {
		case 'other_body':
			return `${verb} a notice to ${OTHER_BODIES[input.body]} (${NOTICE_PURPOSES[input.purpose].toLowerCase()}) on ${input.toldOn}`;
		case 'proceeding':
			return `${verb} ${PROCEEDING_KINDS[input.proceeding]} as ${input.status}`;
		default:
			return `${verb} ${REVIEW_ENTRY_NAMES[input.kind]}`;
	}
}

export type ReviewEntryChange = CaseTarget & ReviewEntryInput;

/**
 * Records one entry, or a correction of one as its next revision. Refused on a closed case
 * (CASE_CLOSED), a stale version (VERSION_CONFLICT), an entry of another case or kind
 * (NOT_FOUND), and a go-ahead with no proceeding holding publication (INVALID_INPUT).
 */
export async function recordReviewEntry(
	db: Db,
	user: SessionUser,
	input: ReviewEntryChange,
	now = new Date()
) {
	return changeCase(db, user, input, now, async (tx, row) => {
		const { id: _caseId, version: _version, kind, ...fields } = input;
		const entries = await caseEntries(tx, row.id);
		let existing: ReviewEntry | undefined;
		if (isOneOf(CORRECTABLE_KINDS, kind) && 'recordId' in fields && fields.recordId) {
			existing = entries.find((entry) => entry.entryId === fields.recordId && entry.kind === kind);
			if (!existing) throw problem('NOT_FOUND');
		} else if (isOneOf(SINGLE_ENTRY_KINDS, kind)) {
			existing = ofKind(entries, kind)[0];
		}
		const { recordId: _recordId, ...data } = fields as typeof fields & { recordId?: string };
		if (kind === 'publication_go_ahead') {
			const holding = proceedingsHoldingPublication(proceedingsOf(entries), goAheadsOf(entries));
			if (holding.length === 0) {
				throw problem('INVALID_INPUT', {
					reason:
						'No active proceeding holds publication back: record the proceeding first, or there is nothing to go ahead of'
				});
			}
			Object.assign(data, { covers: holding.map((p) => p.id) });
		}
		const entryId = existing?.entryId ?? crypto.randomUUID();
		const revision = (existing?.revision ?? 0) + 1;
		await tx.insert(caseReviewEntries).values({
			entryId,
			revision,
			caseId: row.id,
			kind,
			data,
			recordedAt: now,
			recordedBy: user.id
		} satisfies CaseReviewEntryRow);
		const detail = { kind, entryId, revision, before: existing?.data ?? null, after: data };
		return {
			event: { kind: 'review_entry_recorded', summary: entrySummary(input, !!existing), detail },
			audit: { action: 'case.review_entry_recorded', detail },
			extra: { entryId, revision }
		};
	});
}
