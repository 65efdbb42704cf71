import { describe, expect, it } from 'vitest';
import type { CaseDates } from './case-dates';
import { clockName, procedureClockName, SCR_PROCEDURE_CLOCKS, type ClockId } from './clock-preset';
import {
	computeClocks,
	deadlineStatus,
	nextDueClock,
	shortReportClock,
	shortReportDueOn,
	type ComputedClock
} from './clocks';

function clock(clocks: ComputedClock[], id: ClockId): ComputedClock {
	const found = clocks.find((candidate) => candidate.id === id);
	if (!found) throw new Error(`No clock ${id} among ${clocks.map((c) => c.id).join(', ')}`);
	return found;
}

function clockOn(dates: CaseDates, today: string, id: ClockId): ComputedClock {
	return clock(computeClocks(dates, today), id);
}

describe('the procedure preset', () => {
	it('holds the clocks of docs/procedure.md', () => {
		expect(SCR_PROCEDURE_CLOCKS.map((definition) => definition.id)).toEqual([
			'T1',
			'T2',
			'T4',
			'T7',
			'T8',
			'T9',
			'T13',
			'T15',
			'T16',
			'deferral',
			'review_work'
		]);
		expect(SCR_PROCEDURE_CLOCKS.find((definition) => definition.id === 'T1')).toMatchObject({
			kind: 'working_days',
			amount: 10,
			startsAt: 'receivedOn',
			section: '13.5'
		});
	});
});

describe('T1 and T2 from a notification received on Friday 18 December 2026', () => {
	const received: CaseDates = { receivedOn: '2026-12-18' };

	it('counts 10 working days past Christmas, the Boxing Day substitute and New Year', () => {
		// 21, 22, 23, 24, 29, 30, 31 Dec, 4, 5, 6 Jan: 25 and 28 Dec and 1 Jan are bank holidays.
		expect(clockOn(received, '2026-12-18', 'T1')).toEqual({
			id: 'T1',
			label: 'Findings report to the LSCB Chair',
			section: '13.5',
			kind: 'working_days',
			startedOn: '2026-12-18',
			dueOn: '2027-01-06',
			extended: false,
			daysLeft: 10,
			daysUnit: 'working',
			status: 'on_track'
		});
	});

	it('gives one calendar month for the panel to meet', () => {
		expect(clockOn(received, '2026-12-18', 'T2')).toMatchObject({
			dueOn: '2027-01-18',
			daysLeft: 31,
			daysUnit: 'calendar',
			status: 'on_track'
		});
	});

	it('turns due soon within 2 working days, and overdue the day after', () => {
		expect(clockOn(received, '2027-01-01', 'T1')).toMatchObject({
			daysLeft: 3,
			status: 'on_track'
		});
		expect(clockOn(received, '2027-01-04', 'T1')).toMatchObject({
			daysLeft: 2,
			status: 'due_soon'
		});
		expect(clockOn(received, '2027-01-06', 'T1')).toMatchObject({
			daysLeft: 0,
			status: 'due_soon'
		});
		expect(clockOn(received, '2027-01-07', 'T1')).toMatchObject({
			daysLeft: -1,
			status: 'overdue'
		});
		expect(clockOn(received, '2027-01-11', 'T1')).toMatchObject({
			daysLeft: -3,
			status: 'overdue'
		});
	});

	it('turns month clocks due soon within 7 calendar days', () => {
		expect(clockOn(received, '2027-01-10', 'T2')).toMatchObject({
			daysLeft: 8,
			status: 'on_track'
		});
		expect(clockOn(received, '2027-01-11', 'T2')).toMatchObject({
			daysLeft: 7,
			status: 'due_soon'
		});
		expect(clockOn(received, '2027-01-19', 'T2')).toMatchObject({
			daysLeft: -1,
			status: 'overdue'
		});
	});

	it('is met on time, or late, by the findings report to the Chair', () => {
		expect(
			clockOn({ ...received, chairBriefedOn: '2027-01-06' }, '2027-01-20', 'T1')
		).toMatchObject({ status: 'met', metOn: '2027-01-06', metLate: false, daysLeft: null });
		expect(
			clockOn({ ...received, chairBriefedOn: '2027-01-07' }, '2027-01-20', 'T1')
		).toMatchObject({ status: 'met', metOn: '2027-01-07', metLate: true });
	});

	it('is met by an immediate decision of the Chair', () => {
		const clocks = computeClocks({ ...received, chairDecidedOn: '2026-12-21' }, '2027-02-01');
		expect(clock(clocks, 'T1')).toMatchObject({ status: 'met', metOn: '2026-12-21' });
		expect(clock(clocks, 'T2')).toMatchObject({ status: 'met', metOn: '2026-12-21' });
	});
});

