// Which LSCB leads (§13.3, §13.4): "the LSCB for the area in which the child is or was normally
// resident should take lead responsibility"; "In the case of looked after children, the local
// authority which has responsibility for the child should exercise lead responsibility". Any
// other LSCB with an interest or involvement cooperates as a partner. The Unit records the facts
// at triage; the lead follows from them and is never typed. The input schema, which needs zod,
// is lead-authority-input.ts, so pages can take these words without it.

export const AREA_MAX_LENGTH = 200;
export const MAX_PARTNER_LSCBS = 10;

export const LOOKED_AFTER_ANSWERS = { yes: 'Yes', no: 'No' } as const;

/** The facts the lead LSCB follows from, as recorded. */
export interface LeadAuthorityFacts {
	/** The area where the child is or was normally resident (§13.3). */
	childLivesIn: string;
	lookedAfter: boolean;
	/** For a looked-after child, the local authority responsible for them (§13.4); else null. */
	responsibleAuthority: string | null;
	/** Other LSCBs with an interest or involvement, as entered. */
	partnerLscbs: readonly string[];
}

/** Names compared as people write them: case, spacing and a trailing "LSCB" do not matter. */
export function areaKey(area: string): string {
	return area
		.normalize('NFKC')
		.toLocaleLowerCase('en-GB')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/ lscb$/, '');
}

/** §13.3–13.4: the responsible authority's LSCB for a looked-after child, else where they live. */
export function leadLscb(
	facts: Pick<LeadAuthorityFacts, 'childLivesIn' | 'lookedAfter' | 'responsibleAuthority'>
): string {
	return facts.lookedAfter && facts.responsibleAuthority
		? facts.responsibleAuthority
		: facts.childLivesIn;
}

/** The partners, each once, never the lead itself, in the order entered. */
export function partnerLscbs(lead: string, partners: readonly string[]): string[] {
	const seen = new Set([areaKey(lead)]);
	const kept: string[] = [];
	for (const partner of partners) {
		const key = areaKey(partner);
		if (key === '' || seen.has(key)) continue;
		seen.add(key);
		kept.push(partner.trim());
	}
	return kept;
}

/** As stored on the notification: the facts, who recorded them and when. */
export interface RecordedLeadAuthority extends LeadAuthorityFacts {
	recordedBy: string;
	recordedAt: number;
}

/** As shown: the facts with the lead that follows from them. */
export interface LeadAuthorityView extends LeadAuthorityFacts {
	lead: string;
	recordedByName: string | null;
	recordedAt: number;
}
