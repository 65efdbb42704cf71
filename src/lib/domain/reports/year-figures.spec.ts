import { describe, expect, it } from 'vitest';
import { yearFigures, type YearInput } from './year-figures';

// A small year worked by hand (2026, today 2 February 2027).
const input: YearInput = {
	year: 2026,
	today: '2027-02-02',
	notifications: [
		{
			incidentType: 'death',
			category: null,
			month: '2026-01',
			agencyId: null,
			lead: null,
			count: 2
		},
		{
			incidentType: 'serious_harm',
			category: null,
			month: '2026-02',
			agencyId: null,
			lead: null,
			count: 3
		},
		{
			incidentType: 'sexual_abuse',
			category: null,
			month: '2026-02',
			agencyId: null,
			lead: null,
			count: 1
		},
		{
			incidentType: 'serious_incident',
			category: 'police_called',
			month: '2026-03',
			agencyId: null,
			lead: null,
			count: 4
		}
	],
	cases: [
		// Reported 10 Mar, report sent 9 Apr: within a month. SCR decided, Ofsted told 1 Apr,
		// sent 1 Oct: within six months. Evaluated inadequate. Closed.
		{
			dates: {
				ofstedReportedOn: '2026-03-10',
				siReportSentOn: '2026-04-09',
				chairDecidedOn: '2026-03-30',
				scrDecidedOn: '2026-03-30',
				ofstedNotifiedOn: '2026-04-01',
				sentToOfstedOn: '2026-10-01',
				evaluationLetterOn: '2026-11-20',
				closedOn: '2026-12-20'
			},
			evaluationGrade: 'inadequate'
		},
		// Reported 1 May, report sent 2 Jun: a day late. Internal review. Sent to Ofsted after the
		// six months but by an agreed new date.
		{
			dates: {
				ofstedReportedOn: '2026-05-01',
				siReportSentOn: '2026-06-02',
				chairDecidedOn: '2026-05-20',
				internalReviewDecidedOn: '2026-05-20',
				ofstedNotifiedOn: '2025-12-01',
				reviewTimetableExtendedTo: '2026-07-31',
				sentToOfstedOn: '2026-07-15'
			},
			evaluationGrade: null
		},
		// Everything in 2025: counts nothing.
		{ dates: { chairDecidedOn: '2025-12-31', closedOn: '2025-12-31' }, evaluationGrade: null }
	],
	executiveAgreed: 2,
	requests: [
		{
			requestedOn: '2026-01-05',
			dueOn: '2026-01-12',
			status: 'received',
			submittedOn: '2026-01-12'
		},
		{
			requestedOn: '2026-01-05',
			dueOn: '2026-01-12',
			status: 'nil_return',
			submittedOn: '2026-01-14'
		},
		{ requestedOn: '2026-12-20', dueOn: '2027-01-05', status: 'requested', submittedOn: null },
		{ requestedOn: '2026-06-01', dueOn: '2026-06-08', status: 'withdrawn', submittedOn: null },
		{
			requestedOn: '2025-06-01',
			dueOn: '2025-06-08',
			status: 'received',
			submittedOn: '2025-06-02'
		}
	],
	actionItems: [
		{ addedOn: '2026-02-01', dueOn: '2026-06-30', done: true, doneOn: '2026-06-01' },
		{ addedOn: '2026-02-01', dueOn: '2026-09-30', done: true, doneOn: '2026-10-05' },
		{ addedOn: '2025-11-01', dueOn: '2026-12-31', done: false, doneOn: null },
		{ addedOn: '2026-12-01', dueOn: '2027-03-31', done: false, doneOn: null }
	]
};

const line = (label: string) => {
	for (const section of yearFigures(input)) {
		const found = section.lines.find((l) => l.label === label);
		if (found) return found;
	}
	throw new Error(`no line ${label}`);
};

describe("the year's figures (§13.13, §13.20)", () => {
	it('counts the notifications received, by kind', () => {
		expect(line('Serious Incident Notification Forms received').value).toBe(10);
		expect(line('Deaths of a child').value).toBe(2);
		expect(line('Serious harm').value).toBe(4);
		expect(line('Serious child care incidents').value).toBe(4);
	});

	it('§13.20 "Within one month of reporting the incident ... a report for Ofsted": 1 of 2 on time', () => {
		expect(line('Incidents reported to Ofsted').value).toBe(2);
		expect(line('Reports on the incident sent to Ofsted')).toMatchObject({
			value: 2,
			detail: '1 of 2 (50%) within one month of reporting'
		});
	});

	it("counts the Chair's decisions, reviews sent on time (an agreed new date counts) and evaluations", () => {
		expect(line('Decisions made by the LSCB Chair').value).toBe(2);
		expect(line('Serious Case Reviews begun').value).toBe(1);
		expect(line('Internal reviews begun').value).toBe(1);
		expect(line('Passed by the Executive Group to Ofsted').value).toBe(2);
		expect(line('Reviews sent to Ofsted').detail).toBe(
			'2 of 2 (100%) within six months or the agreed new date'
		);
		expect(line("Ofsted's evaluations received").detail).toBe('1 graded inadequate');
		expect(line('Cases closed').value).toBe(1);
	});

	it('counts short reports answered by their date, nil returns and those still awaited', () => {
		expect(line('Short reports requested').value).toBe(3);
		expect(line('Answered').detail).toBe('1 of 2 (50%) by the date asked');
		expect(line('Nil returns (no involvement)').value).toBe(1);
		expect(line('Still awaited past their date').value).toBe(1);
	});

	it('counts action plan items added, done by their date and overdue today', () => {
		expect(line('Action plan items added').value).toBe(3);
		expect(line('Items due in the year').detail).toBe('1 of 3 (33%) done by their date');
		expect(line('Items overdue today').value).toBe(1);
	});
});
