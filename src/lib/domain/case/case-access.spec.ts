import { describe, expect, it } from 'vitest';
import { CHAIR_DECISION_STATES, linkedNotificationStatus } from './case-access';

describe("the Chair's decisions", () => {
	it('are awaited or held in the states the table lets the Chair move on from', () => {
		expect([...CHAIR_DECISION_STATES].sort()).toEqual(
			['chair_decision', 'deferred', 'no_further_action'].sort()
		);
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
