// The choices a case's steps offer and their labels, apart from the steps' zod schemas
// (transition-payloads.ts) so that pages can show them without bundling zod
// (docs/decisions/013-zod-mini-on-the-client.md).

/** What triage decides a case is about (§13.2, §13.20). */
export const CASE_CLASSIFICATIONS = [
	'child_death',
	'serious_harm',
	'serious_incident',
	'residential_out_of_scope'
] as const;
export type CaseClassification = (typeof CASE_CLASSIFICATIONS)[number];

export const CASE_CLASSIFICATION_LABELS: Record<CaseClassification, string> = {
	child_death: 'Child death where abuse or neglect is known or suspected (§13.2)',
	serious_harm: 'Child seriously harmed through abuse or neglect (§13.2)',
	serious_incident: 'Serious incident (§13.20)',
	residential_out_of_scope: 'Serious incident in a residential unit: not covered (§13.20)'
};

/** The five recommendations the SCR Sub Group can make to the LSCB Chair (§13.6). */
export const PANEL_RECOMMENDATIONS = [
	'scr',
	'defer',
	'imrs_only',
	'audit',
	'non_statutory_review'
] as const;
export type PanelRecommendation = (typeof PANEL_RECOMMENDATIONS)[number];

export const PANEL_RECOMMENDATION_LABELS: Record<PanelRecommendation, string> = {
	scr: 'Convene an individual panel to undertake a Serious Case Review',
	defer: 'Defer the decision until more information is available, to a fixed date',
	imrs_only: 'Require agencies to undertake individual management reviews',
	audit: 'Undertake a smaller scale audit',
	non_statutory_review: 'Undertake a non-statutory review'
};

export const EVALUATION_GRADES = ['adequate', 'inadequate'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

export const EVALUATION_GRADE_LABELS: Record<EvaluationGrade, string> = {
	adequate: 'Adequate or above: go on to publication',
	inadequate: 'Inadequate: convene a new panel with a new independent chair (§13.16)'
};

/** The Executive Group decides whether the full overview report is published (§13.13, §13.15). */
export const PUBLICATION_DECISIONS = ['publish_overview_report', 'executive_summary_only'] as const;
export type PublicationDecision = (typeof PUBLICATION_DECISIONS)[number];

export const PUBLICATION_DECISION_LABELS: Record<PublicationDecision, string> = {
	publish_overview_report: 'Publish the anonymised overview report and executive summary',
	executive_summary_only: 'Publish the executive summary only'
};

export const PUBLICATION_OUTCOMES = ['published', 'withheld'] as const;
export type PublicationOutcome = (typeof PUBLICATION_OUTCOMES)[number];

export const PUBLICATION_OUTCOME_LABELS: Record<PublicationOutcome, string> = {
	published: 'Published on the LSCB website',
	withheld: 'Withheld'
};

/**
 * On a decision not to hold an SCR, agencies are told to stop securing their files (§13.5, §13.6),
 * unless the Chair keeps the hold, with a reason.
 */
export const FILES_HOLD_CHOICES = ['rescind', 'keep'] as const;
export type FilesHoldChoice = (typeof FILES_HOLD_CHOICES)[number];

export const FILES_HOLD_CHOICE_LABELS: Record<FilesHoldChoice, string> = {
	rescind: 'Tell agencies they no longer need to secure their files (§13.5)',
	keep: 'Keep the files secured, for a reason recorded below'
};

/**
 * The only ways a case closes at triage, without the Chair or the Sub Group (§13.6: the Chair
 * decides; §13.20: "All incidents will be reviewed by the SCR Panel"): an incident in a
 * residential unit, which goes to the Manager for Residential Services instead (§13.20), or a
 * case opened twice, merged into the other.
 */
export const TRIAGE_CLOSURES = ['out_of_scope', 'merged'] as const;
export type TriageClosure = (typeof TRIAGE_CLOSURES)[number];

export const TRIAGE_CLOSURE_LABELS: Record<TriageClosure, string> = {
	out_of_scope:
		'Out of scope: a serious incident in a residential unit, referred to the Manager for Residential Services (§13.20)',
	merged: 'Merged into another case about the same child or incident'
};

/**
 * §13.2: "A LSCB should always undertake a serious case review when a child dies (including death
 * by suicide), and abuse or neglect is known or suspected to be a factor in the child's death."
 * Any other decision on such a case records the Chair's reason for departing from it.
 */
export const SHOULD_ALWAYS_REVIEW_RULE =
	"§13.2: a Serious Case Review should always be held when a child dies (including by suicide) and abuse or neglect is known or suspected to be a factor in the child's death. Any other decision needs your reason for departing from this.";

export function shouldAlwaysReview(classification: CaseClassification | null | undefined): boolean {
	return classification === 'child_death';
}
