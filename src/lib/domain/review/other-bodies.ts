import { isOneOf } from '$lib/domain/one-of';

// Notifications to other bodies (§13.5, §13.6, §13.16). The procedure names who is told, by whom
// and when; each requirement below quotes the words that make it one. Ofsted's notice of an SCR
// is the case date `ofstedNotifiedOn` (it meets T7 and starts T9) and CDOP's is "CDOP informed"
// on each notification of a death (triage/cdop.ts): both are shown here from where they are kept,
// never recorded twice. The other bodies are recorded here.

export const OTHER_BODIES = {
	ofsted: 'Ofsted',
	dfe: 'Department for Education',
	cdop: 'CDOP (Child Death Overview Panel)',
	health_bodies:
		'Health bodies (PCT commissioning arm, Strategic Health Authority, health providers)',
	cqc: 'Care Quality Commission (CQC)',
	hmic: 'HM Inspectorate of Constabulary (HMIC)',
	hmi_probation: 'HM Inspectorate of Probation'
} as const;
export type OtherBody = keyof typeof OTHER_BODIES;

/** The bodies whose notices are recorded in this section; Ofsted and CDOP are kept elsewhere. */
export const RECORDED_BODIES = ['dfe', 'health_bodies', 'cqc', 'hmic', 'hmi_probation'] as const;
export type RecordedBody = (typeof RECORDED_BODIES)[number];

export const NOTICE_PURPOSES = {
	death: "Told of the child's death",
	review: 'Told of the serious case review',
	outcome: "Told the review's outcome",
	other: 'Told for another reason'
} as const;
export type NoticePurpose = keyof typeof NOTICE_PURPOSES;
export const NOTICE_PURPOSE_IDS = Object.keys(NOTICE_PURPOSES) as [
	NoticePurpose,
	...NoticePurpose[]
];

/** What about the case makes a notice due. */
export type NoticeTrigger = 'child_death' | 'scr_decided' | 'outcome_final';

export interface NoticeRequirement {
	body: OtherBody;
	purpose: NoticePurpose;
	when: NoticeTrigger;
	section: string;
	/** The procedure's own words. */
	words: string;
}

/**
 * Who must be told, when, in the procedure's words. §13.16's "HMI" is read as HM Inspectorate of
 * Probation, the "HMI" §13.6 has the Chief Probation Officer inform; the Department for Education
 * is named only in §13.6's heading over the notice to Ofsted, so it is recordable, never required.
 */
export const NOTICE_REQUIREMENTS: readonly NoticeRequirement[] = [
	{
		body: 'cdop',
		purpose: 'death',
		when: 'child_death',
		section: '13.5',
		words: 'All child deaths should be reported to the CDOP Business Support Manager.'
	},
	{
		body: 'ofsted',
		purpose: 'review',
		when: 'scr_decided',
		section: '13.6',
		words:
			'The LSCB Manager is responsible for ensuring that immediately following the decision, there is formal notification to Ofsted that a SCR will be taking place.'
	},
	{
		body: 'health_bodies',
		purpose: 'review',
		when: 'scr_decided',
		section: '13.6',
		words:
			'The designated Nurse will inform the commissioning arm of the PCT, Strategic Health Authority and all other health providers.'
	},
	{
		body: 'hmic',
		purpose: 'review',
		when: 'scr_decided',
		section: '13.6',
		words: 'The DCI for North Yorkshire Police will inform the HMIC.'
	},
	{
		body: 'hmi_probation',
		purpose: 'review',
		when: 'scr_decided',
		section: '13.6',
		words:
			'The LSCB Manager will write to the Chief Probation Officer to inform him/her of the SCR, they in turn will inform the HMI.'
	},
	...(['cqc', 'hmi_probation', 'hmic'] as const).map((body): NoticeRequirement => ({
		body,
		purpose: 'outcome',
		when: 'outcome_final',
		section: '13.16',
		words:
			'In line with arrangements between inspectorates, the outcomes of reviews will be shared with CQC, HMI and HMIC.'
	}))
];

/** The case facts the requirements turn on. */
export interface NoticeFacts {
	/** A notification in the case reports a child's death, or triage classed the case so. */
	childDeath: boolean;
	/** The Chair decided to hold an SCR (`scrDecidedOn`). */
	scrDecided: boolean;
	/** Ofsted's evaluation letter graded the review adequate: its outcome is final (§13.16). */
	outcomeFinal: boolean;
}

const TRIGGERED: Record<NoticeTrigger, (facts: NoticeFacts) => boolean> = {
	child_death: (facts) => facts.childDeath,
	scr_decided: (facts) => facts.scrDecided,
	outcome_final: (facts) => facts.outcomeFinal
};

/** The notices the procedure requires of this case now. */
export function requiredNotices(facts: NoticeFacts): NoticeRequirement[] {
	return NOTICE_REQUIREMENTS.filter((rule) => TRIGGERED[rule.when](facts));
}

/** A notice given: to whom, why, on what day and by whom. */
export interface GivenNotice {
	body: OtherBody;
	purpose: NoticePurpose;
	toldOn: string;
	toldBy: string | null;
}

/** The required notices not yet given, each with the words that require it. */
export function missingNotices(
	facts: NoticeFacts,
	given: readonly Pick<GivenNotice, 'body' | 'purpose'>[]
): NoticeRequirement[] {
	return requiredNotices(facts).filter(
		(rule) => !given.some((notice) => notice.body === rule.body && notice.purpose === rule.purpose)
	);
}

export function isRecordedBody(body: unknown): body is RecordedBody {
	return isOneOf(RECORDED_BODIES, body);
}

/** "HMIC: told of the serious case review (§13.6)" */
export function noticeName(rule: Pick<NoticeRequirement, 'body' | 'purpose' | 'section'>): string {
	return `${OTHER_BODIES[rule.body]}: ${NOTICE_PURPOSES[rule.purpose].toLowerCase()} (§${rule.section})`;
}