describe('overdue over a weekend', () => {
	it('counts a Friday deadline as 1 working day overdue on the Saturday', () => {
		// Received Friday 27 Feb 2026: T1 due Friday 13 March.
		expect(clockOn({ receivedOn: '2026-02-27' }, '2026-03-14', 'T1')).toMatchObject({
			dueOn: '2026-03-13',
			daysLeft: -1,
			status: 'overdue'
		});
	});
});

describe('clocks that have not started', () => {
	it('are left out while their anchor date is missing', () => {
		expect(computeClocks({}, '2026-06-15')).toEqual([]);
		expect(computeClocks({ receivedOn: '2026-06-01' }, '2026-06-15').map((c) => c.id)).toEqual([
			'T1',
			'T2'
		]);
	});

	it('are left out while their anchor date is still to come', () => {
		const clocks = computeClocks(
			{ receivedOn: '2026-06-01', meetingOn: '2026-06-20' },
			'2026-06-15'
		);
		expect(clocks.map((c) => c.id)).toEqual(['T1', 'T2']);
	});

	it('are not met by a date still to come', () => {
		expect(
			clockOn({ receivedOn: '2026-06-01', chairBriefedOn: '2026-06-16' }, '2026-06-15', 'T1').status
		).toBe('due_soon');
	});
});

describe('T4, the recommendation to the Chair', () => {
	it('runs 5 working days from the Sub Group meeting, past Easter 2026', () => {
		// 7, 8, 9, 10, 13 April: Good Friday 3 April and Easter Monday 6 April are bank holidays.
		expect(clockOn({ meetingOn: '2026-04-02' }, '2026-04-02', 'T4')).toMatchObject({
			dueOn: '2026-04-13',
			daysLeft: 5,
			status: 'on_track'
		});
	});

	it('is not met by a recommendation sent after an earlier meeting', () => {
		// First meeting 2 Apr, recommendation 7 Apr, deferral, second meeting 1 Jul.
		const dates: CaseDates = {
			meetingOn: '2026-07-01',
			firstPanelMeetingOn: '2026-04-02',
			recommendationSentOn: '2026-04-07'
		};
		expect(clockOn(dates, '2026-07-02', 'T4')).toMatchObject({
			dueOn: '2026-07-08',
			status: 'on_track'
		});
	});
});

describe('T2 after a deferral', () => {
	it('stays met by the first Sub Group meeting', () => {
		const dates: CaseDates = {
			receivedOn: '2026-03-02',
			firstPanelMeetingOn: '2026-03-30',
			meetingOn: '2026-07-01'
		};
		expect(clockOn(dates, '2026-07-02', 'T2')).toMatchObject({
			dueOn: '2026-04-02',
			status: 'met',
			metOn: '2026-03-30',
			metLate: false
		});
	});
});

