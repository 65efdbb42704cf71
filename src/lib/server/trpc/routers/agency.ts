import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import {
	acknowledgeFilesSecured,
	listAgencyFilesSecured
} from '$lib/server/services/agency/files-secured';
import {
	correctShortReport,
	getAgencyRequest,
	listAgencyRequests,
	submitNilReturn,
	submitShortReport
} from '$lib/server/services/agency/short-reports';
import { withReceipt } from '$lib/server/services/agency/report-receipts';
import { nilReturnSchema, shortReportSchema } from '$lib/domain/agency/short-report';

// Agencies answer the requests addressed to them; the Unit and the Chair may read any request and
// its answers (the Chair reads what a decision rests on, §13.5, §13.6), and only agencies write.
// Scope (own agency) is checked in the service and answered with NOT_FOUND.
const agency = rolesProcedure('agency');
const readers = rolesProcedure('agency', 'unit', 'chair');

const requestId = z.uuid('Select a request from your list');
const instructionId = z.uuid('Select an instruction to secure files from your list');
const clientId = z.uuidv7('The report needs a new identifier: reload the page and send it again');
const attachmentIds = z
	.array(z.uuid('One of the files could not be found. Upload it again.'))
	.max(20, 'Attach at most 20 files to a report')
	.default([]);

export const agencyRouter = router({
	requests: agency
		.input(z.object({}).optional())
		.query(({ ctx }) => listAgencyRequests(ctx.db, ctx.user)),

	request: readers
		.input(z.object({ id: requestId }))
		.query(({ ctx, input }) => getAgencyRequest(ctx.db, ctx.user, input.id)),

	submitReport: agency
		.input(z.object({ requestId, clientId, report: shortReportSchema, attachmentIds }))
		.mutation(async ({ ctx, input }) =>
			withReceipt(ctx.db, await submitShortReport(ctx.db, ctx.user, input))
		),

	correctReport: agency
		.input(
			z.object({
				requestId,
				clientId,
				correctsId: z.uuid('Select the version you are correcting'),
				report: shortReportSchema,
				attachmentIds
			})
		)
		.mutation(async ({ ctx, input }) =>
			withReceipt(ctx.db, await correctShortReport(ctx.db, ctx.user, input))
		),

	nilReturn: agency
		.input(nilReturnSchema.extend({ requestId, clientId }))
		.mutation(async ({ ctx, input }) =>
			withReceipt(ctx.db, await submitNilReturn(ctx.db, ctx.user, input))
		),

	/** Every instruction to secure files sent to the caller's agency, with or without a request. */
	filesSecured: agency
		.input(z.object({}).optional())
		.query(({ ctx }) => listAgencyFilesSecured(ctx.db, ctx.user)),

	acknowledgeFilesSecured: agency
		.input(z.object({ instructionId }))
		.mutation(({ ctx, input }) => acknowledgeFilesSecured(ctx.db, ctx.user, input.instructionId))
});
