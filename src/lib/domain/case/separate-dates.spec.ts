import { describe, expect, it } from 'vitest';
import { CASE_DATE_PHRASES } from './case-dates';
import { capitalise } from '$lib/domain/text';
import { checkSeparateDate, separateDateSchema, type SeparateDateCheck } from './separate-dates';

const today = '2026-11-27';

function refusal(check: SeparateDateCheck): Record<string, string> {
	if (check.ok) throw new Error(`expected a refusal, got ${JSON.stringify(check)}`);
	return check.fieldErrors;
}

describe('recording a date outside a transition', () => {
	it('records the serious incident report once the incident was reported to Ofsted (T15)', () => {
		const dates = { ofstedReportedOn: '2026-11-02' };
		expect(checkSeparateDate({ name: 'siReportSentOn', date: '2026-11-20' }, dates, today)).toEqual(
			{ ok: true, recorded: { siReportSentOn: '2026-11-20' } }
		);
	});

	it('records each notice after an SCR decision on its own day (§13.6)', () => {
		const dates = { scrDecidedOn: '2026-11-20' };
		for (const name of ['ofstedNotifiedOn', 'lettersSentOn', 'imrsRequestedOn'] as const) {
			expect(checkSeparateDate({ name, date: '2026-11-23' }, dates, today)).toEqual({
				ok: true,
				recorded: { [name]: '2026-11-23' }
			});
			expect(refusal(checkSeparateDate({ name, date: '2026-11-19' }, dates, today)).date).toBe(
				`${capitalise(CASE_DATE_PHRASES[name])} must be on or after ${CASE_DATE_PHRASES.scrDecidedOn}, 20 November 2026`
			);
			expect(refusal(checkSeparateDate({ name, date: '2026-11-23' }, {}, today)).name).toMatch(
				/cannot be recorded yet: record the date the Chair decided to hold a Serious Case Review first$/
			);
		}
	});

	it('refuses it before its clock has started', () => {
		const errors = refusal(
			checkSeparateDate({ name: 'siReportSentOn', date: '2026-11-20' }, {}, today)
		);
		expect(errors.name).toBe(
			'The date the report on the serious incident was sent to Ofsted cannot be recorded yet: record the date the incident was reported to Ofsted first'
		);
	});

	it('refuses a date in the future or before the start', () => {
		const dates = { inadequateEvaluationOn: '2026-11-10' };
		const future = refusal(
			checkSeparateDate({ name: 'newActionPlanSentOn', date: '2026-11-28' }, dates, today)
		);
		expect(future.date).toContain('today or in the past');
		const early = refusal(
			checkSeparateDate({ name: 'newActionPlanSentOn', date: '2026-11-09' }, dates, today)
		);
		expect(early.date).toContain('on or after');
	});

	it('extends the review timetable past the current due date, with the new timetable (§13.10)', () => {
		const dates = { ofstedNotifiedOn: '2026-08-31' };
		// T9: 31 August + 6 months is 28 February 2027.
		const errors = refusal(
			checkSeparateDate({ name: 'reviewTimetableExtendedTo', date: '2027-02-28' }, dates, today)
		);
		expect(errors.date).toContain('28 February 2027');
		expect(errors.reason).toContain('new timetable');
		expect(
			checkSeparateDate(
				{
					name: 'reviewTimetableExtendedTo',
					date: '2027-04-30',
					reason: 'Criminal trial in March'
				},
				dates,
				today
			)
		).toEqual({
			ok: true,
			recorded: { reviewTimetableExtendedTo: '2027-04-30' },
			reason: 'Criminal trial in March'
		});
	});

	it('refuses an extension once the review was sent to Ofsted', () => {
		const dates = { ofstedNotifiedOn: '2026-05-01', sentToOfstedOn: '2026-10-01' };
		const errors = refusal(
			checkSeparateDate(
				{ name: 'reviewTimetableExtendedTo', date: '2027-04-30', reason: 'x' },
				dates,
				today
			)
		);
		expect(errors.name).toContain('already been sent to Ofsted');
	});

	it('validates the input shape with field messages', () => {
		const parsed = separateDateSchema.safeParse({ name: 'closedOn', date: '2026-02-30' });
		expect(parsed.success).toBe(false);
		const paths = parsed.error?.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(['name', 'date']);
	});
});
