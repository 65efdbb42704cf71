import { describe, expect, it } from 'vitest';
import { dueStage } from './due-events';
import { digestEmail, singleEmail } from './email';
import {
	imrDueEvents,
	imrRequestedEvents,
	otherChildrenEvents,
	requestDueEvents,
	requestSentEvents,
	type OpenRequestRow,
	type WaitingImrRow
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

describe('§13.6, §13.9 IMR requests: "asking them to commence an Individual Management Review"', () => {
	const imr: WaitingImrRow = {
		id: 'i1',
		caseId: 'c1',
		reference: 'SCR-2026-0001',
		agencyId: 'a1',
		agencyName: 'Northshire Police',
		ownerId: 'u1',
		sentOn: '2026-11-02',
		// Monday 4 January 2027: the Christmas and New Year bank holidays fall in the last week.
		dueOn: '2027-01-04'
	};

	it('a request sent reaches its agency for a week, keyed to the day it was sent', () => {
		expect(imrRequestedEvents([imr], noon('2026-11-09'))).toEqual([
			{
				kind: 'imr_requested',
				key: 'imr_requested:i1',
				day: '2026-11-02',
				urgent: false,
				audience: [{ agencyId: 'a1' }],
				title: 'Your agency is asked for an individual management review (IMR), due 4 January 2027',
				link: '/agency/imrs/i1'
			}
		]);
		expect(imrRequestedEvents([imr], noon('2026-11-10'))).toHaveLength(0);
		// A letter dated in the future (never sent by the app) is not announced early.
		expect(imrRequestedEvents([imr], noon('2026-11-01'))).toHaveLength(0);
	});

	it('due in two working days counts the weekend and the bank holidays out', () => {
		// From Wednesday 30 December only Thursday 31st and Monday 4th are working days to go:
		// Friday 1 January is New Year's Day, then the weekend. Without the holiday it would be 3.
		expect(imrDueEvents([imr], noon('2026-12-29'))).toHaveLength(0);
		const soon = imrDueEvents([imr], noon('2026-12-30'));
		expect(soon.map((e) => [e.kind, e.key, e.day, e.audience, e.link])).toEqual([
			['imr_due_soon', 'imr_due_soon:i1', '2027-01-04', [{ agencyId: 'a1' }], '/agency/imrs/i1'],
			['imr_due_soon', 'imr_due_soon:i1:owner', '2027-01-04', [{ userId: 'u1' }], '/imrs/i1']
		]);
		// On the Saturday it is still due soon, the same event on the same day.
		expect(imrDueEvents([imr], noon('2027-01-02')).map((e) => e.key)).toEqual(
			soon.map((e) => e.key)
		);
		expect(imrDueEvents([imr], noon('2027-01-04'))[0]?.kind).toBe('imr_due_soon');
	});

	it("overdue the day after: the agency on its own page, never told the reference; the owner on the Unit's", () => {
		const late = imrDueEvents([imr], noon('2027-01-05'));
		expect(late.map((e) => [e.kind, e.key, e.day])).toEqual([
			['imr_overdue', 'imr_overdue:i1', '2027-01-04'],
			['imr_overdue', 'imr_overdue:i1:owner', '2027-01-04']
		]);
		expect(late[0]?.title).toBe('The IMR your agency was asked for was due 4 January 2027');
		expect(late[1]?.title).toBe(
			'SCR-2026-0001: the IMR from Northshire Police was due 4 January 2027'
		);
		// Weeks later it is the same event (keyed to the due date), so it is stored only once.
		expect(imrDueEvents([imr], noon('2027-02-01')).map((e) => `${e.key}@${e.day}`)).toEqual(
			late.map((e) => `${e.key}@${e.day}`)
		);
	});

	it('a case with no owner reminds only the agency', () => {
		const events = imrDueEvents([{ ...imr, ownerId: null }], noon('2027-01-05'));
		expect(events.map((e) => e.audience)).toEqual([[{ agencyId: 'a1' }]]);
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
				{ kind: 'request_overdue', link: '/agency/requests/r2' },
				{ kind: 'imr_overdue', link: '/agency/imrs/i1' }
			],
			'https://x.org'
		);
		expect(digest.subject).toBe('Safeguard Tracker: 3 new messages for you');
		expect(digest.text).toContain('https://x.org/agency/requests/r2');
		expect(digest.text).toContain(
			'- An individual management review (IMR) is overdue: https://x.org/agency/imrs/i1'
		);
		expect(digest.text).toContain('https://x.org/messages');
	});
});
