// §13.17 Accountability and Disclosure: "It is important to anticipate requests for information
// and plan in advance how they should be met. For example, a lead agency may take responsibility
// for de-briefing family members." §13.13: the Executive agrees "arrangements to provide feedback
// and de-brief staff, family members and media".
// §13.18 Media: "When setting the terms of reference for a SCR, a media strategy should also be
// agreed. It is usual for the Police to take forward any media involvement around criminal
// matters and the LSCB to take forward media involvement around the SCR itself."

export const FAMILY_PLAN_LABELS = {
	lead: 'Who leads involving and de-briefing the family',
	involvement: 'How the family is involved, and what information they will be given',
	familyContactedOn: 'Date the family was first contacted about the review (if they have been)',
	debriefPlannedOn: 'Date the de-briefing is planned for',
	debriefHeldOn: 'Date the de-briefing was held (if it has been)'
} as const;

export const MEDIA_PLAN_LABELS = {
	mediaLead: 'Media lead for the review',
	criminalMediaLead: 'Media lead for criminal matters (usually the Police)',
	strategy: 'The media strategy',
	agreedOn: 'Date the media strategy was agreed with the terms of reference'
} as const;
