import { addCalendarMonths, type IsoDate } from '$lib/domain/calendar/iso-date';
import { formatIsoDate } from '$lib/domain/calendar/date-format';
import type { CaseDates } from '$lib/domain/case/case-dates';
import type { ComputedClock } from '$lib/domain/case/clocks';
import { clockName } from '$lib/domain/case/clock-preset';

/*
 * A case as a document: the case summary, and the report to Ofsted on a serious incident that
 * §13.20 asks for "within one month of reporting the incident ... detailing any action taken or
 * any further action to be taken including an SCR or Non Statutory Review". One structure, drawn
 * as a PDF (pdfmake, on the server) and as a printable page, so both say the same.
 */

export const CASE_DOCUMENT_KINDS = ['summary', 'serious-incident'] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];

export const CASE_DOCUMENT_TITLES: Record<CaseDocumentKind, string> = {
	summary: 'Case summary',
	'serious-incident': 'Report to Ofsted on a serious incident (§13.20)'
};

export type DocumentBlock =
	| { kind: 'facts'; heading: string; rows: [string, string][] }
	| { kind: 'table'; heading: string; headers: string[]; rows: string[][]; empty: string };

export interface CaseDocument {
	title: string;
	reference: string;
	/** "Made on 30 November 2026. Children's names left out." */
	note: string;
	blocks: DocumentBlock[];
}

export interface CaseDocumentInput {
	kind: CaseDocumentKind;
	today: IsoDate;
	childNames: boolean;
	case: {
		reference: string;
		state: string;
		stateLabel: string;
		classificationLabel: string | null;
		openedOn: IsoDate;
		ownerName: string | null;
		filesHeld: boolean;
		dates: CaseDates;
	};
	notifications: readonly {
		reference: string;
		receivedOn: IsoDate;
		typeLabel: string;
		categoryLabel: string | null;
		lead: string | null;
		childName: string;
	}[];
	clocks: readonly ComputedClock[];
	requests: readonly {
		agencyName: string;
		requestedOn: IsoDate;
		dueOn: IsoDate;
		statusLabel: string;
		submittedOn: IsoDate | null;
	}[];
	actionItems: readonly {
		action: string;
		agencyName: string;
		dueOn: IsoDate;
		statusLabel: string;
		overdue: boolean;
	}[];
	timeline: readonly { on: IsoDate; actorName: string | null; summary: string }[];
}

const day = (date: IsoDate | null | undefined, none = 'Not recorded') =>
	date ? formatIsoDate(date) : none;

/** What the Chair decided, in the words of §13.20's "SCR or Non Statutory Review". */
function furtherAction(dates: CaseDates, state: string, stateLabel: string): string {
	if (dates.scrDecidedOn) return `A Serious Case Review, decided on ${day(dates.scrDecidedOn)}`;
	if (dates.internalReviewDecidedOn) {
		return `An internal review (a non-statutory review), decided on ${day(dates.internalReviewDecidedOn)}`;
	}
	if (state === 'no_further_action' || (state === 'closed' && dates.chairDecidedOn)) {
		return `No further review: decided on ${day(dates.chairDecidedOn)}`;
	}
	if (dates.chairDecidedOn) return `${stateLabel}, decided on ${day(dates.chairDecidedOn)}`;
	return `Not yet decided: the case is at "${stateLabel}"`;
}

function notificationsTable(input: CaseDocumentInput): DocumentBlock {
	return {
		kind: 'table',
		heading: 'Notifications',
		headers: [
			'Reference',
			'Received',
			'Type',
			'§13.20 category',
			'Lead LSCB',
			...(input.childNames ? ['Child'] : [])
		],
		rows: input.notifications.map((n) => [
			n.reference,
			day(n.receivedOn),
			n.typeLabel,
			n.categoryLabel ?? 'None',
			n.lead ?? 'Not recorded',
			...(input.childNames ? [n.childName] : [])
		]),
		empty: 'No notifications.'
	};
}

