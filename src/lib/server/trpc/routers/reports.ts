import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { dashboardFigures } from '$lib/server/services/reports/dashboard';
import { yearReport } from '$lib/server/services/reports/year';
import { caseDocumentFor } from '$lib/server/services/reports/case-documents';
import { reportFiltersSchema } from '$lib/domain/reports/report-filters';
import { CASE_DOCUMENT_KINDS } from '$lib/domain/reports/case-document';

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
		.query(({ ctx, input }) => yearReport(ctx.db, ctx.user, input.year)),

	/** The case summary or the §13.20 report, to print: without children's names. */
	caseDocument: unitOrChair
		.input(
			z.object({
				id: z.uuid('Enter a valid case identifier'),
				kind: z.enum(CASE_DOCUMENT_KINDS, { error: 'Choose a document from the list' })
			})
		)
		.query(({ ctx, input }) =>
			caseDocumentFor(ctx.db, ctx.user, input.id, {
				kind: input.kind,
				childNames: false,
				format: 'print'
			})
		)
});
