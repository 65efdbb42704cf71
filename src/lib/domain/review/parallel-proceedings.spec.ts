import { describe, expect, it } from 'vitest';
import {
	proceedingsHoldingPublication,
	publicationHeldMessage,
	type Proceeding
} from './parallel-proceedings';

const inquest: Proceeding = {
	id: 'a',
	proceeding: 'inquest',
	status: 'active',
	startedOn: '2026-01-05'
};
const trial: Proceeding = {
	id: 'b',
	proceeding: 'criminal',
	status: 'active',
	startedOn: '2026-02-01'
};

describe('§13.15 "must be timed in accordance with the conclusion of any related Court or Coroner proceedings"', () => {
	it('holds publication while a proceeding is active', () => {
		expect(proceedingsHoldingPublication([inquest], [])).toEqual([inquest]);
	});

	it('releases it once the proceeding concludes', () => {
		expect(
			proceedingsHoldingPublication(
				[{ ...inquest, status: 'concluded', concludedOn: '2026-03-01' }],
				[]
			)
		).toEqual([]);
	});

	it('releases it for the proceedings an Executive go-ahead covers, and not for one begun after', () => {
		const goAhead = { decidedOn: '2026-02-10', reason: 'No prejudice', covers: ['a'] };
		expect(proceedingsHoldingPublication([inquest, trial], [goAhead])).toEqual([trial]);
	});

	it('says what waits and what to do', () => {
		expect(publicationHeldMessage(['criminal', 'inquest', 'criminal'])).toMatch(
			/^Publication waits until these are concluded: criminal proceedings and the coroner's inquest \(§13\.10, §13\.15\)\. Record the conclusion, or the Executive Group's reason/
		);
	});
});
