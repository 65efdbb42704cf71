import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db } from '$lib/server/db';
import {
	actionPlanItemRevisions,
	agencies,
	cases,
	notifications,
	shortReportRequests,
	users
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { auditBy } from '$lib/server/services/audit';
import { untriaged } from '$lib/server/services/triage/queue';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { computeClocks, nextDueClock, shortReportClock } from '$lib/domain/case/clocks';
import { clockName, sectionCitation } from '$lib/domain/case/clock-preset';
import { presetClocks, presetStateLabel } from '$lib/domain/procedure-presets/presets';
import { CASE_CLASSIFICATION_LABELS } from '$lib/domain/case/case-choices';
import { ACTION_ITEM_STATUS_LABELS } from '$lib/domain/case/action-plan';
import { requestStatus, UNIT_REQUEST_STATUS_LABELS } from '$lib/domain/agency/request-status';
import {
	INCIDENT_TYPE_SHORT_LABELS,
	SERIOUS_INCIDENT_CATEGORIES,
	YES_NO_NOT_KNOWN
} from '$lib/domain/notification/notification-options';
import { daysLate } from '$lib/domain/reports/figures';
import { CHILD_NAME_COLUMN, neutraliseCell, type ExportRequest } from '$lib/domain/reports/exports';

// The lists as rows for a CSV file, read a page at a time in the order of their primary key, so
// a list of 100,000 rows is streamed out without being held in memory. Every download is audited
// with its columns, the number of rows and the reference of every record it held.

const PAGE = 500;

export type ExportRow = Record<string, string | number>;

export interface ExportStream {
	columns: string[];
	rows: AsyncGenerator<ExportRow>;
}

/** Reads `read(after)` page after page, each page after the last key of the one before. */
async function* paged<T extends { id: string }>(read: (after: string) => Promise<T[]>) {
	let after = '';
	for (;;) {
		const page = await read(after);
		for (const row of page) yield row;
		if (page.length < PAGE) return;
		after = (page[page.length - 1] as T).id;
	}
}

const dateOf = (at: Date) => todayIso(at);

function queueRows(db: Db, childNames: boolean): ExportStream {
	const columns = [
		'Reference',
		'Received',
		'Type',
		'§13.20 category',
		'Notifying agency',
		'Triage due (T1)',
		'Other children at risk',
		...(childNames ? [CHILD_NAME_COLUMN] : [])
	];
	async function* rows() {
		for await (const row of paged((after) =>
			db
				.select({
					id: notifications.id,
					reference: notifications.reference,
					receivedAt: notifications.receivedAt,
					incidentType: notifications.incidentType,
					category: notifications.seriousIncidentCategory,
					agency: agencies.name,
					triageDueOn: notifications.triageDueOn,
					others: notifications.otherChildrenAtRisk,
					child: notifications.firstChildName
				})
				.from(notifications)
				.leftJoin(agencies, eq(notifications.notifierAgencyId, agencies.id))
				.where(and(untriaged, gt(notifications.id, after)))
				.orderBy(asc(notifications.id))
				.limit(PAGE)
		)) {
			yield {
				Reference: row.reference,
				Received: dateOf(row.receivedAt),
				Type: INCIDENT_TYPE_SHORT_LABELS[row.incidentType],
				'§13.20 category': row.category ? SERIOUS_INCIDENT_CATEGORIES[row.category] : '',
				'Notifying agency': row.agency ?? '',
				'Triage due (T1)': row.triageDueOn ?? '',
				'Other children at risk': YES_NO_NOT_KNOWN[row.others],
				...(childNames ? { [CHILD_NAME_COLUMN]: row.child ?? '' } : {})
			};
		}
	}
	return { columns, rows: rows() };
}

/** Cases a page at a time, with their owner and the first child of their first notification. */
function casePages(db: Db) {
	return paged((after) =>
		db
			.select({
				id: cases.id,
				reference: cases.reference,
				state: cases.state,
				procedure: cases.procedure,
				classification: cases.classification,
				openedAt: cases.openedAt,
				dates: cases.dates,
				owner: users.name
			})
			.from(cases)
			.leftJoin(users, eq(cases.ownerId, users.id))
			.where(gt(cases.id, after))
			.orderBy(asc(cases.id))
			.limit(PAGE)
	);
}

async function firstChildOf(db: Db, caseId: string): Promise<string> {
	const [row] = await db
		.select({ child: notifications.firstChildName })
		.from(notifications)
		.where(and(eq(notifications.caseId, caseId), isNull(notifications.supersededById)))
		.orderBy(asc(notifications.receivedAt))
		.limit(1);
	return row?.child ?? '';
}

function caseRows(db: Db, childNames: boolean, today: IsoDate): ExportStream {
	const columns = [
		'Reference',
		'Stage',
		'Classification',
		'Opened',
		'Owner',
		'Next deadline',
		'Next deadline due',
		'Closed',
		...(childNames ? [CHILD_NAME_COLUMN] : [])
	];
	async function* rows() {
		for await (const row of casePages(db)) {
			const next = nextDueClock(
				computeClocks(row.dates, today, { preset: presetClocks(row.procedure) })
			);
			yield {
				Reference: row.reference,
				Stage: presetStateLabel(row.procedure, row.state),
				Classification: row.classification ? CASE_CLASSIFICATION_LABELS[row.classification] : '',
				Opened: dateOf(row.openedAt),
				Owner: row.owner ?? '',
				'Next deadline': next ? clockName(next) : '',
				'Next deadline due': next?.dueOn ?? '',
				Closed: row.dates.closedOn ?? '',
				...(childNames ? { [CHILD_NAME_COLUMN]: await firstChildOf(db, row.id) } : {})
			};
		}
	}
	return { columns, rows: rows() };
}

const CLOCK_STATUS_WORDS = {
	on_track: 'Running',
	due_soon: 'Due soon',
	overdue: 'Overdue',
	met: 'Met'
} as const;

function clockRows(db: Db, today: IsoDate): ExportStream {
	const columns = [
		'Case',
		'Deadline',
		'Section',
		'Started',
		'Due',
		'Status',
		'Met on',
		'Days late',
		'Days counted'
	];
	async function* rows() {
		for await (const row of casePages(db)) {
			for (const clock of computeClocks(row.dates, today, {
				preset: presetClocks(row.procedure)
			})) {
				yield {
					Case: row.reference,
					Deadline: clockName(clock),
					Section: sectionCitation(clock.section),
					Started: clock.startedOn,
					Due: clock.dueOn,
					Status:
						clock.status === 'met' && clock.metLate ? 'Met late' : CLOCK_STATUS_WORDS[clock.status],
					'Met on': clock.metOn ?? '',
					'Days late':
						clock.status === 'met' || clock.status === 'overdue' ? daysLate(clock, today) : '',
					'Days counted': clock.daysUnit
				};
			}
		}
	}
	return { columns, rows: rows() };
}

function requestRows(db: Db, today: IsoDate): ExportStream {
	const columns = ['Case', 'Agency', 'Requested', 'Due', 'Status', 'Answered on', 'Days late'];
	async function* rows() {
		for await (const row of paged((after) =>
			db
				.select({
					id: shortReportRequests.id,
					reference: cases.reference,
					agency: agencies.name,
					requestedOn: shortReportRequests.requestedOn,
					dueOn: shortReportRequests.dueOn,
					stored: shortReportRequests.status,
					submittedOn: shortReportRequests.submittedOn
				})
				.from(shortReportRequests)
				.innerJoin(cases, eq(shortReportRequests.caseId, cases.id))
				.innerJoin(agencies, eq(shortReportRequests.agencyId, agencies.id))
				.where(gt(shortReportRequests.id, after))
				.orderBy(asc(shortReportRequests.id))
				.limit(PAGE)
		)) {
			const status = requestStatus(row.stored, row.dueOn, today);
			const clock = shortReportClock(
				{
					requestedOn: row.requestedOn,
					dueOn: row.dueOn,
					submittedOn: row.submittedOn ?? undefined
				},
				today
			);
			yield {
				Case: row.reference,
				Agency: row.agency,
				Requested: row.requestedOn,
				Due: row.dueOn,
				Status: UNIT_REQUEST_STATUS_LABELS[status],
				'Answered on': row.submittedOn ?? '',
				'Days late':
					status !== 'withdrawn' && (clock.status === 'met' || clock.status === 'overdue')
						? daysLate(clock, today)
						: ''
			};
		}
	}
	return { columns, rows: rows() };
}

function actionPlanRows(db: Db, today: IsoDate): ExportStream {
	const columns = ['Case', 'Action', 'Owning agency', 'Due', 'Status', 'Overdue', 'Last changed'];
	const latest = alias(actionPlanItemRevisions, 'later');
	async function* rows() {
		for await (const row of paged((after) =>
			db
				.select({
					id: actionPlanItemRevisions.itemId,
					reference: cases.reference,
					action: actionPlanItemRevisions.action,
					agency: agencies.name,
					dueOn: actionPlanItemRevisions.dueOn,
					status: actionPlanItemRevisions.status,
					recordedAt: actionPlanItemRevisions.recordedAt
				})
				.from(actionPlanItemRevisions)
				.innerJoin(cases, eq(actionPlanItemRevisions.caseId, cases.id))
				.innerJoin(agencies, eq(actionPlanItemRevisions.ownerAgencyId, agencies.id))
				// Each item's latest revision only: no later revision of the same item exists.
				.leftJoin(
					latest,
					and(
						eq(latest.itemId, actionPlanItemRevisions.itemId),
						gt(latest.revision, actionPlanItemRevisions.revision)
					)
				)
				.where(and(isNull(latest.itemId), gt(actionPlanItemRevisions.itemId, after)))
				.orderBy(asc(actionPlanItemRevisions.itemId))
				.limit(PAGE)
		)) {
			yield {
				Case: row.reference,
				Action: row.action,
				'Owning agency': row.agency,
				Due: row.dueOn,
				Status: ACTION_ITEM_STATUS_LABELS[row.status],
				Overdue: row.status !== 'done' && today > row.dueOn ? 'Yes' : 'No',
				'Last changed': dateOf(row.recordedAt)
			};
		}
	}
	return { columns, rows: rows() };
}

/** The rows of the list asked for, as of `now`. */
export function exportList(db: Db, request: ExportRequest, now = new Date()): ExportStream {
	const today = todayIso(now);
	switch (request.list) {
		case 'queue':
			return queueRows(db, request.childNames);
		case 'cases':
			return caseRows(db, request.childNames, today);
		case 'clocks':
			return clockRows(db, today);
		case 'requests':
			return requestRows(db, today);
		case 'action-plan':
			return actionPlanRows(db, today);
	}
}

/** What a download held, for the audit trail: never the children's names themselves. */
export async function auditExport(
	db: Db,
	user: SessionUser,
	request: ExportRequest,
	held: { columns: string[]; rows: number; references: string[]; complete: boolean }
) {
	await auditBy(db, user, {
		action: 'report.exported',
		detail: {
			list: request.list,
			childNames: request.childNames,
			reason: request.childNames ? request.reason : undefined,
			...held,
			references: [...new Set(held.references)]
		}
	});
}

/**
 * Rows as CSV text, written as they are read (csv-stringify): a header row, a byte order mark so
 * spreadsheets read the file as UTF-8, and no cell a spreadsheet would run as a formula.
 */
export function toCsv(rows: AsyncIterable<ExportRow>, columns: string[]): Readable {
	return Readable.from(rows).pipe(
		stringify({ header: true, columns, bom: true, cast: { string: neutraliseCell } })
	);
}
