import { capitalise } from '$lib/domain/text';
import { CASE_DATE_PHRASES, type CaseDateName } from './case-dates';
import {
	CASE_CLASSIFICATION_LABELS,
	EVALUATION_GRADE_LABELS,
	PANEL_RECOMMENDATION_LABELS,
	PUBLICATION_DECISION_LABELS,
	PUBLICATION_OUTCOME_LABELS,
	FILES_HOLD_CHOICE_LABELS,
	TRIAGE_CLOSURE_LABELS
} from './case-choices';
import {
	PARTNER_CAPACITY_LABELS,
	RAPID_REVIEW_RECOMMENDATION_LABELS,
	SAFEGUARDING_PARTNER_LABELS,
	SAFEGUARDING_PARTNERS,
	YES_NO_LABELS,
	type SafeguardingPartner
} from '$lib/domain/procedure-presets/wt2023-choices';

/**
 * How the case page asks for each field a move requires. The transition's zod schema stays the
 * authority on what is valid; this only says which control to show and what to call it.
 */
export type TransitionField = (
	| { name: string; kind: 'date'; label: string }
	| { name: string; kind: 'text' | 'textarea'; label: string; optional?: boolean }
	| { name: string; kind: 'choice'; label: string; options: Record<string, string> }
	| { name: string; kind: 'agencies'; label: string }
) & {
	/**
	 * Asked only after this answer to a choice in the same form. Without JavaScript the page shows
	 * it anyway (its label says when it applies); with it, the field appears on that answer.
	 */
	shownWhen?: { field: string; value: string };
	/** Asked only where a rule of the procedure applies: §13.2's "should always". */
	onlyUnder?: 'should_always';
};

/** Whether the case's facts call for the field at all (the server checks the same rule). */
export function fieldApplies(field: TransitionField, facts: { shouldAlwaysReview: boolean }) {
	return field.onlyUnder !== 'should_always' || facts.shouldAlwaysReview;
}

const CHOICES: Record<string, { label: string; options: Record<string, string> }> = {
	classification: { label: 'Classification', options: CASE_CLASSIFICATION_LABELS },
	recommendation: { label: "The Sub Group's recommendation", options: PANEL_RECOMMENDATION_LABELS },
	evaluationGrade: { label: "Ofsted's evaluation", options: EVALUATION_GRADE_LABELS },
	publicationDecision: { label: 'Publication decision', options: PUBLICATION_DECISION_LABELS },
	publicationOutcome: { label: 'Publication outcome', options: PUBLICATION_OUTCOME_LABELS },
	filesHold: { label: 'The files-secured instruction', options: FILES_HOLD_CHOICE_LABELS },
	closeAs: { label: 'Why it closes at triage', options: TRIAGE_CLOSURE_LABELS },
	// Working Together 2023 (procedure-presets/wt2023-payloads.ts).
	childDied: { label: 'Did the child die?', options: YES_NO_LABELS },
	lookedAfter: { label: 'Was the child looked after?', options: YES_NO_LABELS },
	partnersRecommendation: {
		label: "The partners' recommendation",
		options: RAPID_REVIEW_RECOMMENDATION_LABELS
	},
	...partnerFields((partner) => [
		`${partner}Capacity`,
		{
			label: `${capitalise(SAFEGUARDING_PARTNER_LABELS[partner])}: agreed as`,
			options: PARTNER_CAPACITY_LABELS
		}
	])
};

const TEXTS: Record<string, { label: string; long: boolean }> = {
	reason: { label: 'Reason', long: true },
	recommendationReasons: { label: 'Reasons for the recommendation', long: true },
	subGroupChair: { label: 'Sub Group Chair who made the recommendation', long: false },
	rationale: { label: 'Rationale for the decision', long: true },
	lead: { label: 'Who leads the work', long: false },
	independentChair: { label: 'Independent chair of the review panel', long: false },
	overviewWriter: { label: 'Overview report writer', long: false },
	withheldReason: { label: 'Why it was withheld', long: true },
	noActionPlanReason: {
		label: 'If the case has no action plan item: why it closes without one (§13.16)',
		long: true
	},
	partnersReasons: { label: "The partners' reasons", long: true },
	attendees: { label: 'Who attended the rapid review: agency and role, one a line', long: true },
	findings: { label: 'Findings of the rapid review', long: true },
	reviewer: { label: 'Reviewer commissioned', long: false },
	nationalReviewOutcome: {
		label: "The national review's outcome, and where it is published",
		long: true
	},
	...partnerFields((partner) => [
		`${partner}AgreedBy`,
		{ label: `${capitalise(SAFEGUARDING_PARTNER_LABELS[partner])}: who agreed`, long: false }
	])
};

