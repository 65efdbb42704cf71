import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { isOneOf } from '$lib/domain/one-of';

/**
 * The dated events a case records: the anchors and end points of its clocks (clock-preset.ts) and
 * the milestones its transitions record. Each is a plain calendar date in England.
 */
export const CASE_DATE_NAMES = [
	'receivedOn',
	'ofstedReportedOn',
	'siReportSentOn',
	'filesSecureRequestedOn',
	'residentialReferralOn',
	'chairBriefedOn',
	'meetingOn',
	'firstPanelMeetingOn',
	'recommendationSentOn',
	'chairDecidedOn',
	'deferredOn',
	'deferUntil',
	'rescindInstructionOn',
	'reviewWorkDueOn',
	'reviewWorkCompletedOn',
	'internalReviewDecidedOn',
	'internalReviewFindingsOn',
	'scrDecidedOn',
	'ofstedNotifiedOn',
	'lettersSentOn',
	'imrsRequestedOn',
	'reviewTimetableExtendedTo',
	'sentToOfstedOn',
	'evaluationLetterOn',
	'inadequateEvaluationOn',
	'newActionPlanSentOn',
	'closedOn',
	// Working Together 2023 (procedure-presets/wt2023-*.ts): only cases under that preset hold these.
	'becameAwareOn',
	'lacDeathKnownOn',
	'panelNotifiedOn',
	'partnersInformedOn',
	'lacDeathNotifiedOn',
	'notNotifiableOn',
	'rapidReviewSentOn',
	'panelAnswerOn',
	'lcsprCommissionedOn',
	'finalReportReceivedOn',
	'publicationDeferredOn',
	'publicationReviewOn',
	'prePublicationSentOn',
	'publishedOn'
] as const;
export type CaseDateName = (typeof CASE_DATE_NAMES)[number];
export type CaseDates = Partial<Record<CaseDateName, IsoDate>>;

export function isCaseDateName(value: unknown): value is CaseDateName {
	return isOneOf(CASE_DATE_NAMES, value);
}

/** How each date is named in sentences and error messages ("Enter the date ..."). */
export const CASE_DATE_PHRASES: Record<CaseDateName, string> = {
	receivedOn: 'the date the notification was received',
	ofstedReportedOn: 'the date the incident was reported to Ofsted',
	siReportSentOn: 'the date the report on the serious incident was sent to Ofsted',
	filesSecureRequestedOn: 'the date agencies were asked to secure their files',
	residentialReferralOn:
		'the date the incident was referred to the Manager for Residential Services',
	chairBriefedOn: 'the date the findings report went to the LSCB Chair',
	meetingOn: 'the date of the Sub Group meeting',
	firstPanelMeetingOn: 'the date of the first Sub Group meeting on the case',
	recommendationSentOn: 'the date the recommendation went to the LSCB Chair',
	chairDecidedOn: "the date of the Chair's decision",
	deferredOn: 'the date the decision was deferred',
	deferUntil: 'the date the case will be considered again',
	rescindInstructionOn: 'the date agencies were told they no longer need to secure their files',
	reviewWorkDueOn: 'the date the work is due',
	reviewWorkCompletedOn: 'the date the work was completed',
	internalReviewDecidedOn: 'the date the Chair decided on an internal review',
	internalReviewFindingsOn: 'the date the internal review findings went to the Sub Group',
	scrDecidedOn: 'the date the Chair decided to hold a Serious Case Review',
	ofstedNotifiedOn: 'the date Ofsted was notified of the Serious Case Review',
	lettersSentOn: 'the date letters went to chief executives and Executive members',
	imrsRequestedOn: 'the date individual management reviews were requested',
	reviewTimetableExtendedTo: 'the new date agreed for completing the review',
	sentToOfstedOn: 'the date the review was sent to Ofsted',
	evaluationLetterOn: "the date of Ofsted's evaluation letter",
	inadequateEvaluationOn: 'the date of the evaluation letter grading the review inadequate',
	newActionPlanSentOn: 'the date the new action plan was sent to Ofsted',
	closedOn: 'the date the case was closed',
	becameAwareOn: 'the date the local authority became aware of the incident',
	lacDeathKnownOn: "the date the local authority learned of the looked-after child's death",
	panelNotifiedOn: 'the date the incident was notified to the national Panel',
	partnersInformedOn: 'the date the safeguarding partners were told of the incident',
	lacDeathNotifiedOn:
		"the date the Secretary of State and Ofsted were told of the looked-after child's death",
	notNotifiableOn: 'the date the partners agreed the incident is not notifiable',
	rapidReviewSentOn: 'the date the rapid review was sent to the national Panel',
	panelAnswerOn: "the date of the national Panel's answer",
	lcsprCommissionedOn: 'the date the partners decided to commission the local review',
	finalReportReceivedOn: 'the date the partners accepted the final report',
	publicationDeferredOn: 'the date the partners deferred publication',
	publicationReviewOn: 'the date the deferral of publication will be reviewed',
	prePublicationSentOn: 'the date the report was sent to the Panel and the Secretary of State',
	publishedOn: 'the date the report was published'
};

/**
 * Dates no transition records: the Unit enters them on the case when the event happens, because
 * the case does not change state (a report or plan sent to Ofsted, §13.20 and §13.16; a review
 * timetable extended, §13.10). `receivedOn` is set once, from the server's receipt time (T0).
 */
export const SEPARATELY_RECORDED_DATES = [
	'ofstedNotifiedOn',
	'lettersSentOn',
	'imrsRequestedOn',
	'siReportSentOn',
	'newActionPlanSentOn',
	'reviewTimetableExtendedTo'
] as const satisfies readonly CaseDateName[];

/**
 * What must be done after a decision to hold an SCR before the review is scoped (§13.6): Ofsted
 * notified, the letters to chief executives sent, the IMRs asked for. Each is recorded on its own,
 * the day it happens, so each clock stops on its own day.
 */
export const SCR_NOTICE_DATES = [
	'ofstedNotifiedOn',
	'lettersSentOn',
	'imrsRequestedOn'
] as const satisfies readonly CaseDateName[];

/** Those of the SCR notices not yet recorded on a case with `dates`. */
export function missingScrNotices(dates: CaseDates): CaseDateName[] {
	return SCR_NOTICE_DATES.filter((name) => dates[name] === undefined);
}

/** Dates kept from their first occurrence: a later round must not rewrite when a clock was met. */
export const FIRST_OCCURRENCE_DATES = [
	'firstPanelMeetingOn'
] as const satisfies readonly CaseDateName[];

/** The case's dates after a change records `recorded`, keeping first-occurrence dates. */
export function mergeCaseDates(existing: CaseDates, recorded: CaseDates): CaseDates {
	const merged: CaseDates = { ...existing, ...recorded };
	for (const name of FIRST_OCCURRENCE_DATES) {
		const first = existing[name];
		if (first !== undefined) merged[name] = first;
	}
	return merged;
}
