import { describe, expect, it } from 'vitest';
import {
	imrStatus,
	imrStatusText,
	imrDecision,
	imrSignOffFacts,
	renderImrLetter,
	UNIT_IMR_STATUS_LABELS
} from './imr-status';
import { imrWorkingDaysOverdue } from './imr-overdue';
import { imrFromForm } from './imr-draft';
import { imrInputFromDraft } from './imr';

describe('an IMR request’s status', () => {
	it('is requested until its due date, overdue after it, by working days on the England calendar', () => {
		expect(imrStatus(null, '2026-12-24', '2026-12-24')).toBe('requested');
		expect(imrStatus(null, '2026-12-24', '2026-12-29')).toBe('overdue');
		// 25 and 28 December are bank holidays (Boxing Day substitute): 29 December is the first
		// working day after the 24th.
		expect(imrWorkingDaysOverdue('overdue', '2026-12-24', '2026-12-29')).toBe(1);
		expect(imrStatusText(UNIT_IMR_STATUS_LABELS, 'overdue', 1)).toBe('Overdue by 1 working day');
		expect(imrStatusText(UNIT_IMR_STATUS_LABELS, 'overdue', 4)).toBe('Overdue by 4 working days');
	});

	it('§13.9 "signed off by their respective agencies before they are presented to the panel": an IMR without sign-off is received, not signed off', () => {
		expect(imrStatus({ signedOff: false }, '2026-01-01', '2026-06-01')).toBe('received');
		expect(imrStatus({ signedOff: true }, '2026-01-01', '2026-06-01')).toBe('signed_off');
		expect(imrWorkingDaysOverdue('received', '2026-01-01', '2026-06-01')).toBe(0);
	});
});

describe('§13.6 the letter to "the Chief Executive or equivalent of all the known relevant agencies"', () => {
	it('names the agency, the case by reference, the decision, the due date and asks for the files secured', () => {
		const letter = renderImrLetter({
			agencyName: 'North Yorkshire Police',
			caseReference: 'SCR-2026-0007',
			decision: 'scr',
			decidedOn: '2026-03-02',
			filesSecured: true,
			sentOn: '2026-03-03',
			dueOn: '2026-04-14',
			senderName: 'Uma Unit'
		});
		expect(letter).toContain('To: The Chief Executive (or equivalent), North Yorkshire Police');
		expect(letter).toContain('SCR-2026-0007');
		expect(letter).toContain('commence an Individual Management Review');
		expect(letter).toContain('14 April 2026');
		expect(letter).toContain('secured');
	});
});

describe('§13.6 "To require agencies to undertake internal management reviews"', () => {
	it('an "IMRs only" case may send requests, dated from the Chair\'s decision; other decisions may not', () => {
		const dates = { chairDecidedOn: '2026-03-02' };
		expect(imrDecision('imrs_only', dates)).toEqual({
			decision: 'imrs_only',
			decidedOn: '2026-03-02'
		});
		expect(imrDecision('audit', dates)).toBeNull();
		expect(imrDecision('drafting', { scrDecidedOn: '2026-03-02' })).toBeNull();
		expect(imrDecision('in_review', { scrDecidedOn: '2026-03-01' })).toEqual({
			decision: 'scr',
			decidedOn: '2026-03-01'
		});
	});

	it('its letter says no SCR is held and asks for the files only while they are held', () => {
		const facts = {
			agencyName: 'North Yorkshire Police',
			caseReference: 'SCR-2026-0008',
			decision: 'imrs_only' as const,
			decidedOn: '2026-03-02',
			sentOn: '2026-03-03',
			dueOn: '2026-04-14',
			senderName: 'Uma Unit'
		};
		const lifted = renderImrLetter({ ...facts, filesSecured: false });
		expect(lifted).toContain('decided not to hold a Serious Case Review');
		expect(lifted).toContain('internal management reviews');
		expect(lifted).not.toContain('secured');
		expect(renderImrLetter({ ...facts, filesSecured: true })).toContain('secured');
	});
});

describe('§13.9 "All IMRs should have been signed off by their respective agencies"', () => {
	it('waits for every request; once all are signed off, the date is the last sign-off', () => {
		expect(imrSignOffFacts([])).toEqual({ imrsNotSignedOff: 0 });
		expect(imrSignOffFacts(['2026-03-05', null])).toEqual({ imrsNotSignedOff: 1 });
		expect(imrSignOffFacts(['2026-03-09', '2026-03-05'])).toEqual({
			imrsNotSignedOff: 0,
			imrsSignedOffOn: '2026-03-09'
		});
	});
});

describe('the IMR form', () => {
	it('drops blank chronology rows and sends the sign-off only when it is ticked', () => {
		const data = new FormData();
		data.set('author.name', 'Ian');
		data.set('chronology.0.date', '2026-01-02');
		data.set('chronology.0.event', 'Visit');
		data.set('chronology.1.date', '');
		data.set('chronology.1.event', '');
		data.set('signOff.name', 'Sam');
		const draft = imrFromForm(data);
		expect(draft.chronology).toHaveLength(1);
		expect(imrInputFromDraft(draft)).not.toHaveProperty('signOff');
		data.set('signedOff', 'yes');
		expect(imrInputFromDraft(imrFromForm(data)).signOff).toMatchObject({ name: 'Sam' });
	});
});
