import { calendarDaysBetween, type IsoDate } from '$lib/domain/calendar/iso-date';
import { workingDaysBetween } from '$lib/domain/calendar/working-days';
import type { ComputedClock } from '$lib/domain/case/clocks';
import type { ClockId } from '$lib/domain/case/clock-preset';

/*
 * The figures the Performance Sub Group and the Executive read (§13.20: incidents "analysed for
 * trends"; §13.13). Pure functions over plain rows, so each figure can be worked out by hand and
 * checked against these (figures.spec.ts); the service only counts rows in SQL and brings them here.
 */

/** One bar of a chart and one row of its table. */
export interface Tally {
	key: string;
	label: string;
	count: number;
}

/**
 * Counted rows labelled, in the order of `order` (every key there, 0 when none), then any other
 * key counted, largest first. A key with no label keeps its key as its label.
 */
export function labelledTallies(
	counted: readonly { key: string | null; count: number }[],
	labels: Readonly<Record<string, string>>,
	options: { order?: readonly string[]; missing?: string } = {}
): Tally[] {
	const totals = new Map<string, number>();
	for (const row of counted) {
		const key = row.key ?? '';
		totals.set(key, (totals.get(key) ?? 0) + row.count);
	}
	const tallies: Tally[] = [];
	for (const key of options.order ?? []) {
		tallies.push({ key, label: labels[key] ?? key, count: totals.get(key) ?? 0 });
		totals.delete(key);
	}
	const rest = [...totals.entries()]
		.map(([key, count]) => ({
			key,
			label: key === '' ? (options.missing ?? 'Not recorded') : (labels[key] ?? key),
			count
		}))
		.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en-GB'));
	return [...tallies, ...rest];
}

export function totalOf(tallies: readonly Tally[]): number {
	return tallies.reduce((sum, tally) => sum + tally.count, 0);
}

/** The middle value, or the mean of the two middle values; null for none. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? (sorted[middle] as number)
		: ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median of values given as value → how many times it occurs: `median` of them all. */
export function medianOfCounts(counts: ReadonlyMap<number, number>): number | null {
	let total = 0;
	for (const times of counts.values()) total += times;
	if (total === 0) return null;
	const sorted = [...counts.entries()].sort(([a], [b]) => a - b);
	// The values at (0-based) positions lower and upper of the whole sorted list.
	const upper = Math.floor(total / 2);
	const lower = total % 2 === 1 ? upper : upper - 1;
	const valueAt = (position: number): number => {
		let seen = 0;
		for (const [value, times] of sorted) {
			seen += times;
			if (position < seen) return value;
		}
		return sorted[sorted.length - 1]?.[0] ?? 0;
	};
	return (valueAt(lower) + valueAt(upper)) / 2;
}

/** A share as a whole percentage, rounded half up; null when there is nothing to share. */
export function percent(part: number, whole: number): number | null {
	return whole === 0 ? null : Math.round((part / whole) * 100);
}

/**
 * The one-line summary beside a chart, so that the chart need not be seen to be understood:
 * "212 notifications; the most, 80, were Serious harm."
 */
export function tallySummary(
	tallies: readonly Tally[],
	noun: { one: string; many: string },
	verb = 'were'
): string {
	const total = totalOf(tallies);
	if (total === 0) return `No ${noun.many} in this period.`;
	const top = tallies.reduce((best, tally) => (tally.count > best.count ? tally : best));
	const ties = tallies.filter((tally) => tally.count === top.count).length;
	const counted = `${total.toLocaleString('en-GB')} ${total === 1 ? noun.one : noun.many}`;
	if (ties > 1) return `${counted}; ${ties} groups share the most, ${top.count} each.`;
	return `${counted}; the most, ${top.count}, ${verb} ${top.label}.`;
}

/** Per month (YYYY-MM), every month of the period shown, the empty ones as 0. */
export function monthlyTallies(
	counted: readonly { key: string | null; count: number }[],
	months: readonly string[]
): Tally[] {
	const labels = Object.fromEntries(months.map((month) => [month, monthLabel(month)]));
	return labelledTallies(
		counted.filter((row) => row.key !== null && months.includes(row.key)),
		labels,
		{ order: months }
	);
}

const MONTH_NAMES = [
	'Jan',
	'Feb',
	'Mar',
	'Apr',
	'May',
	'Jun',
	'Jul',
	'Aug',
	'Sep',
	'Oct',
	'Nov',
	'Dec'
] as const;

