import { describe, expect, it } from 'vitest';
import { dueStage } from './due-events';
import { digestEmail, singleEmail } from './email';
import {
	otherChildrenEvents,
	requestDueEvents,
	requestSentEvents,
	type OpenRequestRow
} from './what-is-due';

const request: OpenRequestRow = {
	id: 'r1',
	caseId: 'c1',
	reference: 'SCR-2026-0001',
	agencyId: 'a1',
	ownerId: 'u1',
	requestedOn: '2026-11-23',
	// Monday 30 November: five working days after Monday 23rd.
	dueOn: '2026-11-30'
};
const noon = (day: string) => new Date(`${day}T12:00:00Z`);

describe('dueStage: due in two working days, or overdue', () => {
	it('is due soon from two working days before, over a weekend', () => {
		// Thursday 26th is two working days before Monday 30th (Friday, Monday).
		expect(dueStage('2026-11-30', '2026-11-25')).toBeNull();
		expect(dueStage('2026-11-30', '2026-11-26')).toBe('due_soon');
		expect(dueStage('2026-11-30', '2026-11-28')).toBe('due_soon');
		expect(dueStage('2026-11-30', '2026-11-30')).toBe('due_soon');
		expect(dueStage('2026-11-30', '2026-12-01')).toBe('overdue');
	});

	it('counts bank holidays out: Christmas puts "two working days" further back', () => {
		// Due Tuesday 29 December 2026: 28th is the Boxing Day substitute, 25th Christmas Day.
		expect(dueStage('2026-12-29', '2026-12-23')).toBe('due_soon');
		expect(dueStage('2026-12-29', '2026-12-22')).toBeNull();
	});
});

describe('short report requests', () => {
	it('a request is announced to its agency for a week after it is sent, keyed to its day', () => {
		expect(requestSentEvents([request], noon('2026-11-23'))).toEqual([
			expect.objectContaining({
				key: 'request_sent:r1',
				day: '2026-11-23',
				audience: [{ agencyId: 'a1' }],
				link: '/agency/requests/r1'
			})
		]);
		expect(requestSentEvents([request], noon('2026-12-01'))).toHaveLength(0);
	});

	it('due soon and overdue reach the agency and the owner as separate events; the agency is never told the reference', () => {
		expect(requestDueEvents([request], noon('2026-11-25'))).toHaveLength(0);
		const soon = requestDueEvents([request], noon('2026-11-26'));
		expect(soon.map((e) => [e.key, e.audience])).toEqual([
			['request_due_soon:r1', [{ agencyId: 'a1' }]],
			['request_due_soon:r1:owner', [{ userId: 'u1' }]]
		]);
		expect(soon[0]?.title).not.toContain('SCR-');
		const late = requestDueEvents([request], noon('2026-12-01'));
		expect(late.map((e) => e.kind)).toEqual(['request_overdue', 'request_overdue']);
		expect(late.every((e) => e.day === '2026-11-30')).toBe(true);
	});
});

describe('§13.1 other children at risk', () => {
	it('is urgent for the whole Unit an hour after arrival, not before', () => {
		const row = {
			id: 'n1',
			reference: 'NTF-2026-0001',
			receivedAt: new Date('2026-11-30T09:00:00Z')
		};
		expect(otherChildrenEvents([row], new Date('2026-11-30T09:59:59Z'))).toHaveLength(0);
		expect(otherChildrenEvents([row], new Date('2026-11-30T10:00:00Z'))).toEqual([
			expect.objectContaining({ urgent: true, audience: [{ role: 'unit' }], day: '2026-11-30' })
		]);
	});
});

describe('emails hold no detail', () => {
	it('say what kind of thing waits and link by id, and a digest lists each', () => {
		const single = singleEmail({ kind: 'awaiting_chair', link: '/cases/c1' }, 'https://x.org');
		expect(single.subject).toBe("Safeguard Tracker: A case is awaiting the Chair's decision");
		expect(single.text).toContain('https://x.org/cases/c1');
		const digest = digestEmail(
			[
				{ kind: 'request_sent', link: '/agency/requests/r1' },
				{ kind: 'request_overdue', link: '/agency/requests/r2' }
			],
			'https://x.org'
		);
		expect(digest.subject).toBe('Safeguard Tracker: 2 new messages for you');
		expect(digest.text).toContain('https://x.org/agency/requests/r2');
		expect(digest.text).toContain('https://x.org/messages');
	});
});
