import { z } from 'zod';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { capitalise } from '$lib/domain/text';
import { CASE_DATE_PHRASES, type CaseDateName, type CaseDates } from '$lib/domain/case/case-dates';
import {
	addFieldIssue,
	choiceField,
	dateField,
	pastCaseDateField,
	pastDateField,
	requireAfter,
	textField
} from '$lib/domain/case/payload-fields';
import { RAPID_REVIEW_RECOMMENDATIONS, YES_NO } from './wt2023-choices';
import {
	agreementsFrom,
	MAX_AGREED_BY_LENGTH,
	partnerAgreementShape,
	type AgreementPayload
} from './wt2023-partners';

/**
 * What each Working Together 2023 move requires (wt2023-table.ts), as zod schemas: the authority on
 * what is valid. Dates of events are today or earlier and in the order the guidance sets them;
 * a joint decision carries the three partners' agreements.
 */

export interface Wt2023PayloadContext {
	today: IsoDate;
	/** The case's recorded dates: a date must not come before the event it follows. */
	dates: CaseDates;
}

const MAX_NAME = MAX_AGREED_BY_LENGTH;

/** `field` must be on or after the case's `earlier` date, when the case has one. */
function notBefore(
	ctx: z.core.$RefinementCtx,
	field: CaseDateName,
	value: unknown,
	earlierName: CaseDateName,
	earlier: IsoDate | undefined
) {
	requireAfter(
		ctx,
		field,
		typeof value === 'string' ? value : undefined,
		earlier,
		`${capitalise(CASE_DATE_PHRASES[field])} must be on or after ${CASE_DATE_PHRASES[earlierName]}`,
		{ orOn: true }
	);
}

/**
 * The looked-after child's death told to the Secretary of State and Ofsted: asked on every case,
 * required on one whose child was looked after and died, whatever the decision to notify.
 */
function lacDeathShape(today: IsoDate) {
	return { lacDeathNotifiedOn: pastCaseDateField('lacDeathNotifiedOn', today).optional() };
}

function checkLacDeath(
	ctx: z.core.$RefinementCtx,
	payload: { lacDeathNotifiedOn?: string },
	context: Wt2023PayloadContext
) {
	const known = context.dates.lacDeathKnownOn;
	if (known === undefined) return;
	if (payload.lacDeathNotifiedOn === undefined) {
		addFieldIssue(
			ctx,
			'lacDeathNotifiedOn',
			`Enter ${CASE_DATE_PHRASES.lacDeathNotifiedOn}: a looked-after child's death is told to them whatever its cause`
		);
		return;
	}
	notBefore(ctx, 'lacDeathNotifiedOn', payload.lacDeathNotifiedOn, 'lacDeathKnownOn', known);
}

/** A joint decision: the decision's reasons and the three partners' agreements. */
function jointDecision<Shape extends z.ZodRawShape>(shape: Shape, context: Wt2023PayloadContext) {
	return (
		z
			.object({ ...shape, ...partnerAgreementShape(context.today) })
			// The shape always holds the agreement fields; zod's generic output type cannot say so.
			.transform((payload) => ({
				...payload,
				agreements: agreementsFrom(payload as unknown as AgreementPayload)
			}))
	);
}

function closing() {
	return z.object({});
}

