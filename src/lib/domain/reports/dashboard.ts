import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { CASE_STATES, CASE_STATE_LABELS, type CaseState } from '$lib/domain/case/case-states';
import {
	INCIDENT_TYPES,
	INCIDENT_TYPE_SHORT_LABELS,
	SERIOUS_INCIDENT_CATEGORIES,
	keysOf
} from '$lib/domain/notification/notification-options';
import { areaKey } from '$lib/domain/triage/lead-authority';
import {
	clockFigures,
	type CountedClock,
	labelledTallies,
	monthlyTallies,
	tallySummary,
	trendSummary,
	type ClockFigures,
	type Tally
} from './figures';
import { monthsOf } from './report-filters';

/*
 * The dashboard (§13.20) assembled from what the service counted: one chart per breakdown, each
 * with its table rows and its one-line summary.
 */

/** Notifications counted by every breakdown at once: one row per combination that occurs. */
export interface NotificationCount {
	incidentType: string;
	category: string | null;
	/** YYYY-MM of receipt. */
	month: string;
	agencyId: string | null;
	/** The lead LSCB as recorded (leadLscb), null until the Unit records it. */
	lead: string | null;
	count: number;
}

export interface Chart {
	id: string;
	title: string;
	/** What each bar counts, for the table's heading. */
	groupHeading: string;
	summary: string;
	tallies: Tally[];
	/** Months read left to right as a trend; the others as bars largest first. */
	shape: 'trend' | 'bars';
}

/** The decisions the Chair makes on a case awaiting them (§13.5, §13.6, §13.20). */
export const DECISION_OUTCOMES = [
	'scr_initiated',
	'internal_review',
	'imrs_only',
	'audit',
	'no_further_action',
	'deferred'
] as const satisfies readonly CaseState[];

export const DECISION_OUTCOME_LABELS: Record<(typeof DECISION_OUTCOMES)[number], string> = {
	scr_initiated: 'Serious Case Review',
	internal_review: 'Internal review',
	imrs_only: 'Individual management reviews only',
	audit: 'Smaller scale audit',
	no_further_action: 'No further action',
	deferred: 'Deferred to a fixed date'
};

export interface DashboardInput {
	period: { from: IsoDate; to: IsoDate };
	today: IsoDate;
	notifications: readonly NotificationCount[];
	agencyNames: Readonly<Record<string, string>>;
	casesByState: readonly { key: string; count: number }[];
	decisions: readonly { key: string; count: number }[];
	/** Every clock due in the period or overdue today; stored clocks come counted (CountedClock). */
	clocks: readonly CountedClock[];
}

export interface Dashboard {
	notificationTotal: number;
	charts: Chart[];
	clocks: ClockFigures[];
}

function sumBy(
	rows: readonly NotificationCount[],
	key: (row: NotificationCount) => string | null
): { key: string | null; count: number }[] {
	const totals = new Map<string | null, number>();
	for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + row.count);
	return [...totals.entries()].map(([k, count]) => ({ key: k, count }));
}

/**
 * Lead LSCBs as people typed them: "Leeds", "leeds LSCB" and " Leeds " are one authority
 * (areaKey), shown as first written.
 */
function leadTallies(rows: readonly NotificationCount[]): { key: string | null; count: number }[] {
	const shown = new Map<string, string>();
	return sumBy(rows, (row) => {
		if (row.lead === null || row.lead.trim() === '') return null;
		const key = areaKey(row.lead);
		if (!shown.has(key)) shown.set(key, row.lead.trim());
		return shown.get(key) as string;
	});
}

const NOTIFICATIONS = { one: 'notification', many: 'notifications' };

export function buildDashboard(input: DashboardInput): Dashboard {
	const rows = input.notifications;
	const byType = labelledTallies(
		sumBy(rows, (r) => r.incidentType),
		INCIDENT_TYPE_SHORT_LABELS,
		{ order: keysOf(INCIDENT_TYPES) }
	);
	const serious = rows.filter((r) => r.incidentType === 'serious_incident');
	const byCategory = labelledTallies(
		sumBy(serious, (r) => r.category),
		SERIOUS_INCIDENT_CATEGORIES,
		{ order: keysOf(SERIOUS_INCIDENT_CATEGORIES), missing: 'No category given' }
	);
	const byMonth = monthlyTallies(
		sumBy(rows, (r) => r.month),
		monthsOf(input.period.from, input.period.to)
	);
	const byAgency = labelledTallies(
		sumBy(rows, (r) => r.agencyId),
		input.agencyNames,
		{ missing: 'No agency recorded' }
	);
	const leads = leadTallies(rows);
	const byLead = labelledTallies(
		leads,
		Object.fromEntries(leads.flatMap((l): [string, string][] => (l.key ? [[l.key, l.key]] : []))),
		{ missing: 'Lead LSCB not yet recorded' }
	);
	const byState = labelledTallies(input.casesByState, CASE_STATE_LABELS, {
		order: CASE_STATES.filter((s) => input.casesByState.some((c) => c.key === s && c.count > 0))
	});
	const decisions = labelledTallies(input.decisions, DECISION_OUTCOME_LABELS, {
		order: DECISION_OUTCOMES
	});
	return {
		notificationTotal: byType.reduce((sum, t) => sum + t.count, 0),
		charts: [
			{
				id: 'by-month',
				title: 'Notifications by month received',
				groupHeading: 'Month',
				summary: trendSummary(byMonth, 'notifications'),
				tallies: byMonth,
				shape: 'trend'
			},
			{
				id: 'by-type',
				title: 'Notifications by type of incident',
				groupHeading: 'Type',
				summary: tallySummary(byType, NOTIFICATIONS),
				tallies: byType,
				shape: 'bars'
			},
			{
				id: 'by-category',
				title: 'Serious incidents by §13.20 category',
				groupHeading: 'Category',
				summary: tallySummary(byCategory, { one: 'serious incident', many: 'serious incidents' }),
				tallies: byCategory,
				shape: 'bars'
			},
			{
				id: 'by-agency',
				title: 'Notifications by notifying agency',
				groupHeading: 'Agency',
				summary: tallySummary(byAgency, NOTIFICATIONS, 'came from'),
				tallies: byAgency,
				shape: 'bars'
			},
			{
				id: 'by-lead',
				title: 'Notifications by lead LSCB',
				groupHeading: 'Lead LSCB',
				summary: tallySummary(byLead, NOTIFICATIONS, 'were led by'),
				tallies: byLead,
				shape: 'bars'
			},
			{
				id: 'decisions',
				title: "The Chair's decisions by outcome",
				groupHeading: 'Decision',
				summary: tallySummary(decisions, { one: 'decision', many: 'decisions' }, 'were for'),
				tallies: decisions,
				shape: 'bars'
			},
			{
				id: 'by-stage',
				title: 'Cases opened in the period, by stage today',
				groupHeading: 'Stage',
				summary: tallySummary(byState, { one: 'case', many: 'cases' }, 'are at'),
				tallies: byState,
				shape: 'bars'
			}
		],
		clocks: clockFigures(input.clocks, input.period, input.today)
	};
}