/** Dates of Working Together 2023 moves that are not case dates. */
const DATE_LABELS: Record<string, string> = {
	rapidReviewHeldOn: 'Date the rapid review was held',
	reasonsSentToPanelOn: 'Date the reasons were sent to the national Panel',
	...partnerFields((partner) => [
		`${partner}AgreedOn`,
		`${capitalise(SAFEGUARDING_PARTNER_LABELS[partner])}: date agreed`
	])
};

/** One entry per safeguarding partner, for the fields each joint decision asks of each. */
function partnerFields<Value>(
	entry: (partner: SafeguardingPartner) => [string, Value]
): Record<string, Value> {
	return Object.fromEntries(SAFEGUARDING_PARTNERS.map(entry));
}

/** 'termsOfReferenceAgreedOn' → 'Date terms of reference agreed'. */
function dateLabel(name: string): string {
	const fixed = DATE_LABELS[name];
	if (fixed) return fixed;
	if (name in CASE_DATE_PHRASES) {
		return capitalise(CASE_DATE_PHRASES[name as CaseDateName]);
	}
	const words = name
		.replace(/On$/, '')
		.replace(/([A-Z])/g, ' $1')
		.toLowerCase()
		.trim();
	return `Date ${words}`;
}

export function transitionField(name: string): TransitionField {
	if (name === 'agencyIds')
		return { name, kind: 'agencies', label: 'Agencies asked for a short report' };
	if (name === 'securingAgencyIds')
		return { name, kind: 'agencies', label: 'Agencies known to be involved, told to secure files' };
	const choice = CHOICES[name];
	if (choice) return { name, kind: 'choice', ...choice };
	const text = TEXTS[name];
	if (text) return { name, kind: text.long ? 'textarea' : 'text', label: text.label };
	if (name.endsWith('On') || name === 'deferUntil')
		return { name, kind: 'date', label: dateLabel(name) };
	return { name, kind: 'text', label: name };
}

/** The fields to show for a move: what it requires, plus the optional ones that go with them. */
export function transitionFields(requires: readonly string[]): TransitionField[] {
	const fields = requires.map(transitionField);
	// Every Chair decision may record dissent (§13.6); a defer recommendation needs its date.
	if (requires.includes('rationale')) {
		fields.push({
			name: 'dissent',
			kind: 'textarea',
			label: 'Dissent to record (optional)',
			optional: true
		});
	}
	if (requires.includes('recommendation') && !requires.includes('deferUntil')) {
		fields.push({
			name: 'memberDissent',
			kind: 'textarea',
			label: 'A member’s disagreement to record (optional)',
			optional: true
		});
		fields.push({
			name: 'deferUntil',
			kind: 'date',
			label: 'If deferred: the date it will be considered again',
			shownWhen: { field: 'recommendation', value: 'defer' }
		});
	}
	// Out of scope needs the referral's date; a merge needs the other case.
	if (requires.includes('closeAs')) {
		fields.push(
			{
				name: 'residentialReferralOn',
				kind: 'date',
				label: 'If out of scope: the date it was referred to the Manager for Residential Services',
				shownWhen: { field: 'closeAs', value: 'out_of_scope' }
			},
			{
				name: 'mergedInto',
				kind: 'text',
				label: 'If merged: the reference of the other case, like SCR-2026-0007',
				optional: true,
				shownWhen: { field: 'closeAs', value: 'merged' }
			}
		);
	}
	// Rescinding needs its date; keeping the hold needs its reason (§13.5); after a child's death,
	// any decision but an SCR needs the reason for departing from §13.2.
	if (requires.includes('filesHold')) {
		fields.push(
			{
				name: 'departureReason',
				kind: 'textarea',
				label: 'Why not a Serious Case Review: the reason for departing from §13.2',
				onlyUnder: 'should_always'
			},
			{
				name: 'rescindInstructionOn',
				kind: 'date',
				label: 'If told: the date agencies were told they no longer need to secure their files',
				shownWhen: { field: 'filesHold', value: 'rescind' }
			},
			{
				name: 'keepFilesReason',
				kind: 'textarea',
				label: 'If kept: why agencies must keep their files secured',
				optional: true,
				shownWhen: { field: 'filesHold', value: 'keep' }
			}
		);
	}
	if (requires.includes('publicationOutcome')) {
		fields.push({
			name: 'withheldReason',
			kind: 'textarea',
			label: 'If withheld: why',
			optional: true,
			shownWhen: { field: 'publicationOutcome', value: 'withheld' }
		});
	}
	return fields;
}
