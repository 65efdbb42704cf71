import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ClockId } from '$lib/domain/case/clock-preset';
import { cases } from './schema';

// What the reports dashboard reads instead of 100,000 notifications and 20,000 cases' dates
// (migration 0018, docs/decisions/030). Both are derived and can be rebuilt from their sources.

/**
 * Current notifications counted per UTC day received and breakdown, kept by triggers on
 * `notifications` (0018). '' stands for none in the key columns.
 */
export const dashboardNotificationDays = sqliteTable(
	'dashboard_notification_days',
	{
		day: text('day').notNull(),
		incidentType: text('incident_type').notNull(),
		category: text('category').notNull(),
		agencyId: text('agency_id').notNull(),
		lead: text('lead').notNull(),
		total: integer('total').notNull()
	},
	(t) => [primaryKey({ columns: [t.day, t.incidentType, t.category, t.agencyId, t.lead] })]
);

/**
 * Each case's clocks as its dates define them, whatever the day (clockSpans): kept in the
 * transaction of every change to a case (services/cases/clock-figures.ts).
 */
export const clockFigures = sqliteTable(
	'clock_figures',
	{
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		clockId: text('clock_id').$type<ClockId>().notNull(),
		/** The case's, copied: the dashboard counts the clocks of cases opened by the period's end. */
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
		startedOn: text('started_on').notNull(),
		dueOn: text('due_on').notNull(),
		/** The earliest recorded date that meets the clock, which may not have arrived yet. */
		metOn: text('met_on'),
		/** Days from the due date to `metOn` in the clock's unit when met late (daysLate), else null. */
		metDaysLate: integer('met_days_late'),
		closedOn: text('closed_on')
	},
	(t) => [
		primaryKey({ columns: [t.caseId, t.clockId] }),
		// The dashboard's grouping order, covering every column it reads (0018).
		index('clock_figures_tally_idx').on(
			t.clockId,
			t.dueOn,
			t.metOn,
			t.metDaysLate,
			t.startedOn,
			t.closedOn,
			t.openedAt
		)
	]
);

/** One row: the fingerprint of the preset and calendar `clock_figures` was computed by. */
export const clockFiguresMeta = sqliteTable('clock_figures_meta', {
	id: integer('id').primaryKey(),
	fingerprint: text('fingerprint').notNull()
});

/**
 * One row: a counter bumped by triggers on every write to a table the dashboard's figures read
 * (0021), so figures kept in memory under a counter are known current while it has not moved.
 */
export const dashboardDataVersion = sqliteTable('dashboard_data_version', {
	id: integer('id').primaryKey(),
	version: integer('version').notNull()
});
