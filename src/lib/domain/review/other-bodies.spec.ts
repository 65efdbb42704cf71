import { describe, expect, it } from 'vitest';
import { missingNotices, noticeName, requiredNotices } from './other-bodies';

const none = { childDeath: false, scrDecided: false, outcomeFinal: false };
const keys = (rules: { body: string; purpose: string }[]) =>
	rules.map((r) => `${r.body}:${r.purpose}`);

describe('notices to other bodies', () => {
	it('§13.5 "All child deaths should be reported to the CDOP Business Support Manager"', () => {
		expect(keys(requiredNotices({ ...none, childDeath: true }))).toEqual(['cdop:death']);
	});

	it('§13.6: after an SCR decision, Ofsted, the health bodies, HMIC and the HMI (probation) are told', () => {
		expect(keys(requiredNotices({ ...none, scrDecided: true }))).toEqual([
			'ofsted:review',
			'health_bodies:review',
			'hmic:review',
			'hmi_probation:review'
		]);
	});

	it('§13.16 "the outcomes of reviews will be shared with CQC, HMI and HMIC" once the outcome is final', () => {
		expect(keys(requiredNotices({ ...none, outcomeFinal: true }))).toEqual([
			'cqc:outcome',
			'hmi_probation:outcome',
			'hmic:outcome'
		]);
	});

	it('requires nothing before a death, a decision or an outcome, and never the Department for Education', () => {
		expect(requiredNotices(none)).toEqual([]);
		const all = requiredNotices({ childDeath: true, scrDecided: true, outcomeFinal: true });
		expect(all.some((r) => r.body === 'dfe')).toBe(false);
	});

	it('a notice counts only for its own body and purpose', () => {
		const facts = { ...none, scrDecided: true, outcomeFinal: true };
		const missing = missingNotices(facts, [
			{ body: 'hmic', purpose: 'review' },
			{ body: 'cqc', purpose: 'review' }
		]);
		expect(keys(missing)).toContain('hmic:outcome');
		expect(keys(missing)).toContain('cqc:outcome');
		expect(keys(missing)).not.toContain('hmic:review');
	});

	it('names each notice with its body, what it tells and its §', () => {
		expect(noticeName({ body: 'hmic', purpose: 'review', section: '13.6' })).toBe(
			'HM Inspectorate of Constabulary (HMIC): told of the serious case review (§13.6)'
		);
	});
});
