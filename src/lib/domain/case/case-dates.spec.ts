import { describe, expect, it } from 'vitest';
import { CASE_DATE_NAMES, CASE_DATE_PHRASES, isCaseDateName, mergeCaseDates } from './case-dates';

describe('case dates', () => {
	it('names every date in words starting "the date"', () => {
		for (const name of CASE_DATE_NAMES)
			expect(CASE_DATE_PHRASES[name]).toMatch(/^the (new )?date /);
		expect(isCaseDateName('meetingOn')).toBe(true);
		expect(isCaseDateName('meeting')).toBe(false);
	});

	it('keeps the first Sub Group meeting when a later round records another', () => {
		const merged = mergeCaseDates(
			{ meetingOn: '2026-02-10', firstPanelMeetingOn: '2026-02-10', receivedOn: '2026-01-20' },
			{ meetingOn: '2026-04-14', firstPanelMeetingOn: '2026-04-14' }
		);
		expect(merged).toEqual({
			receivedOn: '2026-01-20',
			meetingOn: '2026-04-14',
			firstPanelMeetingOn: '2026-02-10'
		});
	});

	it('records the first meeting when there was none', () => {
		expect(mergeCaseDates({}, { firstPanelMeetingOn: '2026-02-10' })).toEqual({
			firstPanelMeetingOn: '2026-02-10'
		});
	});
});
