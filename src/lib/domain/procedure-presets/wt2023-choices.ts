// The choices of the Working Together 2023 moves and their labels, without zod, so the case
// page's form fields (case/transition-fields.ts) can name them without bundling the schemas.

/**
 * The three safeguarding partners (Children Act 2004 s16E; WT2023 ch. 2), who decide together
 * where the seed's procedure has the LSCB Chair decide. The Safeguarding Unit records each
 * partner's agreement; no partner signs in to this tool (docs/decisions/033).
 */
export const SAFEGUARDING_PARTNERS = ['la', 'icb', 'police'] as const;
export type SafeguardingPartner = (typeof SAFEGUARDING_PARTNERS)[number];

export const SAFEGUARDING_PARTNER_LABELS: Record<SafeguardingPartner, string> = {
	la: 'the local authority',
	icb: 'the integrated care board',
	police: 'the police'
};

/**
 * Who agreed for a partner: its lead safeguarding partner (chief executive or chief officer of
 * police, WT2023 para 48) or the delegated safeguarding partner named in the arrangements.
 */
export const PARTNER_CAPACITIES = ['lead', 'delegated'] as const;
export type PartnerCapacity = (typeof PARTNER_CAPACITIES)[number];

export const PARTNER_CAPACITY_LABELS: Record<PartnerCapacity, string> = {
	lead: 'Lead safeguarding partner',
	delegated: 'Delegated safeguarding partner'
};

export const YES_NO = ['yes', 'no'] as const;
export const YES_NO_LABELS: Record<(typeof YES_NO)[number], string> = { yes: 'Yes', no: 'No' };

/** What the partners recommend when they send the rapid review to the Panel (WT2023 ch. 5). */
export const RAPID_REVIEW_RECOMMENDATIONS = ['lcspr', 'no_lcspr', 'national_review'] as const;
export const RAPID_REVIEW_RECOMMENDATION_LABELS: Record<
	(typeof RAPID_REVIEW_RECOMMENDATIONS)[number],
	string
> = {
	lcspr: 'A local child safeguarding practice review',
	no_lcspr: 'No local review',
	national_review: 'The case may be of national importance: a national review'
};
