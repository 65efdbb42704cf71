import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import {
	assignCaseOwner,
	caseNotificationForms,
	getCase,
	listCases,
	recordCaseDate
} from '$lib/server/services/cases/cases';
import { casesListPage } from '$lib/server/services/cases/cases-list';
import { CASES_LIST_SORTS, decodeCasesListCursor } from '$lib/domain/case/cases-list';
import { problem } from '$lib/server/infra/problem';
import { transitionCase } from '$lib/server/services/cases/case-transitions';
import {
	requestShortReports,
	withdrawShortReportRequest
} from '$lib/server/services/agency/requests';
import { addActionItem, updateActionItem } from '$lib/server/services/cases/action-plan';
import { ACTION_ITEM_STATUSES } from '$lib/domain/case/action-plan';
import { CASE_STATES } from '$lib/domain/case/case-states';
import { ALL_CASE_STATES } from '$lib/domain/procedure-presets/presets';
import { dateField, textField } from '$lib/domain/case/payload-fields';
import { separateDateSchema } from '$lib/domain/case/separate-dates';

// Unit and Chair may read and move cases; which moves each may make is the transition table's
// to decide (checkTransition). Everything else on a case is the Unit's.
const unitOrChair = rolesProcedure('unit', 'chair');
const unit = rolesProcedure('unit');

const caseId = z.uuid('Enter a valid case identifier');
const target = {
	id: caseId,
	version: z.number({ error: 'Reload the case and try again' }).int().min(1)
};

const casesPageInput = z.object({
	state: z.enum(CASE_STATES, { error: 'Select a stage from the list' }).optional(),
	// Me, nobody yet, or a member of the Unit by id (never a name: the filter is in the address).
	owner: z
		.string()
		.max(36)
		.refine((v) => v === 'me' || v === 'none' || z.uuid().safeParse(v).success, {
			error: 'Select an owner from the list'
		})
		.optional(),
	overdue: z.boolean().optional(),
	sort: z
		.enum(CASES_LIST_SORTS, { error: 'Sort by next deadline or recently changed' })
		.default('deadline'),
	cursor: z.string().max(1000).nullish(),
	limit: z.number().int().min(1).max(100).default(25)
});

export const casesRouter = router({
	list: unitOrChair
		.input(
			z.object({
				state: z.enum(CASE_STATES, { error: 'Select a stage from the list' }).optional(),
				mine: z.boolean().optional(),
				awaitingChair: z.boolean().optional(),
				limit: z.number().int().min(1).max(500).optional()
			})
		)
		.query(({ ctx, input }) => listCases(ctx.db, ctx.user, input)),

	/** The Unit's cases list, one page at a time (keyset paging, docs/decisions/034). */
	page: unitOrChair.input(casesPageInput).query(({ ctx, input }) => {
		const { cursor, owner, ...request } = input;
		const after = cursor ? decodeCasesListCursor(cursor) : null;
		if (cursor && (!after || after.sort !== input.sort)) {
			throw problem('INVALID_INPUT', {
				cursor: 'This page of the cases list is out of date. Go back to the first page.'
			});
		}
		return casesListPage(ctx.db, ctx.user, {
			...request,
			owner: owner === 'me' || owner === 'none' || owner === undefined ? owner : { id: owner },
			after
		});
	}),

	get: unitOrChair
		.input(z.object({ id: caseId }))
		.query(({ ctx, input }) => getCase(ctx.db, ctx.user, input.id)),

	/** Every notification in the case, whole, each read audited (§13.5). */
	notifications: unitOrChair
		.input(z.object({ id: caseId }))
		.query(({ ctx, input }) => caseNotificationForms(ctx.db, ctx.user, input.id)),

	transition: unitOrChair
		.input(
			z.object({
				...target,
				// Any preset's state: the case's own table refuses one that is not its preset's.
				to: z.enum(ALL_CASE_STATES, { error: 'Select the next stage from the list' }),
				payload: z.record(z.string(), z.unknown()).default({})
			})
		)
		.mutation(({ ctx, input }) => transitionCase(ctx.db, ctx.user, input)),

	assignOwner: unit
		.input(z.object({ ...target, ownerId: z.uuid('Choose someone in the Safeguarding Unit') }))
		.mutation(({ ctx, input }) => assignCaseOwner(ctx.db, ctx.user, input)),

	requestShortReports: unit
		.input(
			z.object({
				...target,
				agencyIds: z
					.array(z.uuid('Select agencies from the list'), {
						error: 'Select at least one agency to ask for a short report'
					})
					.min(1, 'Select at least one agency to ask for a short report')
					.max(50),
				dueOn: dateField('the date the short report is due').optional()
			})
		)
		.mutation(({ ctx, input }) => requestShortReports(ctx.db, ctx.user, input)),

	withdrawShortReportRequest: unit
		.input(
			z.object({
				...target,
				requestId: z.uuid('Select a request from the list'),
				reason: textField('why the request is withdrawn', 2000)
			})
		)
		.mutation(({ ctx, input }) => withdrawShortReportRequest(ctx.db, ctx.user, input)),

	recordDate: unit
		.input(separateDateSchema.extend(target))
		.mutation(({ ctx, input }) => recordCaseDate(ctx.db, ctx.user, input)),

	addActionItem: unit
		.input(
			z.object({
				...target,
				ownerAgencyId: z.uuid('Select the agency that owns the action'),
				action: textField('the action', 2000),
				dueOn: dateField('the date the action is due')
			})
		)
		.mutation(({ ctx, input }) => addActionItem(ctx.db, ctx.user, input)),

	updateActionItem: unit
		.input(
			z.object({
				...target,
				itemId: z.uuid('Select an action plan item'),
				status: z.enum(ACTION_ITEM_STATUSES, { error: 'Select open, in progress or done' }),
				evidence: z
					.string()
					.trim()
					.max(5000, 'Evidence must be 5,000 characters or fewer')
					.optional()
					.transform((evidence) => (evidence ? evidence : undefined))
			})
		)
		.mutation(({ ctx, input }) => updateActionItem(ctx.db, ctx.user, input))
});
