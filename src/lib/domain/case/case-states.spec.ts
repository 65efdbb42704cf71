import { describe, expect, it } from 'vitest';
import {
	CASE_STATES,
	CASE_STATE_LABELS,
	PRACTITIONER_STATUS_LABELS,
	isCaseState,
	practitionerStatus
} from './case-states';

describe('case states', () => {
	it('has the 23 states of docs/procedure.md, each with a label', () => {
		expect(CASE_STATES).toHaveLength(23);
		expect(new Set(CASE_STATES).size).toBe(23);
		for (const state of CASE_STATES) expect(CASE_STATE_LABELS[state]).toMatch(/\S/);
		expect(CASE_STATE_LABELS.received).toBe('Received');
		expect(CASE_STATE_LABELS.triage).toBe('Triage');
	});

	it('recognises states', () => {
		expect(isCaseState('scoping')).toBe(true);
		expect(isCaseState('open')).toBe(false);
		expect(isCaseState(undefined)).toBe(false);
	});
});

describe('practitionerStatus', () => {
	it('shows received, under consideration or closed, nothing finer', () => {
		expect(practitionerStatus('received')).toBe('received');
		expect(practitionerStatus('triage')).toBe('received');
		expect(practitionerStatus('closed')).toBe('closed');
		const middle = CASE_STATES.filter((state) => !['received', 'triage', 'closed'].includes(state));
		for (const state of middle) expect(practitionerStatus(state)).toBe('under_consideration');
	});

	it('labels the statuses in plain words', () => {
		expect(PRACTITIONER_STATUS_LABELS[practitionerStatus('triage')]).toBe('Received');
		expect(PRACTITIONER_STATUS_LABELS[practitionerStatus('scr_initiated')]).toBe(
			'Under consideration'
		);
		expect(PRACTITIONER_STATUS_LABELS[practitionerStatus('closed')]).toBe('Closed');
	});
});
