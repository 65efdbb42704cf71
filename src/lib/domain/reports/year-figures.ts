import { addCalendarMonths, type IsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseDates } from '$lib/domain/case/case-dates';
import type { EvaluationGrade } from '$lib/domain/case/case-choices';
import type { NotificationCount } from './dashboard';
import { percent } from './figures';

/*
 * The year's figures the Executive reports (§13.13, §13.20): what came in, what the LSCB decided
 * and sent to Ofsted, and whether the agencies and the action plans kept their dates. Each line
 * says what it counts, so the page reads as the report itself.
 */

export interface YearLine {
	label: string;
	value: number;
	/** "7 of 9 (78%)" when the line is a share of another; else the value alone. */
	detail?: string;
	section: string;
}

export interface YearSection {
	title: string;
	lines: YearLine[];
}

export interface YearInput {
	year: number;
	today: IsoDate;
	notifications: readonly NotificationCount[];
	cases: readonly { dates: CaseDates; evaluationGrade: EvaluationGrade | null }[];
	/** Cases the Executive Group passed on to Ofsted in the year (§13.13). */
	executiveAgreed: number;
	requests: readonly {
		requestedOn: IsoDate;
		dueOn: IsoDate;
		status: 'requested' | 'received' | 'nil_return' | 'withdrawn';
		submittedOn: IsoDate | null;
	}[];
	actionItems: readonly {
		addedOn: IsoDate;
		dueOn: IsoDate;
		done: boolean;
		doneOn: IsoDate | null;
	}[];
}

const inYear = (year: number, date: IsoDate | undefined | null): date is IsoDate =>
	date !== undefined && date !== null && date.startsWith(`${year}-`);

function share(part: number, whole: number): string {
	const p = percent(part, whole);
	return p === null ? 'none to count' : `${part} of ${whole} (${p}%)`;
}

export function yearFigures(input: YearInput): YearSection[] {
	const { year } = input;
	const total = input.notifications.reduce((sum, row) => sum + row.count, 0);
	const ofType = (type: string) =>
		input.notifications.filter((row) => row.incidentType === type).reduce((s, r) => s + r.count, 0);
	const dated = (name: keyof CaseDates) => input.cases.filter((c) => inYear(year, c.dates[name]));

	// §13.20: the report for Ofsted within one month of reporting the incident.
	const siReports = dated('siReportSentOn');
	const siOnTime = siReports.filter(
		(c) =>
			c.dates.ofstedReportedOn !== undefined &&
			(c.dates.siReportSentOn as IsoDate) <= addCalendarMonths(c.dates.ofstedReportedOn, 1)
	).length;
	// §13.10: an SCR completed within six months of notifying Ofsted, or by its agreed new date.
	const sent = dated('sentToOfstedOn');
	const sentOnTime = sent.filter((c) => {
		if (c.dates.ofstedNotifiedOn === undefined) return false;
		const counted = addCalendarMonths(c.dates.ofstedNotifiedOn, 6);
		const due =
			c.dates.reviewTimetableExtendedTo && c.dates.reviewTimetableExtendedTo > counted
				? c.dates.reviewTimetableExtendedTo
				: counted;
		return (c.dates.sentToOfstedOn as IsoDate) <= due;
	}).length;
	const evaluated = dated('evaluationLetterOn');
	const inadequate = evaluated.filter((c) => c.evaluationGrade === 'inadequate').length;

	const requested = input.requests.filter(
		(r) => inYear(year, r.requestedOn) && r.status !== 'withdrawn'
	);
	const answered = requested.filter((r) => r.status === 'received' || r.status === 'nil_return');
	const answeredOnTime = answered.filter((r) => r.submittedOn !== null && r.submittedOn <= r.dueOn);
	const nil = requested.filter((r) => r.status === 'nil_return').length;
	const stillOverdue = requested.filter((r) => r.status === 'requested' && input.today > r.dueOn);

	const added = input.actionItems.filter((i) => inYear(year, i.addedOn));
	const dueInYear = input.actionItems.filter((i) => inYear(year, i.dueOn));
	const doneByDue = dueInYear.filter((i) => i.done && i.doneOn !== null && i.doneOn <= i.dueOn);
	const overdueNow = input.actionItems.filter((i) => !i.done && input.today > i.dueOn).length;

	return [
		{
			title: 'Notifications received',
			lines: [
				{ label: 'Serious Incident Notification Forms received', value: total, section: '13.5' },
				{ label: 'Deaths of a child', value: ofType('death'), section: '13.2' },
				{
					label: 'Serious harm',
					value: ofType('serious_harm') + ofType('sexual_abuse'),
					section: '13.2'
				},
				{ label: 'Looked-after children', value: ofType('looked_after'), section: '13.4' },
				{
					label: 'Serious child care incidents',
					value: ofType('serious_incident'),
					section: '13.20'
				}
			]
		},
		{
			title: 'Serious incidents and Ofsted (§13.20)',
			lines: [
				{
					label: 'Incidents reported to Ofsted',
					value: dated('ofstedReportedOn').length,
					section: '13.20'
				},
				{
					label: 'Reports on the incident sent to Ofsted',
					value: siReports.length,
					detail: `${share(siOnTime, siReports.length)} within one month of reporting`,
					section: '13.20'
				}
			]
		},
		{
			title: "The Chair's decisions",
			lines: [
				{
					label: 'Decisions made by the LSCB Chair',
					value: dated('chairDecidedOn').length,
					section: '13.6'
				},
				{
					label: 'Serious Case Reviews begun',
					value: dated('scrDecidedOn').length,
					section: '13.6'
				},
				{
					label: 'Internal reviews begun',
					value: dated('internalReviewDecidedOn').length,
					section: '13.20'
				}
			]
		},
		{
			title: 'Reviews completed (§13.10–§13.16)',
			lines: [
				{
					label: 'Passed by the Executive Group to Ofsted',
					value: input.executiveAgreed,
					section: '13.13'
				},
				{
					label: 'Reviews sent to Ofsted',
					value: sent.length,
					detail: `${share(sentOnTime, sent.length)} within six months or the agreed new date`,
					section: '13.10'
				},
				{
					label: "Ofsted's evaluations received",
					value: evaluated.length,
					detail: `${inadequate} graded inadequate`,
					section: '13.16'
				},
				{ label: 'Cases closed', value: dated('closedOn').length, section: '13.16' }
			]
		},
		{
			title: 'Short reports from agencies (§13.5)',
			lines: [
				{ label: 'Short reports requested', value: requested.length, section: '13.5' },
				{
					label: 'Answered',
					value: answered.length,
					detail: `${share(answeredOnTime.length, answered.length)} by the date asked`,
					section: '13.5'
				},
				{ label: 'Nil returns (no involvement)', value: nil, section: '13.5' },
				{ label: 'Still awaited past their date', value: stillOverdue.length, section: '13.5' }
			]
		},
		{
			title: 'Action plans (§13.12–§13.16)',
			lines: [
				{ label: 'Action plan items added', value: added.length, section: '13.12' },
				{
					label: 'Items due in the year',
					value: dueInYear.length,
					detail: `${share(doneByDue.length, dueInYear.length)} done by their date`,
					section: '13.16'
				},
				{ label: 'Items overdue today', value: overdueNow, section: '13.16' }
			]
		}
	];
}
