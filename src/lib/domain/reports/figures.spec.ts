import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ComputedClock } from '$lib/domain/case/clocks';
import {
	clockFigures,
	clockSummary,
	daysLate,
	labelledTallies,
	median,
	medianOfCounts,
	monthlyTallies,
	percent,
	tallySummary,
	trendSummary
} from './figures';
import {
	defaultPeriod,
	filtersFromSearch,
	monthsOf,
	reportFiltersSchema,
	searchForFilters
} from './report-filters';

const clock = (over: Partial<ComputedClock>): ComputedClock => ({
	id: 'T1',
	label: 'Findings to the LSCB Chair',
	section: '13.5',
	kind: 'working_days',
	startedOn: '2026-03-02',
	dueOn: '2026-03-16',
	extended: false,
	daysLeft: null,
	daysUnit: 'working',
	status: 'met',
	...over
});

describe('tallies', () => {
	it('lists every key of the order, 0 when none, then others largest first, unrecorded named', () => {
		const tallies = labelledTallies(
			[
				{ key: 'death', count: 2 },
				{ key: 'x', count: 1 },
				{ key: null, count: 3 },
				{ key: 'death', count: 1 }
			],
			{ death: 'Death', harm: 'Harm' },
			{ order: ['harm', 'death'] }
		);
		expect(tallies).toEqual([
			{ key: 'harm', label: 'Harm', count: 0 },
			{ key: 'death', label: 'Death', count: 3 },
			{ key: '', label: 'Not recorded', count: 3 },
			{ key: 'x', label: 'x', count: 1 }
		]);
	});

	it('summarises the largest group, or says there is none', () => {
		const tallies = [
			{ key: 'a', label: 'Serious harm', count: 5 },
			{ key: 'b', label: 'Death of a child', count: 2 }
		];
		expect(tallySummary(tallies, { one: 'notification', many: 'notifications' })).toBe(
			'7 notifications; the most, 5, were Serious harm.'
		);
		expect(tallySummary([], { one: 'case', many: 'cases' })).toBe('No cases in this period.');
		expect(
			tallySummary(
				[
					{ key: 'a', label: 'A', count: 2 },
					{ key: 'b', label: 'B', count: 2 }
				],
				{ one: 'case', many: 'cases' }
			)
		).toBe('4 cases; 2 groups share the most, 2 each.');
	});

	it('shows every month of the period, empty months as 0, and reads the trend', () => {
		const months = monthsOf('2025-11-15', '2026-02-03');
		expect(months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		const tallies = monthlyTallies(
			[
				{ key: '2025-11', count: 3 },
				{ key: '2026-01', count: 7 },
				{ key: '2024-01', count: 99 }
			],
			months
		);
		expect(tallies.map((t) => [t.label, t.count])).toEqual([
			['Nov 2025', 3],
			['Dec 2025', 0],
			['Jan 2026', 7],
			['Feb 2026', 0]
		]);
		expect(trendSummary(tallies, 'notifications')).toBe(
			'10 notifications over 4 months; the busiest was Jan 2026 (7); 3 in Nov 2025, 0 in Feb 2026.'
		);
	});

	it('takes the median of odd and even counts, and a rounded percentage', () => {
		expect(median([])).toBeNull();
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 10])).toBe(3.5);
		expect(percent(2, 3)).toBe(67);
		expect(percent(0, 0)).toBeNull();
	});

	it('takes the median of values counted by value as of the values themselves', () => {
		expect(medianOfCounts(new Map())).toBeNull();
		expect(
			medianOfCounts(
				new Map([
					[4, 1],
					[1, 1],
					[3, 1],
					[10, 1]
				])
			)
		).toBe(3.5);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 5 }))),
				(pairs) => {
					const counts = new Map<number, number>();
					for (const [value, times] of pairs) counts.set(value, (counts.get(value) ?? 0) + times);
					const all = [...counts].flatMap(([value, times]) => Array<number>(times).fill(value));
					expect(medianOfCounts(counts)).toBe(median(all));
				}
			)
		);
	});
});