export const WT2023_PAYLOADS = {
	'incident_recorded->notification_decision': (context: Wt2023PayloadContext) =>
		z
			.object({
				becameAwareOn: pastCaseDateField('becameAwareOn', context.today),
				childDied: choiceField(YES_NO, 'Select whether the child died'),
				lookedAfter: choiceField(YES_NO, 'Select whether the child was looked after')
			})
			.superRefine((payload, ctx) => {
				// The notification reaching the Unit made the local authority aware at the latest;
				// a later date would start the 5-day clock late.
				const received = context.dates.receivedOn;
				if (received !== undefined && payload.becameAwareOn > received) {
					addFieldIssue(
						ctx,
						'becameAwareOn',
						`${capitalise(CASE_DATE_PHRASES.becameAwareOn)} must be on or before ${CASE_DATE_PHRASES.receivedOn}`
					);
				}
			}),

	'notification_decision->panel_notified': (context: Wt2023PayloadContext) =>
		z
			.object({
				panelNotifiedOn: pastCaseDateField('panelNotifiedOn', context.today),
				partnersInformedOn: pastCaseDateField('partnersInformedOn', context.today),
				...lacDeathShape(context.today)
			})
			.superRefine((payload, ctx) => {
				const aware = context.dates.becameAwareOn;
				notBefore(ctx, 'panelNotifiedOn', payload.panelNotifiedOn, 'becameAwareOn', aware);
				notBefore(ctx, 'partnersInformedOn', payload.partnersInformedOn, 'becameAwareOn', aware);
				checkLacDeath(ctx, payload, context);
			}),

	'notification_decision->not_notifiable': (context: Wt2023PayloadContext) =>
		notNotifiable(context),
	'panel_notified->not_notifiable': (context: Wt2023PayloadContext) => notNotifiable(context),

	'panel_notified->rapid_review_sent': (context: Wt2023PayloadContext) =>
		jointDecision(
			{
				rapidReviewHeldOn: pastDateField('the date the rapid review was held', context.today),
				attendees: textField('who attended the rapid review: agency and role, one a line'),
				findings: textField('the findings of the rapid review'),
				partnersRecommendation: choiceField(
					RAPID_REVIEW_RECOMMENDATIONS,
					"Select the partners' recommendation"
				),
				rapidReviewSentOn: pastCaseDateField('rapidReviewSentOn', context.today)
			},
			context
		).superRefine((payload, ctx) => {
			notBefore(
				ctx,
				'rapidReviewSentOn',
				payload.rapidReviewSentOn,
				'panelNotifiedOn',
				context.dates.panelNotifiedOn
			);
			requireAfter(
				ctx,
				'rapidReviewSentOn',
				payload.rapidReviewSentOn,
				payload.rapidReviewHeldOn,
				`${capitalise(CASE_DATE_PHRASES.rapidReviewSentOn)} must be on or after the date the rapid review was held`,
				{ orOn: true }
			);
		}),

	'rapid_review_sent->national_review': (context: Wt2023PayloadContext) => panelAnswer(context),
	'rapid_review_sent->lcspr_decision': (context: Wt2023PayloadContext) => panelAnswer(context),

	'lcspr_decision->lcspr_commissioned': (context: Wt2023PayloadContext) =>
		jointDecision(
			{
				reviewer: textField('the name of the reviewer commissioned', MAX_NAME),
				partnersReasons: textField('the reasons for commissioning the review')
			},
			context
		),
	'lcspr_decision->no_lcspr': (context: Wt2023PayloadContext) =>
		jointDecision(
			{
				partnersReasons: textField('the reasons for not commissioning a local review'),
				reasonsSentToPanelOn: pastDateField(
					'the date the reasons were sent to the national Panel',
					context.today
				)
			},
			context
		),

	'lcspr_commissioned->final_report_received': (context: Wt2023PayloadContext) =>
		jointDecision(
			{ finalReportReceivedOn: pastCaseDateField('finalReportReceivedOn', context.today) },
			context
		).superRefine((payload, ctx) =>
			notBefore(
				ctx,
				'finalReportReceivedOn',
				payload.finalReportReceivedOn,
				'lcsprCommissionedOn',
				context.dates.lcsprCommissionedOn
			)
		),

	'final_report_received->published': (context: Wt2023PayloadContext) => publication(context),
	'publication_deferred->published': (context: Wt2023PayloadContext) => publication(context),
	'final_report_received->publication_deferred': (context: Wt2023PayloadContext) =>
		jointDecision(
			{
				partnersReasons: textField(
					'why publication is deferred (for example, criminal proceedings)'
				),
				publicationReviewOn: dateField(CASE_DATE_PHRASES.publicationReviewOn).refine(
					(date) => date >= context.today,
					{
						error: `${capitalise(CASE_DATE_PHRASES.publicationReviewOn)} must be today or in the future`
					}
				)
			},
			context
		),

	'national_review->closed': () =>
		z.object({
			nationalReviewOutcome: textField("the national review's outcome, and where it is published")
		}),
	'not_notifiable->closed': closing,
	'no_lcspr->closed': closing,
	'published->closed': closing
} as const;

function notNotifiable(context: Wt2023PayloadContext) {
	return jointDecision(
		{
			partnersReasons: textField('why the incident is not notifiable'),
			...lacDeathShape(context.today)
		},
		context
	).superRefine((payload, ctx) => checkLacDeath(ctx, payload, context));
}

function panelAnswer(context: Wt2023PayloadContext) {
	return z
		.object({ panelAnswerOn: pastCaseDateField('panelAnswerOn', context.today) })
		.superRefine((payload, ctx) =>
			notBefore(
				ctx,
				'panelAnswerOn',
				payload.panelAnswerOn,
				'rapidReviewSentOn',
				context.dates.rapidReviewSentOn
			)
		);
}

function publication(context: Wt2023PayloadContext) {
	return z
		.object({
			prePublicationSentOn: pastCaseDateField('prePublicationSentOn', context.today),
			publishedOn: pastCaseDateField('publishedOn', context.today)
		})
		.superRefine((payload, ctx) => {
			notBefore(
				ctx,
				'prePublicationSentOn',
				payload.prePublicationSentOn,
				'finalReportReceivedOn',
				context.dates.finalReportReceivedOn
			);
			notBefore(
				ctx,
				'publishedOn',
				payload.publishedOn,
				'prePublicationSentOn',
				payload.prePublicationSentOn
			);
		});
}

export type Wt2023MoveKey = keyof typeof WT2023_PAYLOADS;
export type Wt2023Payload<Key extends Wt2023MoveKey> = z.output<
	ReturnType<(typeof WT2023_PAYLOADS)[Key]>
>;
