import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import {
	getImrRequest,
	listAgencyImrRequests,
	listCaseImrRequests,
	sendImrRequests,
	submitImr
} from '$lib/server/services/imrs/imrs';
import { dateField } from '$lib/domain/case/payload-fields';
import { imrSchema } from '$lib/domain/imr/imr';

// IMR requests and IMRs (§13.6, §13.9). The Unit sends the letters; an agency reads and answers
// only its own requests (scope in the service, answered with NOT_FOUND); the Unit and the Chair
// read every request and every version, and the Chair changes nothing.
const unit = rolesProcedure('unit');
const unitOrChair = rolesProcedure('unit', 'chair');
const agency = rolesProcedure('agency');
const readers = rolesProcedure('agency', 'unit', 'chair');

const caseId = z.uuid('Enter a valid case identifier');
const requestId = z.uuid('Select an IMR request from your list');
/** A letter or due date within the life of the service, so nothing absurd is stored. */
const boundedDate = (phrase: string) =>
	dateField(phrase).refine((d) => d >= '2000-01-01' && d <= '2099-12-31', {
		error: `Enter ${phrase} between 2000 and 2099`
	});

export const imrsRouter = router({
	/** Each agency's request on a case and its status. */
	forCase: unitOrChair
		.input(z.object({ caseId }))
		.query(({ ctx, input }) => listCaseImrRequests(ctx.db, ctx.user, input.caseId)),

	send: unit
		.input(
			z.object({
				id: caseId,
				version: z.number({ error: 'Reload the case and try again' }).int().min(1),
				agencyIds: z
					.array(z.uuid('Select agencies from the list'), {
						error: 'Select agencies from the list'
					})
					.min(1, 'Select at least one agency to send an IMR request to')
					.max(50, 'Select at most 50 agencies'),
				sentOn: boundedDate('the date the letters were sent').optional(),
				dueOn: boundedDate('the date the IMR is due')
			})
		)
		.mutation(({ ctx, input }) => sendImrRequests(ctx.db, ctx.user, input)),

	/** The caller's agency's IMR requests. */
	mine: agency
		.input(z.object({}).optional())
		.query(({ ctx }) => listAgencyImrRequests(ctx.db, ctx.user)),

	request: readers
		.input(z.object({ id: requestId }))
		.query(({ ctx, input }) => getImrRequest(ctx.db, ctx.user, input.id)),

	submit: agency
		.input(
			z.object({
				requestId,
				clientId: z.uuidv7('The IMR needs a new identifier: reload the page and send it again'),
				supersedesId: z.uuid('Select the version this one replaces').optional(),
				imr: imrSchema,
				attachmentIds: z
					.array(z.uuid('One of the files could not be found. Upload it again.'))
					.max(20, 'Attach at most 20 files to an IMR')
					.default([])
			})
		)
		.mutation(({ ctx, input }) => submitImr(ctx.db, ctx.user, input))
});
