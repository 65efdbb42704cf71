import { z } from 'zod';
import type { CaseState } from './case-states';
import { CASE_DATE_PHRASES } from './case-dates';
import { capitalise } from '$lib/domain/text';
import { parseReference } from '$lib/domain/reference';
import {
	chairedBefore,
	hasActionPlanOrReason,
	NEW_CHAIR_MESSAGE,
	NO_ACTION_PLAN_MESSAGE
} from './closing';
import {
	addFieldIssue,
	caseDateField,
	choiceField,
	dateField,
	optionalTextField,
	pastCaseDateField,
	pastDateField,
	requireAfter,
	textField,
	type PayloadContext
} from './payload-fields';
import {
	CASE_CLASSIFICATIONS,
	PANEL_RECOMMENDATIONS,
	EVALUATION_GRADES,
	PUBLICATION_DECISIONS,
	PUBLICATION_OUTCOMES,
	FILES_HOLD_CHOICES,
	TRIAGE_CLOSURES,
	shouldAlwaysReview,
	type CaseClassification,
	type FilesHoldChoice
} from './case-choices';
import { publicationHeldMessage } from '$lib/domain/review/parallel-proceedings';

const OUT_OF_SCOPE =
	'Serious incidents in residential units go to the Manager for Residential Services and are not covered by this procedure (§13.20). Close the case instead';
const INCIDENTS_GO_TO_PANEL =
	'All serious incidents are reviewed by the Sub Group (§13.20). Gather information for the Sub Group instead';

function classificationField(refused: Partial<Record<CaseClassification, string>> = {}) {
	return choiceField(CASE_CLASSIFICATIONS, 'Select what kind of case this is').superRefine(
		(classification, ctx) => {
			const reason = refused[classification];
			if (reason) ctx.addIssue({ code: 'custom', message: reason });
		}
	);
}

/** More agencies than any partnership has: a longer list is not a person's choice. */
export const MAX_AGENCIES_CHOSEN = 50;

/** One or more agencies, each once. */
function agenciesField(error: string) {
	return z
		.array(z.string({ error }).trim().min(1, { error }).max(64, { error }), { error })
		.min(1, { error })
		.max(MAX_AGENCIES_CHOSEN, {
			error: `Select at most ${MAX_AGENCIES_CHOSEN} agencies`
		})
		.transform((ids) => [...new Set(ids)]);
}

/** Entering `gathering`: ask agencies for short reports and to secure their files (§13.5). */
function gatheringFields(today: string) {
	return {
		agencyIds: agenciesField('Select at least one agency to ask for a short report'),
		filesSecureRequestedOn: pastCaseDateField('filesSecureRequestedOn', today)
	};
}

/** Every decision the Chair records carries its date, reasons and any dissent (§13.6). */
function chairDecisionFields(today: string) {
	return {
		decidedOn: pastCaseDateField('chairDecidedOn', today),
		rationale: textField('the reasons for the decision'),
		dissent: optionalTextField('the disagreement to record')
	};
}

const AFTER_DECISION = `must be after ${CASE_DATE_PHRASES.chairDecidedOn}`;

/**
 * A decision not to hold an SCR: agencies are told they no longer need to secure their files, on
 * or after the day of the decision (§13.5, §13.6), unless the Chair keeps the hold and says why.
 */
const filesHoldShape = {
	filesHold: choiceField(
		FILES_HOLD_CHOICES,
		'Select whether agencies are told they no longer need to secure their files'
	),
	rescindInstructionOn: z.unknown().optional(),
	keepFilesReason: z.unknown().optional(),
	departureReason: z.unknown().optional()
};

interface FilesHoldInput {
	decidedOn: string;
	filesHold: FilesHoldChoice;
	rescindInstructionOn?: unknown;
	keepFilesReason?: unknown;
	departureReason?: unknown;
}

/**
 * Checks a decision not to hold an SCR: what becomes of the files (§13.5) and, where a child died
 * with abuse or neglect known or suspected, the Chair's reason for departing from §13.2.
 */
