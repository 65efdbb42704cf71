import { z } from 'zod';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import { capitalise } from '$lib/domain/text';
import {
	addFieldIssue,
	dateField,
	optionalTextField,
	requireAfter,
	textField
} from '$lib/domain/case/payload-fields';
import { NOTICE_PURPOSE_IDS, RECORDED_BODIES } from './other-bodies';
import { PROCEEDING_KIND_IDS, PROCEEDING_STATUS_IDS } from './parallel-proceedings';
import type { ReviewEntryKind } from './review-kinds';

// What the Unit records of the review as work (docs/decisions/028): one schema per kind of entry,
// shared by the review work page and the tRPC procedure. Dates are checked against the day in
// England at each parse, so one schema serves a long-running server.

/** No case this service holds began before this; a date before it is a typing slip. */
const EARLIEST = '2000-01-01';
/** A planned date more than ten years ahead is a typing slip too. */
const PLANNING_DAYS = 3660;

function boundedDate(phrase: string, { past }: { past: boolean }) {
	return dateField(phrase)
		.refine((date) => date >= EARLIEST, { error: `${capitalise(phrase)} must be in 2000 or later` })
		.refine(
			(date) => (past ? date <= todayIso() : date <= addCalendarDays(todayIso(), PLANNING_DAYS)),
			{
				error: past
					? `${capitalise(phrase)} must be today or in the past`
					: `${capitalise(phrase)} must be within the next ten years`
			}
		);
}

const pastDate = (phrase: string) => boundedDate(phrase, { past: true });
/** Blank (a form's empty field) and missing are both "not recorded". */
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

const NAME_MAX = 200;
const PLAN_MAX = 2000;
const NOTE_MAX = 1000;

/** Correcting an entry: the id of the entry corrected. Without it, a new entry. */
const recordId = z.uuid({ error: 'Select an entry from the list' }).optional();

export const otherBodyNoticeInput = z.object({
	kind: z.literal('other_body'),
	recordId,
	body: z.enum(RECORDED_BODIES, { error: 'Select the body that was told' }),
	purpose: z.enum(NOTICE_PURPOSE_IDS, { error: 'Select what they were told' }),
	toldOn: pastDate('the date they were told'),
	toldBy: textField('who told them (name and role)', NAME_MAX),
	note: optionalTextField('the note', NOTE_MAX)
});

export const proceedingInput = z
	.object({
		kind: z.literal('proceeding'),
		recordId,
		proceeding: z.enum(PROCEEDING_KIND_IDS, { error: 'Select the kind of proceeding' }),
		status: z.enum(PROCEEDING_STATUS_IDS, { error: 'Select whether it is active or concluded' }),
		startedOn: pastDate('the date it began, or the Unit learned of it'),
		concludedOn: optional(pastDate('the date it concluded')),
		nextDateOn: optional(boundedDate('the date of the next hearing or key date', { past: false })),
		detail: optionalTextField('the details', NOTE_MAX)
	})
	.superRefine((entry, ctx) => {
		if (entry.status === 'concluded' && !entry.concludedOn) {
			addFieldIssue(ctx, 'concludedOn', 'Enter the date it concluded');
		}
		if (entry.status === 'active' && entry.concludedOn) {
			addFieldIssue(ctx, 'concludedOn', 'Leave the date it concluded blank while it is active');
		}
		requireAfter(
			ctx,
			'concludedOn',
			entry.concludedOn,
			entry.startedOn,
			'The date it concluded must be on or after the date it began',
			{ orOn: true }
		);
	});

export const publicationGoAheadInput = z.object({
	kind: z.literal('publication_go_ahead'),
	decidedOn: pastDate("the date of the Executive Group's decision"),
	reason: textField(
		'why the Executive Group goes ahead with publication before the proceedings conclude',
		PLAN_MAX
	)
});

export const familyPlanInput = z
	.object({
		kind: z.literal('family_plan'),
		lead: textField('who leads involving and de-briefing the family', NAME_MAX),
		involvement: textField('how the family is involved and what they will be told', PLAN_MAX),
		familyContactedOn: optional(pastDate('the date the family was first contacted')),
		debriefPlannedOn: optional(
			boundedDate('the date the de-briefing is planned for', { past: false })
		),
		debriefHeldOn: optional(pastDate('the date the de-briefing was held'))
	})
	.superRefine((entry, ctx) => {
		if (!entry.debriefPlannedOn && !entry.debriefHeldOn) {
			addFieldIssue(ctx, 'debriefPlannedOn', 'Enter the date the de-briefing is planned for');
		}
	});

export const mediaStrategyInput = z.object({
	kind: z.literal('media_strategy'),
	mediaLead: textField('the media lead for the review', NAME_MAX),
	criminalMediaLead: optionalTextField('the media lead for criminal matters', NAME_MAX),
	strategy: textField('the media strategy', PLAN_MAX),
	agreedOn: pastDate('the date the media strategy was agreed')
});

export const threeStrandMeetingInput = z.object({
	kind: z.literal('three_strand_meeting'),
	meetingOn: pastDate('the date of the initial meeting'),
	calledBy: textField('who called the meeting', NAME_MAX),
	investigationLead: textField('who leads the investigation strand', NAME_MAX),
	caseManagementLead: textField('who leads case management and help for the children', NAME_MAX),
	childrenSafeLead: textField('who leads the measures to keep other children safe', NAME_MAX),
	note: optionalTextField('the note', NOTE_MAX)
});

/** Every kind of entry; `kind` says which. */
export const reviewEntryInput = z.discriminatedUnion('kind', [
	otherBodyNoticeInput,
	proceedingInput,
	publicationGoAheadInput,
	familyPlanInput,
	mediaStrategyInput,
	threeStrandMeetingInput
]);
export type ReviewEntryInput = z.output<typeof reviewEntryInput>;

// The kinds in review-kinds.ts are exactly the union's, both ways (a compile-time check).
type UnionKind = ReviewEntryInput['kind'];
export const UNION_KINDS_AGREE: [UnionKind, ReviewEntryKind] extends [ReviewEntryKind, UnionKind]
	? true
	: never = true;