describe('clock figures', () => {
	const today = '2026-04-01';
	const period = { from: '2026-03-01', to: '2026-03-31' };
	// Worked by hand: T1 clocks due in March 2026.
	// a: met on 13 Mar, due 16 Mar: on time.
	// b: met on 18 Mar (Wed), due 16 Mar (Mon): 2 working days late.
	// c: met on 23 Mar (Mon), due 16 Mar (Mon): 5 working days late.
	// d: due 25 Mar, not met, today 1 Apr (Wed): overdue, 5 working days late so far.
	// e: due 10 Feb, not met: outside the period, but overdue now.
	// f: due 20 Apr, running: outside the period, not overdue.
	const clocks = [
		clock({ metOn: '2026-03-13', metLate: false }),
		clock({ metOn: '2026-03-18', metLate: true }),
		clock({ metOn: '2026-03-23', metLate: true }),
		clock({ dueOn: '2026-03-25', status: 'overdue', daysLeft: -5 }),
		clock({ dueOn: '2026-02-10', status: 'overdue', daysLeft: -35 }),
		clock({ dueOn: '2026-04-20', status: 'on_track', daysLeft: 13 }),
		clock({
			id: 'T9',
			label: 'Review sent to Ofsted',
			section: '13.10',
			kind: 'calendar_months',
			daysUnit: 'calendar',
			dueOn: '2026-03-10',
			metOn: '2026-03-31',
			metLate: true
		})
	];

	it('counts lateness in the clock’s own days', () => {
		expect(daysLate(clocks[1] as ComputedClock, today)).toBe(2);
		expect(daysLate(clocks[3] as ComputedClock, today)).toBe(5);
		expect(daysLate(clocks[6] as ComputedClock, today)).toBe(21);
		expect(daysLate(clocks[0] as ComputedClock, today)).toBe(0);
	});

	it('gives the share met on time, the median days late and what is overdue now', () => {
		const [t1, t9] = clockFigures(clocks, period, today);
		expect(t1).toMatchObject({
			id: 'T1',
			metOnTime: 1,
			metLate: 2,
			overdue: 1,
			running: 0,
			shareOnTime: 25,
			// late: 2, 5, 5 → 5
			medianDaysLate: 5,
			overdueNow: 2
		});
		expect(t9).toMatchObject({
			metOnTime: 0,
			metLate: 1,
			shareOnTime: 0,
			medianDaysLate: 21,
			overdueNow: 0
		});
		expect(clockSummary(t1!)).toBe(
			'1 of 4 met on time (25%); median 5 working days late; 2 overdue now'
		);
	});
});

describe('filters in the address', () => {
	it('defaults to the twelve months up to today and round-trips', () => {
		expect(defaultPeriod('2026-11-30')).toEqual({ from: '2025-12-01', to: '2026-11-30' });
		const search = new URLSearchParams('from=2026-01-01&to=2026-06-30&type=death');
		const filters = reportFiltersSchema.parse(filtersFromSearch(search, '2026-11-30'));
		expect(filters).toEqual({ from: '2026-01-01', to: '2026-06-30', incidentType: 'death' });
		expect(searchForFilters(filters)).toBe('from=2026-01-01&to=2026-06-30&type=death');
	});

	it('refuses a period backwards, too long, or a type not in the list', () => {
		const parse = (q: string) =>
			reportFiltersSchema.safeParse(filtersFromSearch(new URLSearchParams(q), '2026-11-30'));
		expect(parse('from=2026-05-01&to=2026-04-01').success).toBe(false);
		expect(parse('from=2010-01-01&to=2026-04-01').success).toBe(false);
		expect(parse('type=nonsense').success).toBe(false);
		expect(parse('agency=not-an-id').success).toBe(false);
		expect(parse('from=2026-02-30').success).toBe(false);
	});
});