describe('T7 and T8, after the decision to hold an SCR', () => {
	it('gives the same working day to notify Ofsted', () => {
		expect(clockOn({ scrDecidedOn: '2026-03-06' }, '2026-03-06', 'T7')).toMatchObject({
			dueOn: '2026-03-06',
			daysLeft: 0,
			status: 'due_soon'
		});
		expect(
			clockOn({ scrDecidedOn: '2026-03-06', ofstedNotifiedOn: '2026-03-06' }, '2026-03-09', 'T7')
		).toMatchObject({ status: 'met', metLate: false });
		expect(
			clockOn({ scrDecidedOn: '2026-03-06', ofstedNotifiedOn: '2026-03-09' }, '2026-03-09', 'T7')
		).toMatchObject({ status: 'met', metLate: true });
	});

	it('moves a weekend or bank holiday decision to the next working day', () => {
		expect(clockOn({ scrDecidedOn: '2026-03-07' }, '2026-03-07', 'T7').dueOn).toBe('2026-03-09');
		expect(clockOn({ scrDecidedOn: '2026-12-25' }, '2026-12-25', 'T7').dueOn).toBe('2026-12-29');
	});

	it('gives 5 working days for the letters, past Christmas', () => {
		expect(clockOn({ scrDecidedOn: '2026-12-22' }, '2026-12-22', 'T8')).toMatchObject({
			dueOn: '2026-12-31',
			daysLeft: 5,
			status: 'on_track'
		});
	});
});

describe('T9, the six months to complete the SCR (§13.10)', () => {
	it('clamps to the end of February', () => {
		expect(clockOn({ ofstedNotifiedOn: '2026-08-31' }, '2026-09-01', 'T9')).toMatchObject({
			dueOn: '2027-02-28',
			daysUnit: 'calendar',
			extended: false
		});
	});

	it('runs to a recorded new timetable', () => {
		const dates: CaseDates = {
			ofstedNotifiedOn: '2026-08-31',
			reviewTimetableExtendedTo: '2027-04-30'
		};
		expect(clockOn(dates, '2027-03-01', 'T9')).toMatchObject({
			dueOn: '2027-04-30',
			extended: true,
			status: 'on_track'
		});
		expect(clockOn({ ...dates, sentToOfstedOn: '2027-04-15' }, '2027-05-01', 'T9')).toMatchObject({
			status: 'met',
			metLate: false
		});
	});

	it('ignores an "extension" earlier than the six months', () => {
		expect(
			clockOn(
				{ ofstedNotifiedOn: '2026-08-31', reviewTimetableExtendedTo: '2027-01-31' },
				'2026-09-01',
				'T9'
			)
		).toMatchObject({ dueOn: '2027-02-28', extended: false });
	});
});

describe('T13, T15 and T16', () => {
	it('gives three months for a new action plan after an inadequate evaluation (§13.16)', () => {
		expect(clockOn({ inadequateEvaluationOn: '2026-11-30' }, '2026-12-01', 'T13').dueOn).toBe(
			'2027-02-28'
		);
	});

	it('gives one month for the report to Ofsted on a serious incident (§13.20)', () => {
		expect(clockOn({ ofstedReportedOn: '2026-01-31' }, '2026-02-01', 'T15')).toMatchObject({
			dueOn: '2026-02-28',
			daysLeft: 27
		});
		expect(
			clockOn({ ofstedReportedOn: '2026-01-31', siReportSentOn: '2026-03-02' }, '2026-03-05', 'T15')
		).toMatchObject({ status: 'met', metLate: true });
	});

	it('gives six months for internal review findings (§13.20)', () => {
		expect(clockOn({ internalReviewDecidedOn: '2027-08-31' }, '2027-09-01', 'T16').dueOn).toBe(
			'2028-02-29'
		);
	});
});

describe('the deferral date (§13.6)', () => {
	const deferred: CaseDates = {
		meetingOn: '2026-06-10',
		deferredOn: '2026-06-10',
		deferUntil: '2026-09-01'
	};

	it('runs to the fixed date, not met by the meeting that deferred it', () => {
		expect(clockOn(deferred, '2026-06-15', 'deferral')).toMatchObject({
			startedOn: '2026-06-10',
			dueOn: '2026-09-01',
			daysLeft: 78,
			status: 'on_track'
		});
	});

	it('is met once the case is considered again', () => {
		expect(
			clockOn({ ...deferred, meetingOn: '2026-08-27' }, '2026-09-02', 'deferral')
		).toMatchObject({ status: 'met', metOn: '2026-08-27', metLate: false });
	});
});

