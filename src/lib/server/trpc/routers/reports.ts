import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { dashboardFigures } from '$lib/server/services/reports/dashboard';
import { yearReport } from '$lib/server/services/reports/year';
import { reportFiltersSchema } from '$lib/domain/reports/report-filters';

// The reports for the Performance Sub Group and the Executive (§13.20, §13.13): figures only,
// never a child's details, for the Unit and the Chair.
const unitOrChair = rolesProcedure('unit', 'chair');

export const reportsRouter = router({
	dashboard: unitOrChair
		.input(reportFiltersSchema)
		.query(({ ctx, input }) => dashboardFigures(ctx.db, ctx.user, input)),

	year: unitOrChair
		.input(
			z.object({
				year: z
					.number({ error: 'Enter a year, for example 2026' })
					.int('Enter a whole year, for example 2026')
					.min(2000, 'Enter a year from 2000')
					.max(2100, 'Enter a year up to 2100')
			})
		)
		.query(({ ctx, input }) => yearReport(ctx.db, ctx.user, input.year))
});
