import { z } from 'zod';
import { textField } from '$lib/domain/case/payload-fields';

// Which LSCB leads (§13.3, §13.4): "the LSCB for the area in which the child is or was normally
// resident should take lead responsibility"; "In the case of looked after children, the local
// authority which has responsibility for the child should exercise lead responsibility". Any
// other LSCB with an interest or involvement cooperates as a partner. The Unit records the facts
// at triage; the lead follows from them and is never typed.

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

/** What the Unit enters, field by field; the router adds the notification's id. */
export const leadAuthorityFields = {
	childLivesIn: textField('the area where the child normally lives', AREA_MAX_LENGTH),
	lookedAfter: z.enum(['yes', 'no'], {
		error: 'Select yes if the child is looked after by a local authority'
	}),
	responsibleAuthority: z
		.string()
		.trim()
		.max(AREA_MAX_LENGTH, {
			error: `The responsible local authority must be ${AREA_MAX_LENGTH} characters or fewer`
		})
		.optional(),
	partnerLscbs: z
		.array(
			z
				.string()
				.trim()
				.max(AREA_MAX_LENGTH, {
					error: `Each partner LSCB must be ${AREA_MAX_LENGTH} characters or fewer`
				})
		)
		.max(MAX_PARTNER_LSCBS, { error: `List at most ${MAX_PARTNER_LSCBS} partner LSCBs` })
		.default([])
};
type EnteredLeadAuthority = z.output<z.ZodObject<typeof leadAuthorityFields>>;

/** §13.4: a looked-after child's responsible authority must be named, since it leads. */
export function checkLeadAuthority(
	input: Pick<EnteredLeadAuthority, 'lookedAfter' | 'responsibleAuthority'>,
	ctx: z.core.$RefinementCtx
): void {
	if (input.lookedAfter === 'yes' && !input.responsibleAuthority) {
		ctx.addIssue({
			code: 'custom',
			path: ['responsibleAuthority'],
			message:
				'Enter the local authority responsible for the looked-after child: it leads the review (§13.4)'
		});
	}
}

/** The facts to store: a responsible authority only for a looked-after child, partners tidied. */
export function leadAuthorityFacts(input: EnteredLeadAuthority): LeadAuthorityFacts {
	const lookedAfter = input.lookedAfter === 'yes';
	const facts = {
		childLivesIn: input.childLivesIn,
		lookedAfter,
		responsibleAuthority: lookedAfter ? (input.responsibleAuthority ?? null) : null
	};
	return { ...facts, partnerLscbs: partnerLscbs(leadLscb(facts), input.partnerLscbs) };
}

export const leadAuthorityInput = z
	.object(leadAuthorityFields)
	.superRefine(checkLeadAuthority)
	.transform(leadAuthorityFacts);
export type LeadAuthorityInput = z.input<typeof leadAuthorityInput>;

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