describe('IMRs or an audit', () => {
	it('runs to the due date the Chair set', () => {
		const dates: CaseDates = { chairDecidedOn: '2026-06-12', reviewWorkDueOn: '2026-06-19' };
		expect(clockOn(dates, '2026-06-12', 'review_work')).toMatchObject({
			dueOn: '2026-06-19',
			daysLeft: 7,
			status: 'due_soon'
		});
	});

	it('is not a clock until a due date is set', () => {
		expect(
			computeClocks({ chairDecidedOn: '2026-06-12' }, '2026-06-15').map((c) => c.id)
		).not.toContain('review_work');
	});
});

describe('a closed case', () => {
	it('keeps its met clocks and drops the ones still running', () => {
		const dates: CaseDates = {
			receivedOn: '2026-06-01',
			chairBriefedOn: '2026-06-05',
			closedOn: '2026-06-08'
		};
		const clocks = computeClocks(dates, '2026-07-15');
		expect(clocks.map((c) => [c.id, c.status])).toEqual([['T1', 'met']]);
	});
});

describe('nextDueClock', () => {
	it('picks the running clock due first', () => {
		const clocks = computeClocks(
			{
				receivedOn: '2026-06-01',
				chairBriefedOn: '2026-06-05',
				ofstedReportedOn: '2026-06-02'
			},
			'2026-06-15'
		);
		// T1 met on 5 Jun; T2 due 1 Jul; T15 due 2 Jul.
		expect(nextDueClock(clocks)?.id).toBe('T2');
	});

	it('prefers the earlier clock in the preset on the same due date', () => {
		const clocks = computeClocks(
			{ receivedOn: '2026-06-02', ofstedReportedOn: '2026-06-02' },
			'2026-06-15'
		);
		expect(nextDueClock(clocks.slice(1))?.id).toBe('T2');
		expect(clock(clocks, 'T15').dueOn).toBe(clock(clocks, 'T2').dueOn);
	});

	it('is undefined when nothing is running', () => {
		expect(nextDueClock([])).toBeUndefined();
		const met = computeClocks(
			{ receivedOn: '2026-06-01', chairDecidedOn: '2026-06-02' },
			'2026-06-15'
		);
		expect(nextDueClock(met)).toBeUndefined();
	});
});

describe('short reports (§13.5)', () => {
	it('are due 5 working days after the request by default', () => {
		expect(shortReportDueOn('2026-12-22')).toBe('2026-12-31');
		expect(shortReportDueOn('2026-08-24')).toBe('2026-09-01');
		expect(shortReportDueOn('2026-06-15', 10)).toBe('2026-06-29');
	});

	it('have a clock of their own', () => {
		const request = { requestedOn: '2026-06-15', dueOn: '2026-06-22' };
		expect(shortReportClock(request, '2026-06-16')).toMatchObject({
			id: 'short_report',
			daysLeft: 4,
			status: 'on_track'
		});
		expect(shortReportClock(request, '2026-06-18').status).toBe('due_soon');
		expect(shortReportClock(request, '2026-06-23').status).toBe('overdue');
		expect(shortReportClock({ ...request, submittedOn: '2026-06-19' }, '2026-06-23')).toMatchObject(
			{ status: 'met', metLate: false }
		);
	});
});

describe('deadlineStatus', () => {
	it('never reports -0 days', () => {
		const result = deadlineStatus(
			{
				id: 'T4',
				label: 'Recommendation to the LSCB Chair',
				section: '13.6',
				kind: 'working_days',
				startedOn: '2026-06-01',
				dueOn: '2026-06-08'
			},
			'2026-06-08'
		);
		expect(Object.is(result.daysLeft, -0)).toBe(false);
		expect(result.daysLeft).toBe(0);
	});
});

describe('clockName', () => {
	it('names a numbered clock by its label and T-number, the others by their label', () => {
		expect(procedureClockName('T1')).toBe('Findings report to the LSCB Chair (T1)');
		expect(procedureClockName('T16')).toBe('Internal review findings to the Sub Group (T16)');
		expect(clockName({ id: 'deferral', label: 'Deferred case considered again' })).toBe(
			'Deferred case considered again'
		);
		for (const clock of SCR_PROCEDURE_CLOCKS) expect(clockName(clock)).toContain(clock.label);
	});
});
