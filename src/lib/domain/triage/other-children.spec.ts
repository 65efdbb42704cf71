import { describe, expect, it } from 'vitest';
import {
	actionStillNeeded,
	answerNeedsAction,
	chapter6ReferralLabel,
	MOVES_WAITING_FOR_ACTION,
	otherChildrenRefusal,
	pinRank,
	type MoveWaitingForAction
} from './other-children';
import { ERRORS } from '$lib/errors';
import {
	YES_NO_NOT_KNOWN,
	type YesNoNotKnown
} from '$lib/domain/notification/notification-options';

const ANSWERS = Object.keys(YES_NO_NOT_KNOWN) as YesNoNotKnown[];
const MOVES = Object.keys(MOVES_WAITING_FOR_ACTION) as MoveWaitingForAction[];
const recordedAt = new Date('2026-11-20T10:00:00Z');

describe('other children first (§13.1)', () => {
	it('asks for an action when the answer is yes or not known, never for no', () => {
		expect(ANSWERS.filter(answerNeedsAction).sort()).toEqual(['not_known', 'yes']);
	});

	it('ranks yes above not known above everything else, until the action is recorded', () => {
		expect(pinRank('yes', false)).toBe(2);
		expect(pinRank('not_known', false)).toBe(1);
		expect(pinRank('no', false)).toBe(0);
		for (const answer of ANSWERS) expect(pinRank(answer, true)).toBe(0);
	});

	it('needs the action while none is recorded', () => {
		expect(actionStillNeeded({ otherChildrenAtRisk: 'yes', otherChildrenActionAt: null })).toBe(
			true
		);
		expect(
			actionStillNeeded({ otherChildrenAtRisk: 'not_known', otherChildrenActionAt: null })
		).toBe(true);
		expect(actionStillNeeded({ otherChildrenAtRisk: 'no', otherChildrenActionAt: null })).toBe(
			false
		);
		expect(
			actionStillNeeded({ otherChildrenAtRisk: 'yes', otherChildrenActionAt: recordedAt })
		).toBe(false);
		expect(actionStillNeeded({ otherChildrenAtRisk: 'not_known', otherChildrenActionAt: 0 })).toBe(
			false
		);
	});

	it.each(MOVES)('refuses %s for yes and not known without the action, allows it after', (move) => {
		for (const answer of ['yes', 'not_known'] as const) {
			const refusal = otherChildrenRefusal(move, {
				otherChildrenAtRisk: answer,
				otherChildrenActionAt: null
			});
			expect(refusal).toMatch(/^Record the action taken for the other children first \(§13\.1\)/);
			expect(refusal).toContain('Chapter 6 referral');
			expect(refusal).toContain(MOVES_WAITING_FOR_ACTION[move]);
			expect(
				otherChildrenRefusal(move, {
					otherChildrenAtRisk: answer,
					otherChildrenActionAt: recordedAt
				})
			).toBeNull();
		}
		expect(
			otherChildrenRefusal(move, { otherChildrenAtRisk: 'no', otherChildrenActionAt: null })
		).toBeNull();
	});

	it('names the notification when the refusal is shown elsewhere, in the catalogue’s words', () => {
		const refusal = otherChildrenRefusal('close', {
			otherChildrenAtRisk: 'not_known',
			otherChildrenActionAt: null,
			reference: 'NTF-2026-0042'
		});
		expect(refusal).toContain('on notification NTF-2026-0042');
		expect(refusal).toContain('Then the case can be closed.');
		const opening = 'Record the action taken for the other children first (§13.1)';
		expect(ERRORS.OTHER_CHILDREN_FIRST.message.startsWith(opening)).toBe(true);
	});

	it('words a Chapter 6 referral, and one recorded before the question existed', () => {
		expect(chapter6ReferralLabel(true)).toBe('Yes, a Chapter 6 referral was made');
		expect(chapter6ReferralLabel(false)).toBe('No Chapter 6 referral');
		expect(chapter6ReferralLabel(null)).toBe('Not recorded');
	});
});
