import { eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db';
import { notifications } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { changeCase, type CaseTarget } from './case-change';
import {
	addShortReportRequests,
	instructKnownAgencies,
	instructRequestedAgencies,
	rescindFilesSecured
} from '$lib/server/services/agency/requests';
import { caseFacts } from './cases';
import { mergeCaseInto } from './case-merge';
import { refusalProblem } from './move-refusal';
import { wt2023Change } from '$lib/server/services/procedure-presets/wt2023-transitions';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { CASE_STATE_LABELS } from '$lib/domain/case/case-states';
import type { AnyCaseState } from '$lib/domain/procedure-presets/presets';
import { mergeCaseDates } from '$lib/domain/case/case-dates';
import { shortReportDueOn } from '$lib/domain/case/clocks';
import { filesHeldAfter, NOT_AN_SCR_DECISIONS } from '$lib/domain/case/files-hold';
import { isOneOf } from '$lib/domain/one-of';
import { checkTransition } from '$lib/domain/case/case-transitions';
import { linkedNotificationStatus } from '$lib/domain/case/case-access';

// Moving a case through the procedure (docs/procedure.md). The pure checkTransition decides;
// this file stores what the move records and does what it sets in motion.

export interface TransitionInput extends CaseTarget {
	to: AnyCaseState;
	payload: unknown;
}

/**
 * Moves the case to `input.to`, if the table allows it for this user's role with this payload.
 * Stores the merged dates and the files hold; entering `gathering` asks each chosen agency for a
 * short report and to secure its files, the route straight to the Chair only to secure them; a
 * decision not to hold an SCR records the rescind and lifts the hold unless the Chair keeps it;
 * closing lifts it. The notifications in the case take the status the practitioner should see.
 */
export async function transitionCase(
	db: Db,
	user: SessionUser,
	input: TransitionInput,
	now = new Date()
) {
	const today = todayIso(now);
	return changeCase(
		db,
		user,
		input,
		now,
		async (tx, row) => {
			// Each case follows the preset it was opened under (docs/decisions/033).
			if (row.procedure === 'wt_2023') return wt2023Change(tx, user, row, input, today);
			const from = row.state;
			const check = checkTransition({
				from,
				to: input.to,
				role: user.role,
				payload: input.payload,
				today,
				facts: await caseFacts(tx, row)
			});
			if (!check.ok) throw refusalProblem(check);

			if (check.key === 'triage->gathering' || check.key === 'si_ofsted->gathering') {
				await addShortReportRequests(tx, {
					caseId: row.id,
					agencyIds: check.payload.agencyIds,
					requestedOn: today,
					dueOn: shortReportDueOn(today),
					filesSecuredOn: check.payload.filesSecureRequestedOn,
					requestedBy: user.id,
					now
				});
			}
			if (check.key === 'triage->chair_decision') {
				await instructKnownAgencies(
					tx,
					row.id,
					check.payload.securingAgencyIds,
					check.payload.filesSecureRequestedOn,
					now,
					'securingAgencyIds'
				);
			}

			// Closing at triage is for a residential-unit incident, referred elsewhere, or for a
			// case opened twice, whose notifications join the other case (§13.20).
			// What the timeline says beyond "moved this case to …": how it closed, the files, §13.2.
			let summaryTail = '';
			if (check.key === 'triage->closed') {
				summaryTail =
					'mergedInto' in check.payload
						? ` as merged into ${await mergeCaseInto(tx, user, row, check.payload.mergedInto, now)}`
						: ' as out of scope, referred to the Manager for Residential Services';
			}

			// A decision not to hold an SCR tells every agency to stop securing its files, unless
			// the Chair keeps the hold (§13.5, §13.6); closing tells them on the day it closes.
			let keptByChair = false;
			if (isOneOf(NOT_AN_SCR_DECISIONS, check.to) && 'filesHold' in check.payload) {
				const { filesHold, rescindInstructionOn, keepFilesReason } = check.payload;
				keptByChair = filesHold === 'keep';
				if (rescindInstructionOn !== undefined) {
					await rescindFilesSecured(tx, row.id, rescindInstructionOn);
				}
				if (row.filesHeld) {
					summaryTail = keptByChair
						? `, keeping agencies' files secured: ${keepFilesReason ?? ''}`
						: ', telling agencies they no longer need to secure their files';
				}
			}
			if ('departureReason' in check.payload && check.payload.departureReason) {
				summaryTail += `, departing from §13.2's "should always": ${check.payload.departureReason}`;
			}
			const filesHeld = filesHeldAfter(check.to, row.filesHeld, keptByChair);
			if (row.filesHeld && !filesHeld && check.to === 'closed') {
				await rescindFilesSecured(tx, row.id, today);
				summaryTail += ', telling agencies they no longer need to secure their files';
			}
			if (filesHeld) {
				// Agencies asked for reports before the hold was placed are told now, on the date
				// the move records for securing files, or of the decision (an SCR decision, §13.6).
				const on =
					'filesSecureRequestedOn' in check.payload
						? check.payload.filesSecureRequestedOn
						: 'decidedOn' in check.payload
							? check.payload.decidedOn
							: today;
				await instructRequestedAgencies(tx, row.id, on, now);
			}
			const set = {
				state: check.to,
				dates: mergeCaseDates(row.dates, check.recordedDates),
				filesHeld,
				...('classification' in check.payload
					? { classification: check.payload.classification }
					: {}),
				...(check.key === 'sent_to_ofsted->evaluated'
					? { evaluationGrade: check.payload.evaluationGrade }
					: {})
			};
			await tx
				.update(notifications)
				.set({ status: linkedNotificationStatus(check.to) })
				.where(eq(notifications.caseId, row.id));
			return {
				set,
				event: {
					kind: 'transition',
					summary: `moved this case to ${CASE_STATE_LABELS[check.to]}${summaryTail}`,
					fromState: from,
					toState: check.to,
					detail: { key: check.key, payload: check.payload, recordedDates: check.recordedDates }
				},
				audit: {
					action: 'case.transitioned',
					detail: {
						key: check.key,
						before: { state: from, filesHeld: row.filesHeld, version: row.version },
						after: { state: check.to, filesHeld },
						recordedDates: check.recordedDates
					}
				},
				extra: {}
			};
		},
		{ closedToo: true }
	);
}
