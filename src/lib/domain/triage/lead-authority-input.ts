import { z } from 'zod';
import { textField } from '$lib/domain/case/payload-fields';
import {
	AREA_MAX_LENGTH,
	leadLscb,
	MAX_PARTNER_LSCBS,
	partnerLscbs,
	type LeadAuthorityFacts
} from './lead-authority';

// What the Unit enters for the lead authority (§13.3, §13.4), checked the same in the router and
// in tests. The rules it applies are lead-authority.ts.

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
