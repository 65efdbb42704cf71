import { describe, expect, it } from 'vitest';
import { CHAIR_VISIBLE_STATES, chairMaySee, linkedNotificationStatus } from './case-access';

describe('what the Chair sees', () => {
	it('is the cases awaiting or holding their decision', () => {
		expect([...CHAIR_VISIBLE_STATES].sort()).toEqual(
			['chair_decision', 'deferred', 'no_further_action'].sort()
		);
		expect(chairMaySee('chair_decision')).toBe(true);
		expect(chairMaySee('gathering')).toBe(false);
		expect(chairMaySee('scr_initiated')).toBe(false);
	});
});

describe("a linked notification's status", () => {
	it('is under consideration from triage until the case closes', () => {
		expect(linkedNotificationStatus('triage')).toBe('under_consideration');
		expect(linkedNotificationStatus('gathering')).toBe('under_consideration');
		expect(linkedNotificationStatus('scr_initiated')).toBe('under_consideration');
		expect(linkedNotificationStatus('closed')).toBe('closed');
	});
});
