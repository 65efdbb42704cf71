import type { InstitutionalSetting } from '$lib/domain/notification/notification-options';

// §13.19 Reviewing Institutional Abuse: "There needs to be clarity over the interface of the
// different processes of investigation (including criminal investigations), case management,
// including help for the abuse children and immediate measures to ensure that other children are
// safe. An Initial Meeting has been called by the Chair of the LSCB to decide who has lead
// responsibility for each of the three strands."

/** The three strands, each needing a lead, in the procedure's words. */
export const THREE_STRANDS = {
	investigationLead: 'Investigation (including criminal investigations)',
	caseManagementLead: 'Case management, including help for the abused children',
	childrenSafeLead: 'Immediate measures to ensure that other children are safe'
} as const;
export type StrandLead = keyof typeof THREE_STRANDS;

/** Answers to "Was the child abused or neglected in an institutional setting?" naming none. */
const NO_SETTING_NAMED: readonly string[] = ['none', 'not_known', ''] satisfies (
	InstitutionalSetting | ''
)[];

/** Whether a notification named an institutional setting (§13.2's list), so §13.19 applies. */
export function namesInstitutionalSetting(setting: string | null | undefined): boolean {
	return !!setting && !NO_SETTING_NAMED.includes(setting);
}

export const THREE_STRAND_MISSING =
	'Institutional setting named: record the initial three-strand meeting (§13.19)';
