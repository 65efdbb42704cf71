import { notificationReceivedAt } from './triage';
import type { ProcedureWorld } from './procedure';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseClassification } from '$lib/domain/case/case-choices';
import type { ProcedurePresetId } from '$lib/domain/procedure-presets/presets';

// Helpers for tests of the Working Together 2023 preset (docs/procedure-wt2023.md).

/** Runs `open` with SAFEGUARD_PROCEDURE set as a deployment would, then puts it back. */
export async function underSetting<T>(
	preset: ProcedurePresetId | undefined,
	open: () => Promise<T>
): Promise<T> {
	const before = process.env.SAFEGUARD_PROCEDURE;
	if (preset === undefined) delete process.env.SAFEGUARD_PROCEDURE;
	else process.env.SAFEGUARD_PROCEDURE = preset;
	try {
		return await open();
	} finally {
		if (before === undefined) delete process.env.SAFEGUARD_PROCEDURE;
		else process.env.SAFEGUARD_PROCEDURE = before;
	}
}

/** A notification received now, opened by Uma as a case on a Working Together 2023 deployment. */
export async function wt2023Case(
	world: ProcedureWorld,
	classification: CaseClassification = 'serious_harm'
) {
	const notificationId = await notificationReceivedAt(world.database.db, world.priya, new Date());
	const opened = await underSetting('wt_2023', () =>
		world.as.uma.triage.openCase({ notificationId, classification })
	);
	return { ...opened, notificationId, version: 1 };
}

/** The three partners' agreements, each by a named lead or delegate, on `on`. */
export function agreements(on: IsoDate = todayIso()) {
	return {
		laAgreedBy: 'Director of Children’s Services',
		laCapacity: 'delegated',
		laAgreedOn: on,
		icbAgreedBy: 'ICB Chief Executive',
		icbCapacity: 'lead',
		icbAgreedOn: on,
		policeAgreedBy: 'Detective Superintendent, Public Protection',
		policeCapacity: 'delegated',
		policeAgreedOn: on
	};
}

/** Valid payloads for each move, as of `today`, on a case whose dates are all `today`. */
export function wt2023Payload(key: string, today: IsoDate = todayIso()): Record<string, unknown> {
	switch (key) {
		case 'incident_recorded->notification_decision':
			return { becameAwareOn: today, childDied: 'no', lookedAfter: 'no' };
		case 'notification_decision->panel_notified':
			return { panelNotifiedOn: today, partnersInformedOn: today };
		case 'notification_decision->not_notifiable':
		case 'panel_notified->not_notifiable':
			return {
				partnersReasons: 'Neither abuse nor neglect is known or suspected',
				...agreements(today)
			};
		case 'panel_notified->rapid_review_sent':
			return {
				rapidReviewHeldOn: today,
				attendees: 'Children’s social care, head of service\nPolice, DI\nICB, designated nurse',
				findings: 'Facts gathered; immediate safety actions taken',
				partnersRecommendation: 'lcspr',
				rapidReviewSentOn: today,
				...agreements(today)
			};
		case 'rapid_review_sent->national_review':
		case 'rapid_review_sent->lcspr_decision':
			return { panelAnswerOn: today };
		case 'lcspr_decision->lcspr_commissioned':
			return {
				reviewer: 'An independent reviewer',
				partnersReasons: 'Two agencies did not work together',
				...agreements(today)
			};
		case 'lcspr_decision->no_lcspr':
			return {
				partnersReasons: 'The rapid review found the learning',
				reasonsSentToPanelOn: today,
				...agreements(today)
			};
		case 'lcspr_commissioned->final_report_received':
			return { finalReportReceivedOn: today, ...agreements(today) };
		case 'final_report_received->published':
		case 'publication_deferred->published':
			return { prePublicationSentOn: today, publishedOn: today };
		case 'final_report_received->publication_deferred':
			return {
				partnersReasons: 'Criminal proceedings are under way',
				publicationReviewOn: today,
				...agreements(today)
			};
		case 'national_review->closed':
			return { nationalReviewOutcome: 'The Panel published its national review' };
		default:
			return {};
	}
}
