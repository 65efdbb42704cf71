export const AGENCY_KINDS = [
	'police',
	'health',
	'education',
	'probation',
	'childrens_social_care',
	'other'
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
