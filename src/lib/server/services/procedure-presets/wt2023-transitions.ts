import { eq } from 'drizzle-orm';
import type { Tx } from '$lib/server/db/transaction';
import { notifications, type CaseRow } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import type { CaseChangeOutcome } from '$lib/server/services/cases/case-change';
import { refusalProblem } from '$lib/server/services/cases/move-refusal';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { mergeCaseDates } from '$lib/domain/case/case-dates';
import { linkedNotificationStatus } from '$lib/domain/case/case-access';
import { WT2023_STATE_LABELS } from '$lib/domain/procedure-presets/wt2023-states';
import { checkWt2023Move } from '$lib/domain/procedure-presets/wt2023-transitions';
import type { PartnerAgreement } from '$lib/domain/procedure-presets/wt2023-partners';
import { SAFEGUARDING_PARTNER_LABELS } from '$lib/domain/procedure-presets/wt2023-choices';
import { listInWords } from '$lib/domain/text';

// Moving a Working Together 2023 case (docs/procedure-wt2023.md): the pure checkWt2023Move
// decides; this stores the dates, and the partners' agreements and the rest of the payload on the
// case's timeline, where the seed's moves keep theirs.

/** "with the agreement of the local authority, the integrated care board and the police". */
function agreedBy(agreements: readonly PartnerAgreement[]): string {
	return `, with the agreement of ${listInWords(
		agreements.map((a) => SAFEGUARDING_PARTNER_LABELS[a.partner]),
		'and'
	)}`;
}

/**
 * The change a move makes to a Working Together 2023 case, or the refusal: run inside the seed's
 * changeCase, so version, scope, timeline and audit are the same for both presets.
 */
export async function wt2023Change(
	tx: Tx,
	user: SessionUser,
	row: CaseRow,
	input: { to: string; payload: unknown },
	today: IsoDate
): Promise<CaseChangeOutcome<object>> {
	const from = row.state;
	const check = checkWt2023Move({
		from,
		to: input.to,
		role: user.role,
		payload: input.payload,
		today,
		dates: row.dates
	});
	if (!check.ok) throw refusalProblem(check);
	const joint = 'agreements' in check.payload ? check.payload.agreements : null;
	await tx
		.update(notifications)
		.set({ status: linkedNotificationStatus(check.to) })
		.where(eq(notifications.caseId, row.id));
	return {
		set: { state: check.to, dates: mergeCaseDates(row.dates, check.recordedDates) },
		event: {
			kind: 'transition',
			summary: `moved this case to ${WT2023_STATE_LABELS[check.to]}${joint ? agreedBy(joint) : ''}`,
			fromState: from,
			toState: check.to,
			detail: {
				procedure: 'wt_2023',
				key: check.key,
				payload: check.payload,
				recordedDates: check.recordedDates
			}
		},
		audit: {
			action: 'case.transitioned',
			detail: {
				procedure: 'wt_2023',
				key: check.key,
				before: { state: from, version: row.version },
				after: { state: check.to },
				recordedDates: check.recordedDates
			}
		},
		extra: {}
	};
}
