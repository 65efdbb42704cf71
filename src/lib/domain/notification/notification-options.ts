// The answer lists of the Serious Incident Notification Form (§13.2, §13.5, §13.20), as data
// so the form, the check-answers page, the queue and the schema all say the same thing.

/** The keys of an answer list, as a non-empty tuple (what z.enum takes). */
export const keysOf = <T extends Record<string, string>>(o: T) =>
	Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const INCIDENT_TYPES = {
	death: 'Death of a child where abuse or neglect is known or suspected',
	serious_harm: 'Serious harm: life-threatening injury or serious and permanent impairment',
	sexual_abuse: 'Serious harm as a result of sexual abuse',
	looked_after: 'Death or serious harm of a looked-after child',
	serious_incident: 'Serious child care incident (§13.20)'
} as const;
export type IncidentType = keyof typeof INCIDENT_TYPES;

/** The same types in a few words, where a long label would not fit (the queue's filter). */
export const INCIDENT_TYPE_SHORT_LABELS: Record<IncidentType, string> = {
	death: 'Death of a child',
	serious_harm: 'Serious harm',
	sexual_abuse: 'Sexual abuse',
	looked_after: 'Looked-after child',
	serious_incident: 'Serious incident (§13.20)'
};

// §13.20: "The definition of a Serious Child Care Incident includes".
export const SERIOUS_INCIDENT_CATEGORIES = {
	accommodated_death: 'Death of a child accommodated, fostered or receiving adoption support',
	pocsa_referral: 'Referral to the Secretary of State under the Protection of Children Act 1999',
	serious_illness_or_accident:
		'Serious illness or accident of a child accommodated, fostered or receiving adoption support',
	sexual_exploitation: 'Child sexual exploitation involving an accommodated or fostered child',
	police_called: 'Serious incident that required the police to be called to the home',
	serious_offence_allegation: 'Allegation that a child has committed a serious offence',
	serious_complaint: 'Serious complaint about the home, its staff or a foster carer',
	child_protection_enquiry: 'Child protection enquiries about an accommodated or fostered child',
	media_or_practice_concern: 'Concerns about professional practice or likely media attention'
} as const;
export type SeriousIncidentCategory = keyof typeof SERIOUS_INCIDENT_CATEGORIES;

export const LEGAL_STATUSES = {
	looked_after: 'Looked after by the local authority',
	cp_plan_current: 'Child protection plan (current)',
	cp_plan_past: 'Child protection plan (in the past)',
	child_in_need: 'Child in need',
	not_known: 'Not known'
} as const;
export type LegalStatus = keyof typeof LEGAL_STATUSES;

// §13.2: institutional settings named in the "questions to ask".
export const INSTITUTIONAL_SETTINGS = {
	none: 'None: not in an institutional setting',
	school: 'School',
	nursery: 'Nursery',
	family_centre: 'Family centre',
	young_offender_institution: 'Young Offender Institution',
	secure_training_centre: 'Secure Training Centre',
	immigration_removal_centre: 'Immigration removal centre',
	mother_and_baby_unit: 'Mother and baby prison unit',
	childrens_home: "Children's home",
	armed_services_training: 'Armed services training establishment',
	not_known: 'Not known'
} as const;
export type InstitutionalSetting = keyof typeof INSTITUTIONAL_SETTINGS;

export const INVOLVED_AGENCIES = {
	childrens_social_care: "Children's social care",
	police: 'Police',
	health: 'Health',
	education: 'Education',
	probation: 'Probation',
	other: 'Other',
	none_known: 'None known'
} as const;
export type InvolvedAgency = keyof typeof INVOLVED_AGENCIES;

export const YES_NO_NOT_KNOWN = { yes: 'Yes', no: 'No', not_known: 'Not known' } as const;
export type YesNoNotKnown = keyof typeof YES_NO_NOT_KNOWN;

/** For a question whose answer is always known, such as "Do you know the date?". */
export const YES_NO = { yes: 'Yes', no: 'No' } as const;

// §13.2 "Questions to ask which may help in deciding if a SCR could yield useful lessons".
export const CRITERIA_QUESTIONS = {
	harmNotRecognised:
		'Was there evidence of significant harm that was not recognised, not shared or not acted on?',
	institutionalSetting: 'Was the child abused or neglected in an institutional setting?',
	whileLookedAfter: 'Was the child abused or neglected while looked after by the local authority?',
	recentlyMovedToUk: 'Is the child from a family that recently moved to the UK?',
	unauthorisedAbsence:
		'Did the child suffer harm during an unauthorised absence or after running away?',
	concernsNotTakenSeriously:
		'Does an agency consider its concerns were not taken seriously or acted on by another?',
	widerProcedureFailings:
		'Could there be failings in local safeguarding procedures beyond this case?',
	childProtectionPlan: 'Was the child ever the subject of a child protection plan?',
	implicationsForAgencies: 'Does the case have implications for a range of agencies?',
	protocolsNeedChange: 'Might the LSCB need to change or better promulgate its procedures?'
} as const;
export type CriteriaQuestion = keyof typeof CRITERIA_QUESTIONS;

export const GENDERS = {
	female: 'Female',
	male: 'Male',
	other: 'Another gender',
	not_known: 'Not known'
} as const;

export const MAX_CHILDREN = 4;
export const OUTLINE_MAX_LENGTH = 10_000;
