import { isIsoDate, type IsoDate } from '$lib/domain/calendar/iso-date';

/**
 * Potential duplicates at triage, so that they are linked, not doubled: another notification or
 * case about the same child (the same name and date of birth) or the same incident (the same
 * incident date).
 */
export const DUPLICATE_REASONS = ['name_dob', 'incident_date'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Names that say nothing about who the child is, so never make a match. */
const PLACEHOLDER_NAMES = new Set(['not known', 'unknown', 'n/k', 'nk', 'unborn', 'baby']);

/**
 * A child's name as compared: trimmed, inner spaces collapsed, case folded. Null when the name
 * is a placeholder such as "Not known".
 */
export function childNameKey(name: string): string | null {
	const key = name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
	return key === '' || PLACEHOLDER_NAMES.has(key) ? null : key;
}

export interface ChildIdentity {
	nameKey: string | null;
	dateOfBirth: IsoDate | null;
}

/** The identities a child gives for matching; both parts are needed to match on them. */
export function childIdentity(child: { name: string; dateOfBirth?: string }): ChildIdentity {
	const dateOfBirth = child.dateOfBirth && isIsoDate(child.dateOfBirth) ? child.dateOfBirth : null;
	return { nameKey: childNameKey(child.name), dateOfBirth };
}

export interface MatchFacts {
	children: readonly ChildIdentity[];
	incidentDate: IsoDate | null;
}

function sameChild(a: ChildIdentity, b: ChildIdentity): boolean {
	return (
		a.nameKey !== null &&
		a.dateOfBirth !== null &&
		a.nameKey === b.nameKey &&
		a.dateOfBirth === b.dateOfBirth
	);
}

/** Why `candidate` looks like the same child or incident as `target`, in a fixed order. */
export function duplicateReasons(target: MatchFacts, candidate: MatchFacts): DuplicateReason[] {
	const reasons: DuplicateReason[] = [];
	if (target.children.some((t) => candidate.children.some((c) => sameChild(t, c)))) {
		reasons.push('name_dob');
	}
	if (target.incidentDate !== null && target.incidentDate === candidate.incidentDate) {
		reasons.push('incident_date');
	}
	return reasons;
}

/** The union of reasons, in the fixed order. */
export function mergeReasons(...lists: readonly DuplicateReason[][]): DuplicateReason[] {
	const all = new Set(lists.flat());
	return DUPLICATE_REASONS.filter((reason) => all.has(reason));
}
