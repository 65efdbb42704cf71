import { z } from 'zod';
import { rolesProcedure, router } from '../trpc';
import { problem } from '$lib/server/infra/problem';
import { triageQueuePage } from '$lib/server/services/triage/queue';
import {
	assignNotification,
	recordOtherChildrenAction,
	returnToPractitioner,
	triageNotification
} from '$lib/server/services/triage/triage';
import { linkToCase, openCase } from '$lib/server/services/triage/case-opening';
import {
	recordCdopInformed,
	recordLeadAuthority
} from '$lib/server/services/triage/lead-authority';
import {
	checkLeadAuthority,
	leadAuthorityFacts,
	leadAuthorityFields
} from '$lib/domain/triage/lead-authority-input';
import { cdopInformedInput } from '$lib/domain/triage/cdop-input';
import { INCIDENT_TYPES, keysOf } from '$lib/domain/notification/notification-options';
import { CASE_CLASSIFICATIONS } from '$lib/domain/case/case-choices';
import { textField } from '$lib/domain/case/payload-fields';
import { decodeQueueCursor, QUEUE_SORTS } from '$lib/domain/triage/queue-cursor';
import { CHAPTER_6_REFERRAL_ANSWERS } from '$lib/domain/triage/other-children';

const unit = rolesProcedure('unit');

const notificationId = z.uuid('Enter a valid notification identifier');
const unitMemberId = z.uuid('Choose someone in the Safeguarding Unit');

const queueInput = z.object({
	type: z
		.enum(keysOf(INCIDENT_TYPES), { error: 'Select a type of incident from the list' })
		.optional(),
	agencyId: z.uuid('Select an agency from the list').optional(),
	assignedToMe: z.boolean().optional(),
	overdue: z.boolean().optional(),
	otherChildrenAtRisk: z.boolean().optional(),
	sort: z.enum(QUEUE_SORTS, { error: 'Sort by deadline, newest or oldest' }).default('deadline'),
	cursor: z.string().max(1000).nullish(),
	limit: z.number().int().min(1).max(100).default(25)
});

const message = (what: string) => textField(what, 2000);

export const triageRouter = router({
	/**
	 * Untriaged notifications: those waiting for the action for other children first ("yes", then
	 * "not known", §13.1), then by `sort`; keyset pages.
	 */
	queue: unit.input(queueInput).query(({ ctx, input }) => {
		const { cursor, ...request } = input;
		const after = cursor ? decodeQueueCursor(cursor) : null;
		if (cursor && (!after || after.sort !== input.sort)) {
			throw problem('INVALID_INPUT', {
				cursor: 'This page of the queue is out of date. Go back to the first page.'
			});
		}
		return triageQueuePage(ctx.db, ctx.user, { ...request, after });
	}),

	notification: unit
		.input(z.object({ id: notificationId }))
		.query(({ ctx, input }) => triageNotification(ctx.db, ctx.user, input.id)),

	assign: unit
		.input(z.object({ notificationId, assigneeId: unitMemberId }))
		.mutation(({ ctx, input }) => assignNotification(ctx.db, ctx.user, input)),

	/** §13.1: what the Unit did for other children, and whether it made a Chapter 6 referral. */
	recordOtherChildrenAction: unit
		.input(
			z.object({
				notificationId,
				action: message('the action taken about the other children who may be at risk'),
				chapter6Referral: z.enum(keysOf(CHAPTER_6_REFERRAL_ANSWERS), {
					error: 'Select yes if a Chapter 6 referral was made'
				})
			})
		)
		.mutation(({ ctx, input }) =>
			recordOtherChildrenAction(ctx.db, ctx.user, {
				notificationId: input.notificationId,
				action: input.action,
				chapter6Referral: input.chapter6Referral === 'yes'
			})
		),

	/** §13.3–13.4: where the child normally lives, any responsible authority, partner LSCBs. */
	recordLeadAuthority: unit
		.input(z.object({ notificationId, ...leadAuthorityFields }).superRefine(checkLeadAuthority))
		.mutation(({ ctx, input }) =>
			recordLeadAuthority(ctx.db, ctx.user, {
				notificationId: input.notificationId,
				facts: leadAuthorityFacts(input)
			})
		),

	/** §13.5 "All child deaths should be reported to the CDOP": when, and by whom. */
	recordCdopInformed: unit
		.input(cdopInformedInput.extend({ notificationId }))
		.mutation(({ ctx, input }) => recordCdopInformed(ctx.db, ctx.user, input)),

	openCase: unit
		.input(
			z.object({
				notificationId,
				classification: z.enum(CASE_CLASSIFICATIONS, {
					error: 'Select what kind of case this is'
				}),
				ownerId: unitMemberId.optional()
			})
		)
		.mutation(({ ctx, input }) => openCase(ctx.db, ctx.user, input)),

	linkToCase: unit
		.input(z.object({ notificationId, caseId: z.uuid('Select a case from the list') }))
		.mutation(({ ctx, input }) => linkToCase(ctx.db, ctx.user, input)),

	returnToPractitioner: unit
		.input(z.object({ notificationId, message: message('a message to the practitioner') }))
		.mutation(({ ctx, input }) => returnToPractitioner(ctx.db, ctx.user, input))
});
