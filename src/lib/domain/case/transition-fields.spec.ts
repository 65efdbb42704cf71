import { describe, expect, it } from 'vitest';
import { CASE_TRANSITIONS } from './case-transitions';
import { fieldApplies, transitionField, transitionFields } from './transition-fields';

describe('transitionFields', () => {
	it('gives every field of every move a control and a label that is not its code name', () => {
		for (const t of CASE_TRANSITIONS) {
			for (const field of transitionFields(t.requires)) {
				expect(field.label, `${t.key} ${field.name}`).not.toBe(field.name);
				expect(field.label.length).toBeGreaterThan(3);
			}
		}
	});

	it('uses dates, choices, agency lists and text where the schema expects them', () => {
		expect(transitionField('meetingOn')).toMatchObject({
			kind: 'date',
			label: 'The date of the Sub Group meeting'
		});
		expect(transitionField('termsOfReferenceAgreedOn')).toMatchObject({
			kind: 'date',
			label: 'Date terms of reference agreed'
		});
		expect(transitionField('recommendation').kind).toBe('choice');
		expect(transitionField('agencyIds').kind).toBe('agencies');
		expect(transitionField('rationale').kind).toBe('textarea');
	});

	it('adds the optional dissent to Chair decisions and the defer date to recommendations', () => {
		expect(transitionFields(['decidedOn', 'rationale']).map((f) => f.name)).toContain('dissent');
		expect(transitionFields(['meetingOn', 'recommendation']).map((f) => f.name)).toContain(
			'deferUntil'
		);
	});

	it("asks §13.2's reason only where a child died, and each half of the files choice on its answer", () => {
		const decision = transitionFields(['decidedOn', 'rationale', 'filesHold']);
		const departure = decision.find((f) => f.name === 'departureReason');
		if (!departure) throw new Error('no departure reason field');
		expect(fieldApplies(departure, { shouldAlwaysReview: true })).toBe(true);
		expect(fieldApplies(departure, { shouldAlwaysReview: false })).toBe(false);
		expect(decision.find((f) => f.name === 'rescindInstructionOn')?.shownWhen).toEqual({
			field: 'filesHold',
			value: 'rescind'
		});
		expect(decision.find((f) => f.name === 'keepFilesReason')?.shownWhen).toEqual({
			field: 'filesHold',
			value: 'keep'
		});
		// An SCR decision has no files choice at all: the hold stays until closure.
		expect(transitionFields(['decidedOn', 'rationale']).map((f) => f.name)).not.toContain(
			'filesHold'
		);
	});
});
