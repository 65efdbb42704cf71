import type { CaseClassification } from '$lib/domain/case/case-choices';
import type {
	IncidentType,
	SeriousIncidentCategory
} from '$lib/domain/notification/notification-options';

// §13.5: "All child deaths should be reported to the CDOP" (the Child Death Overview Panel's
// Business Support Manager). Every notification of a death, and every notification in a case
// triage classed as a child's death, carries "CDOP informed": the date and by whom. Until it is
// recorded the queue and the case flag it.

/** What the form says happened: a death, by its type or its §13.20 category. */
export interface DeathFacts {
	incidentType: IncidentType;
	seriousIncidentCategory?: SeriousIncidentCategory | '' | null;
}

/**
 * Whether the notification reports a child's death. "Death or serious harm of a looked-after
 * child" does not say which, so it counts only once triage classes its case as a death.
 */
export function reportsChildDeath(facts: DeathFacts): boolean {
	return facts.incidentType === 'death' || facts.seriousIncidentCategory === 'accommodated_death';
}

/** Whether CDOP must be told: the form reports a death, or its case is a child's death. */
export function cdopNeeded(facts: DeathFacts, classification?: CaseClassification | null): boolean {
	return reportsChildDeath(facts) || classification === 'child_death';
}

export const CDOP_NAME_MAX_LENGTH = 200;

/** What the Unit records: the day CDOP was told and who told them (cdop-input.ts checks it). */
export interface CdopInformed {
	informedOn: string;
	informedBy: string;
}

/** As stored on the notification: the facts, who recorded them and when. */
export interface RecordedCdopInformed extends CdopInformed {
	recordedBy: string;
	recordedAt: number;
}

export const CDOP_NOT_INFORMED = 'CDOP not yet informed (§13.5)';