function checkNotAnScr(
	payload: FilesHoldInput,
	ctx: z.core.$RefinementCtx,
	{ today, classification }: PayloadContext
) {
	checkFilesHold(payload, ctx, today);
	if (!shouldAlwaysReview(classification)) return;
	const why = textField(
		'why the Chair departs from §13.2, which says a Serious Case Review should always be held when a child dies and abuse or neglect is known or suspected'
	).safeParse(payload.departureReason);
	if (!why.success) addFieldIssue(ctx, 'departureReason', why.error.issues[0]?.message ?? '');
}

function checkFilesHold(payload: FilesHoldInput, ctx: z.core.$RefinementCtx, today: string) {
	if (payload.filesHold === 'rescind') {
		const on = pastCaseDateField('rescindInstructionOn', today).safeParse(
			payload.rescindInstructionOn
		);
		if (!on.success) {
			addFieldIssue(ctx, 'rescindInstructionOn', on.error.issues[0]?.message ?? '');
			return;
		}
		requireAfter(
			ctx,
			'rescindInstructionOn',
			on.data,
			payload.decidedOn,
			`${capitalise(CASE_DATE_PHRASES.rescindInstructionOn)} must be on or after ${CASE_DATE_PHRASES.chairDecidedOn}`,
			{ orOn: true }
		);
		return;
	}
	const why = textField('why agencies must keep their files secured').safeParse(
		payload.keepFilesReason
	);
	if (!why.success) addFieldIssue(ctx, 'keepFilesReason', why.error.issues[0]?.message ?? '');
}

/** Keeps only the half of the choice that was taken, and a departure reason that was asked for. */
function settleFilesHold<Payload extends FilesHoldInput>({
	rescindInstructionOn,
	keepFilesReason,
	departureReason,
	...rest
}: Payload) {
	return {
		...rest,
		departureReason:
			typeof departureReason === 'string' && departureReason.trim() !== ''
				? departureReason.trim()
				: undefined,
		rescindInstructionOn:
			rest.filesHold === 'rescind' ? (rescindInstructionOn as string) : undefined,
		keepFilesReason:
			rest.filesHold === 'keep' && typeof keepFilesReason === 'string'
				? keepFilesReason.trim()
				: undefined
	};
}

function deferUntilField(today: string) {
	return dateField(CASE_DATE_PHRASES.deferUntil).refine((date) => date >= today, {
		error: `${capitalise(CASE_DATE_PHRASES.deferUntil)} must be today or in the future`
	});
}

const noPayload = () => z.object({});

/**
 * Closing after a decision (§13.16): with an action plan item, or the reason there is none. The
 * reason is kept only when the case has no item.
 */
function closingFields<Shape extends z.ZodRawShape>(shape: Shape, context: PayloadContext) {
	// On the field itself, not the object, so it is reported beside the other fields' errors.
	return z.object({
		...shape,
		noActionPlanReason: optionalTextField('why the case closes without an action plan item').refine(
			(reason) => hasActionPlanOrReason(reason, context.actionPlanItems),
			{ error: NO_ACTION_PLAN_MESSAGE }
		)
	});
}

/**
 * One schema per transition, keyed 'from->to'. Each is a factory because "not in the future"
 * depends on today's date. Unknown keys are dropped, so a form may send more than a step needs.
 */
