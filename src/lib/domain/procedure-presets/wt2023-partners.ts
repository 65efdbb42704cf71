import { z } from 'zod';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { choiceField, pastDateField, textField } from '$lib/domain/case/payload-fields';
import {
	PARTNER_CAPACITIES,
	SAFEGUARDING_PARTNER_LABELS,
	SAFEGUARDING_PARTNERS,
	type PartnerCapacity,
	type SafeguardingPartner
} from './wt2023-choices';

export interface PartnerAgreement {
	partner: SafeguardingPartner;
	agreedBy: string;
	capacity: PartnerCapacity;
	agreedOn: IsoDate;
}

/** The payload field names of the agreements, three per partner, in form order. */
export const PARTNER_AGREEMENT_FIELDS = SAFEGUARDING_PARTNERS.flatMap((partner) => [
	`${partner}AgreedBy`,
	`${partner}Capacity`,
	`${partner}AgreedOn`
]);

/** A name is a name: long enough for anyone's, short enough not to hold a report. */
export const MAX_AGREED_BY_LENGTH = 120;

function agreedByField(partner: SafeguardingPartner) {
	return textField(
		`the name of who agreed for ${SAFEGUARDING_PARTNER_LABELS[partner]}`,
		MAX_AGREED_BY_LENGTH
	);
}

function capacityField(partner: SafeguardingPartner) {
	return choiceField(
		PARTNER_CAPACITIES,
		`Select whether the person who agreed for ${SAFEGUARDING_PARTNER_LABELS[partner]} is its lead or delegated safeguarding partner`
	);
}

function agreedOnField(partner: SafeguardingPartner, today: IsoDate) {
	return pastDateField(`the date ${SAFEGUARDING_PARTNER_LABELS[partner]} agreed`, today);
}

/**
 * The flat fields one joint decision asks for: for each partner, who agreed, in which capacity
 * and when. Flat, so each is a field of the form with its own error (GOV.UK error summary).
 */
export function partnerAgreementShape(today: IsoDate) {
	return {
		laAgreedBy: agreedByField('la'),
		laCapacity: capacityField('la'),
		laAgreedOn: agreedOnField('la', today),
		icbAgreedBy: agreedByField('icb'),
		icbCapacity: capacityField('icb'),
		icbAgreedOn: agreedOnField('icb', today),
		policeAgreedBy: agreedByField('police'),
		policeCapacity: capacityField('police'),
		policeAgreedOn: agreedOnField('police', today)
	};
}

export type AgreementPayload = z.output<z.ZodObject<ReturnType<typeof partnerAgreementShape>>>;

/** The three agreements as one list, the shape the case's timeline keeps. */
export function agreementsFrom(payload: AgreementPayload): PartnerAgreement[] {
	return SAFEGUARDING_PARTNERS.map((partner) => ({
		partner,
		agreedBy: payload[`${partner}AgreedBy`],
		capacity: payload[`${partner}Capacity`],
		agreedOn: payload[`${partner}AgreedOn`]
	}));
}

/** The day the last partner agreed: the day the joint decision was made. */
export function jointDecisionOn(agreements: readonly PartnerAgreement[]): IsoDate {
	return agreements
		.map((a) => a.agreedOn)
		.sort()
		.reduce((last, date) => (date > last ? date : last), '');
}
