import { describe, expect, it } from 'vitest';
import { conflictMessage, describeChange, CONFLICT_ADVICE } from './change-conflict';

// 14:03 in London on 27 November 2026 (GMT, so the same as UTC).
const at = Date.UTC(2026, 10, 27, 14, 3);
const now = new Date(Date.UTC(2026, 10, 27, 14, 10));

describe('describing a change to a case', () => {
	it('names who did what and when, in London time', () => {
		const change = { actorName: 'Uma Unit', summary: 'moved this case to Gathering', at };
		expect(describeChange(change, now)).toBe('Uma Unit moved this case to Gathering at 14:03');
		const summer = Date.UTC(2026, 5, 1, 13, 3);
		expect(describeChange({ ...change, at: summer }, new Date(summer))).toBe(
			'Uma Unit moved this case to Gathering at 14:03'
		);
	});

	it('adds the date when it was not today', () => {
		const change = { actorName: null, summary: 'assigned the owner', at };
		expect(describeChange(change, new Date(Date.UTC(2026, 10, 30, 9)))).toBe(
			'Someone assigned the owner at 14:03 on 27 November 2026'
		);
	});
});

describe('the conflict message', () => {
	const change = (summary: string) => ({ actorName: 'Uma Unit', summary, at });

	it('names the change and says what to do', () => {
		expect(conflictMessage([change('moved this case to Gathering')], now)).toBe(
			`Uma Unit moved this case to Gathering at 14:03. ${CONFLICT_ADVICE}`
		);
	});

	it('lists several changes and counts the rest', () => {
		const message = conflictMessage(
			['a', 'b', 'c', 'd', 'e'].map((s) => change(`did ${s}`)),
			now
		);
		expect(message).toBe(
			`Uma Unit did a at 14:03, Uma Unit did b at 14:03, Uma Unit did c at 14:03 and 2 more changes were made. ${CONFLICT_ADVICE}`
		);
		expect(conflictMessage([], now)).toContain('Someone else changed this case');
	});
});