/** "2026-03" as "Mar 2026". */
export function monthLabel(month: string): string {
	return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/** How a month's trend reads: "Notifications rose from 12 in Jan 2026 to 19 in Feb 2026." */
export function trendSummary(months: readonly Tally[], noun: string): string {
	const total = totalOf(months);
	if (months.length === 0 || total === 0) return `No ${noun} in this period.`;
	const busiest = months.reduce((best, month) => (month.count > best.count ? month : best));
	const first = months[0] as Tally;
	const last = months[months.length - 1] as Tally;
	return (
		`${total.toLocaleString('en-GB')} ${noun} over ${months.length} month${months.length === 1 ? '' : 's'}; ` +
		`the busiest was ${busiest.label} (${busiest.count}); ${first.count} in ${first.label}, ${last.count} in ${last.label}.`
	);
}

/** One clock's figures over a period: how often it was met on time, how late, what is overdue. */
export interface ClockFigures {
	id: ClockId;
	label: string;
	section: string;
	daysUnit: 'working' | 'calendar';
	/** Due in the period and met by the due date. */
	metOnTime: number;
	/** Due in the period and met after it. */
	metLate: number;
	/** Due in the period, not met, and past due today. */
	overdue: number;
	/** Due in the period, not met and not yet due: neither on time nor late yet. */
	running: number;
	/** Of those whose outcome is known (met, or overdue), the share met on time. */
	shareOnTime: number | null;
	/** Of those late (met late, or overdue so far), the median days late. */
	medianDaysLate: number | null;
	/** Running and past due today, whenever due: what is overdue now. */
	overdueNow: number;
}

/**
 * What the figures read of a clock. `count` stands for that many clocks alike (the dashboard
 * counts stored clocks grouped in SQL); one when left out.
 */
export type CountedClock = Pick<
	ComputedClock,
	'id' | 'label' | 'section' | 'daysUnit' | 'status' | 'dueOn' | 'metOn' | 'metLate'
> & {
	count?: number;
	/**
	 * For `count` clocks met late: the days late of each, worked out when they were stored
	 * (daysLate of each met clock), so none is worked out again per view.
	 */
	metLateDays?: readonly number[];
};

/** Days late of a met or overdue clock, in the clock's own unit; 0 if on time. */
export function daysLate(clock: CountedClock, today: IsoDate): number {
	const until = clock.status === 'met' ? (clock.metOn as IsoDate) : today;
	if (until <= clock.dueOn) return 0;
	return clock.daysUnit === 'working'
		? Math.max(1, workingDaysBetween(clock.dueOn, until))
		: calendarDaysBetween(clock.dueOn, until);
}

/**
 * Figures for every clock id met in `clocks`, in the order first met. A clock counts towards the
 * period's figures when its due date falls in the period; `overdueNow` counts every running clock
 * past due today, whenever it fell due, because that is the work waiting.
 */
export function clockFigures(
	clocks: readonly CountedClock[],
	period: { from: IsoDate; to: IsoDate },
	today: IsoDate
): ClockFigures[] {
	// Days late counted by value: 100,000 clocks late by a few dozen distinct days make a short
	// list to take the median of.
	const byId = new Map<ClockId, { figures: ClockFigures; late: Map<number, number> }>();
	for (const clock of clocks) {
		let entry = byId.get(clock.id);
		if (!entry) {
			entry = {
				figures: {
					id: clock.id,
					label: clock.label,
					section: clock.section,
					daysUnit: clock.daysUnit,
					metOnTime: 0,
					metLate: 0,
					overdue: 0,
					running: 0,
					shareOnTime: null,
					medianDaysLate: null,
					overdueNow: 0
				},
				late: new Map()
			};
			byId.set(clock.id, entry);
		}
		const { figures, late } = entry;
		const n = clock.count ?? 1;
		if (clock.status === 'overdue') figures.overdueNow += n;
		if (clock.dueOn < period.from || clock.dueOn > period.to) continue;
		const addLate = (days: number, times: number) => late.set(days, (late.get(days) ?? 0) + times);
		if (clock.status === 'met') {
			if (clock.metLate) {
				figures.metLate += n;
				if (clock.metLateDays) for (const days of clock.metLateDays) addLate(days, 1);
				else addLate(daysLate(clock, today), n);
			} else figures.metOnTime += n;
		} else if (clock.status === 'overdue') {
			figures.overdue += n;
			addLate(daysLate(clock, today), n);
		} else figures.running += n;
	}
	return [...byId.values()].map(({ figures, late }) => ({
		...figures,
		shareOnTime: percent(figures.metOnTime, figures.metOnTime + figures.metLate + figures.overdue),
		medianDaysLate: medianOfCounts(late)
	}));
}

/** "T1: 8 of 10 met on time (80%); median 3 working days late; 1 overdue now." */
export function clockSummary(figures: ClockFigures): string {
	const known = figures.metOnTime + figures.metLate + figures.overdue;
	const parts = [
		known === 0
			? 'none due and decided in this period'
			: `${figures.metOnTime} of ${known} met on time (${figures.shareOnTime}%)`
	];
	if (figures.medianDaysLate !== null) {
		parts.push(`median ${figures.medianDaysLate} ${figures.daysUnit} days late`);
	}
	parts.push(`${figures.overdueNow} overdue now`);
	return parts.join('; ');
}