function timelineTable(input: CaseDocumentInput, heading: string): DocumentBlock {
	return {
		kind: 'table',
		heading,
		headers: ['Date', 'By', 'What was done'],
		rows: input.timeline.map((t) => [day(t.on), t.actorName ?? '', t.summary]),
		empty: 'Nothing recorded yet.'
	};
}

function actionPlanTable(input: CaseDocumentInput): DocumentBlock {
	return {
		kind: 'table',
		heading: 'Action plan',
		headers: ['Action', 'Agency', 'Due', 'Status'],
		rows: input.actionItems.map((i) => [
			i.action,
			i.agencyName,
			day(i.dueOn),
			i.overdue ? `${i.statusLabel} (overdue)` : i.statusLabel
		]),
		empty: 'No action plan items.'
	};
}

export function caseDocument(input: CaseDocumentInput): CaseDocument {
	const c = input.case;
	const note = `Made on ${day(input.today)}. ${
		input.childNames
			? "Children's names included, with the reason recorded."
			: "Children's names left out."
	}`;
	if (input.kind === 'serious-incident') {
		const reported = c.dates.ofstedReportedOn;
		return {
			title: CASE_DOCUMENT_TITLES['serious-incident'],
			reference: c.reference,
			note,
			blocks: [
				{
					kind: 'facts',
					heading: 'The incident',
					rows: [
						['Case', c.reference],
						['Classification', c.classificationLabel ?? 'Not recorded'],
						[
							'§13.20 category',
							[...new Set(input.notifications.map((n) => n.categoryLabel).filter(Boolean))].join(
								'; '
							) || 'None given'
						],
						['Reported to Ofsted on', day(reported)],
						[
							'This report is due by',
							reported ? day(addCalendarMonths(reported, 1)) : 'One month after reporting'
						],
						['This report sent on', day(c.dates.siReportSentOn, 'Not yet sent')]
					]
				},
				notificationsTable(input),
				timelineTable(input, 'Action taken'),
				{
					kind: 'facts',
					heading: 'Further action to be taken',
					rows: [
						['Review', furtherAction(c.dates, c.state, c.stateLabel)],
						['Stage today', c.stateLabel],
						[
							'Agencies told to secure their files',
							c.filesHeld ? 'Yes, still held' : 'No hold in place'
						]
					]
				},
				actionPlanTable(input)
			]
		};
	}
	return {
		title: CASE_DOCUMENT_TITLES.summary,
		reference: c.reference,
		note,
		blocks: [
			{
				kind: 'facts',
				heading: 'The case',
				rows: [
					['Reference', c.reference],
					['Stage', c.stateLabel],
					['Classification', c.classificationLabel ?? 'Not recorded'],
					['Opened', day(c.openedOn)],
					['Owner', c.ownerName ?? 'Nobody yet'],
					['Files secured', c.filesHeld ? 'Held' : 'Not held'],
					['Further action', furtherAction(c.dates, c.state, c.stateLabel)]
				]
			},
			notificationsTable(input),
			{
				kind: 'table',
				heading: 'Deadlines',
				headers: ['Deadline', 'Started', 'Due', 'Status'],
				rows: input.clocks.map((clock) => [
					`${clockName(clock)} (§${clock.section})`,
					day(clock.startedOn),
					day(clock.dueOn),
					clock.status === 'met'
						? `Met on ${day(clock.metOn)}${clock.metLate ? ', late' : ''}`
						: clock.status === 'overdue'
							? 'Overdue'
							: 'Running'
				]),
				empty: 'No deadline has started.'
			},
			{
				kind: 'table',
				heading: 'Short reports asked of agencies (§13.5)',
				headers: ['Agency', 'Asked', 'Due', 'Status', 'Answered'],
				rows: input.requests.map((r) => [
					r.agencyName,
					day(r.requestedOn),
					day(r.dueOn),
					r.statusLabel,
					day(r.submittedOn, '')
				]),
				empty: 'No short reports asked for.'
			},
			actionPlanTable(input),
			timelineTable(input, 'Timeline')
		]
	};
}

/** Every text the document holds, in order: what the audit records the download held. */
export function documentHeadings(document: CaseDocument): string[] {
	return document.blocks.map((block) => block.heading);
}