export const TRANSITION_PAYLOADS = {
	'received->triage': noPayload,

	'triage->si_ofsted': ({ today }: PayloadContext) =>
		z.object({
			classification: classificationField({ residential_out_of_scope: OUT_OF_SCOPE }),
			ofstedReportedOn: pastCaseDateField('ofstedReportedOn', today)
		}),
	'triage->gathering': ({ today }: PayloadContext) =>
		z.object({
			classification: classificationField({ residential_out_of_scope: OUT_OF_SCOPE }),
			...gatheringFields(today)
		}),
	// §13.5: "In some cases the criteria will be clearly met and the Chair will decide immediately".
	'triage->chair_decision': ({ today }: PayloadContext) =>
		z.object({
			classification: classificationField({
				residential_out_of_scope: OUT_OF_SCOPE,
				serious_incident: INCIDENTS_GO_TO_PANEL
			}),
			reason: textField('why the criteria for a Serious Case Review are clearly met'),
			// No short reports on this route, but every agency known to be involved is still told to
			// secure its files (§13.5 "Securing the files").
			securingAgencyIds: agenciesField('Select each agency known to be involved'),
			filesSecureRequestedOn: pastCaseDateField('filesSecureRequestedOn', today)
		}),
	// Only out of scope or merged: every death or serious harm goes to the Chair, every serious
	// incident to the Sub Group (§13.6, §13.20).
	'triage->closed': ({ today }: PayloadContext) =>
		z
			.object({
				closeAs: choiceField(
					TRIAGE_CLOSURES,
					'Select why the case closes at triage: out of scope, or merged into another case. Any other case goes to the Chair or the Sub Group'
				),
				reason: textField('why the case is being closed'),
				residentialReferralOn: z.unknown().optional(),
				mergedInto: z.unknown().optional()
			})
			.superRefine((payload, ctx) => {
				if (payload.closeAs === 'out_of_scope') {
					const on = pastCaseDateField('residentialReferralOn', today).safeParse(
						payload.residentialReferralOn
					);
					if (!on.success) {
						addFieldIssue(ctx, 'residentialReferralOn', on.error.issues[0]?.message ?? '');
					}
					return;
				}
				const target =
					typeof payload.mergedInto === 'string' ? parseReference(payload.mergedInto) : null;
				if (target?.kind !== 'case') {
					addFieldIssue(
						ctx,
						'mergedInto',
						'Enter the reference of the case it is merged into, like SCR-2026-0007'
					);
				}
			})
			.transform(({ residentialReferralOn, mergedInto, ...rest }) =>
				rest.closeAs === 'out_of_scope'
					? {
							...rest,
							classification: 'residential_out_of_scope' as const,
							residentialReferralOn: residentialReferralOn as string
						}
					: { ...rest, mergedInto: String(mergedInto).trim().toUpperCase() }
			),

	'si_ofsted->gathering': ({ today }: PayloadContext) => z.object(gatheringFields(today)),

	'gathering->chair_briefed': ({ today }: PayloadContext) =>
		z.object({ chairBriefedOn: pastCaseDateField('chairBriefedOn', today) }),

	'chair_briefed->panel_scheduled': () => z.object({ meetingOn: caseDateField('meetingOn') }),
	'chair_briefed->chair_decision': () =>
		z.object({ reason: textField('why the criteria for a Serious Case Review are clearly met') }),

	// The meeting has now been held: its date is recorded again, as held rather than as planned.
	// A date to reconsider is checked only with a 'defer' recommendation, and dropped otherwise.
	'panel_scheduled->panel_recommended': ({ today }: PayloadContext) =>
		z
			.object({
				meetingOn: pastCaseDateField('meetingOn', today),
				recommendation: choiceField(
					PANEL_RECOMMENDATIONS,
					"Select the Sub Group's recommendation to the LSCB Chair"
				),
				// What the Chair reads before deciding (§13.6): why, who made it, who disagreed.
				recommendationReasons: textField('the reasons for the recommendation'),
				subGroupChair: textField('the name of the Sub Group Chair who made it', 200),
				memberDissent: optionalTextField('any member’s disagreement to record'),
				deferUntil: z.unknown().optional()
			})
			.superRefine((payload, ctx) => {
				if (payload.recommendation !== 'defer') return;
				if (payload.deferUntil === undefined || payload.deferUntil === '') {
					addFieldIssue(
						ctx,
						'deferUntil',
						`Enter ${CASE_DATE_PHRASES.deferUntil}: a case must not be deferred without a fixed date (§13.6)`
					);
					return;
				}
				const deferUntil = deferUntilField(today).safeParse(payload.deferUntil);
				if (!deferUntil.success) {
					addFieldIssue(ctx, 'deferUntil', deferUntil.error.issues[0]?.message ?? '');
					return;
				}
				requireAfter(
					ctx,
					'deferUntil',
					deferUntil.data,
					payload.meetingOn,
					`${capitalise(CASE_DATE_PHRASES.deferUntil)} must be after ${CASE_DATE_PHRASES.meetingOn}`
				);
			})
			.transform(({ deferUntil, ...rest }) => ({
				...rest,
				deferUntil:
					rest.recommendation === 'defer' && typeof deferUntil === 'string' ? deferUntil : undefined
			})),

	'panel_recommended->chair_decision': ({ today }: PayloadContext) =>
		z.object({ recommendationSentOn: pastCaseDateField('recommendationSentOn', today) }),

	'chair_decision->scr_initiated': ({ today }: PayloadContext) =>
		z.object(chairDecisionFields(today)),
	'chair_decision->deferred': ({ today }: PayloadContext) =>
		z
			.object({ ...chairDecisionFields(today), deferUntil: deferUntilField(today) })
			.superRefine((payload, ctx) =>
				requireAfter(
					ctx,
					'deferUntil',
					payload.deferUntil,
					payload.decidedOn,
					`${capitalise(CASE_DATE_PHRASES.deferUntil)} ${AFTER_DECISION}`
				)
			),
	'chair_decision->imrs_only': (context: PayloadContext) => reviewWorkDecision(context),
	'chair_decision->audit': (context: PayloadContext) => reviewWorkDecision(context),
	// The internal review's due date is T16, six months from the decision (§13.20).
	'chair_decision->internal_review': (context: PayloadContext) =>
		z
			.object({
				...chairDecisionFields(context.today),
				lead: textField('who will lead the review'),
				...filesHoldShape
			})
			.superRefine((payload, ctx) => checkNotAnScr(payload, ctx, context))
			.transform(settleFilesHold),
	'chair_decision->no_further_action': (context: PayloadContext) =>
		z
			.object({ ...chairDecisionFields(context.today), ...filesHoldShape })
			.superRefine((payload, ctx) => checkNotAnScr(payload, ctx, context))
			.transform(settleFilesHold),

	'deferred->panel_scheduled': () => z.object({ meetingOn: caseDateField('meetingOn') }),
	'no_further_action->closed': (context: PayloadContext) => closingFields({}, context),

	'imrs_only->closed': (context: PayloadContext) =>
		closingFields(
			{ completedOn: pastCaseDateField('reviewWorkCompletedOn', context.today) },
			context
		),
	'audit->closed': (context: PayloadContext) =>
		closingFields(
			{ completedOn: pastCaseDateField('reviewWorkCompletedOn', context.today) },
			context
		),
	// §13.20: "The Action Plan and Executive Summary should be agreed as above" (§13.12).
	'internal_review->closed': (context: PayloadContext) =>
		closingFields(
			{
				internalReviewFindingsOn: pastCaseDateField('internalReviewFindingsOn', context.today),
				actionPlanAgreedOn: pastDateField(
					'the date the internal review’s action plan was agreed',
					context.today
				),
				executiveSummaryAgreedOn: pastDateField(
					'the date the internal review’s executive summary was agreed',
					context.today
				)
			},
			context
		),

	'scr_initiated->scoping': noPayload,
	// §13.7 and §13.18: what the Sub Group settles before the individual panel starts.
	// After an inadequate evaluation the case comes back here: its new panel needs a new
	// independent chair (§13.16), so no one who chaired an earlier panel of the case.
	'scoping->in_review': ({ today, previousIndependentChairs = [] }: PayloadContext) =>
		z.object({
			termsOfReferenceAgreedOn: pastDateField('the date the terms of reference were agreed', today),
			independentChair: textField('the name of the independent chair', 200).refine(
				(name) => !chairedBefore(name, previousIndependentChairs),
				{ error: NEW_CHAIR_MESSAGE }
			),
			overviewWriter: textField('the name of the independent overview report writer', 200),
			panelAgreedOn: pastDateField('the date the panel membership was agreed', today),
			timetableAgreedOn: pastDateField('the date the timetable was agreed', today),
			mediaStrategyAgreedOn: pastDateField('the date the media strategy was agreed', today)
		}),
	// §13.9: on a case whose IMRs were requested here, the agencies' sign-offs give the date the
	// last was signed off (a date typed in is not used); on one without, it is typed, as before
	// (docs/decisions/026).
	'in_review->drafting': ({ today, imrsSignedOffOn }: PayloadContext) => {
		const received = {
			chronologiesReceivedOn: pastDateField('the date the chronologies were complete', today),
			healthOverviewReceivedOn: pastDateField(
				'the date the health overview report was received',
				today
			)
		};
		if (imrsSignedOffOn !== undefined) {
			return z.object(received).transform((payload) => ({ ...payload, imrsSignedOffOn }));
		}
		return z.object({
			...received,
			imrsSignedOffOn: pastDateField(
				'the date the last individual management review was signed off',
				today
			)
		});
	},
	// §13.12: the overview report, executive summary and action plan are agreed with the author.
	'drafting->executive': ({ today }: PayloadContext) =>
		z.object({
			overviewReportAgreedOn: pastDateField('the date the overview report was agreed', today),
			executiveSummaryAgreedOn: pastDateField('the date the executive summary was agreed', today),
			actionPlanAgreedOn: pastDateField('the date the action plan was agreed', today)
		}),
	'executive->sent_to_ofsted': ({ today }: PayloadContext) =>
		z.object({
			executiveMeetingOn: pastDateField('the date of the Executive Group meeting', today),
			publicationDecision: choiceField(
				PUBLICATION_DECISIONS,
				'Select what the Executive Group decided to publish'
			),
			sentToOfstedOn: pastCaseDateField('sentToOfstedOn', today)
		}),
	'sent_to_ofsted->evaluated': ({ today }: PayloadContext) =>
		z.object({
			evaluationLetterOn: pastCaseDateField('evaluationLetterOn', today),
			evaluationGrade: choiceField(
				EVALUATION_GRADES,
				'Select the grade in the evaluation letter: adequate or inadequate'
			)
		}),
	'evaluated->publication': noPayload,
	'evaluated->scoping': noPayload,

	// §13.15 "must be timed in accordance with the conclusion of any related Court or Coroner
	// proceedings": publishing waits for them unless the Executive Group recorded why it goes ahead.
	'publication->monitoring': ({ today, publicationHeldBy = [] }: PayloadContext) =>
		z
			.object({
				publicationOutcome: choiceField(
					PUBLICATION_OUTCOMES,
					'Select whether the anonymised summary was published or withheld'
				),
				publicationOn: pastDateField('the date it was published or withheld', today),
				withheldReason: optionalTextField('why it was withheld')
			})
			.superRefine((payload, ctx) => {
				if (payload.publicationOutcome === 'withheld' && !payload.withheldReason) {
					addFieldIssue(ctx, 'withheldReason', 'Enter why it was withheld (§13.15)');
				}
				if (payload.publicationOutcome === 'published' && publicationHeldBy.length > 0) {
					addFieldIssue(ctx, 'publicationOutcome', publicationHeldMessage(publicationHeldBy));
				}
			})
			.transform(({ withheldReason, ...rest }) => ({
				...rest,
				withheldReason: rest.publicationOutcome === 'withheld' ? withheldReason : undefined
			})),
	'monitoring->closed': (context: PayloadContext) => closingFields({}, context)
} satisfies { [Key in `${CaseState}->${CaseState}`]?: (context: PayloadContext) => z.ZodType };

/** IMRs only or an audit: the Chair names who leads it and when it is due (§13.6). */
function reviewWorkDecision(context: PayloadContext) {
	return z
		.object({
			...chairDecisionFields(context.today),
			lead: textField('who will lead the work'),
			dueOn: caseDateField('reviewWorkDueOn'),
			...filesHoldShape
		})
		.superRefine((payload, ctx) => {
			requireAfter(
				ctx,
				'dueOn',
				payload.dueOn,
				payload.decidedOn,
				`${capitalise(CASE_DATE_PHRASES.reviewWorkDueOn)} ${AFTER_DECISION}`
			);
			checkNotAnScr(payload, ctx, context);
		})
		.transform(settleFilesHold);
}

export type TransitionKey = keyof typeof TRANSITION_PAYLOADS;
export type TransitionPayload<Key extends TransitionKey> = z.output<
	ReturnType<(typeof TRANSITION_PAYLOADS)[Key]>
>;
