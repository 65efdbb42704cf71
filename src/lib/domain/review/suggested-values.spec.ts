import { describe, expect, it } from 'vitest';
import { suggestedTransitionValues, type ReviewFacts } from './suggested-values';

const none: ReviewFacts = {
	independentChair: null,
	overviewAuthor: null,
	meetings: [],
	documents: { terms_of_reference: [], overview_report: [], executive_summary: [] },
	dispatch: null
};

describe('suggestedTransitionValues', () => {
	it('suggests nothing for a case with no review records, so typed dates work as before', () => {
		const suggested = suggestedTransitionValues(none);
		for (const values of Object.values(suggested)) expect(values).toEqual({});
	});

	it('takes the latest held Sub Group and Executive meetings, the first held panel meeting, the names and the dispatch date', () => {
		const suggested = suggestedTransitionValues({
			...none,
			independentChair: { name: 'Ivy Independent' },
			overviewAuthor: { name: 'Olu Writer' },
			meetings: [
				{ kind: 'sub_group', heldOn: '2026-01-05', held: true },
				{ kind: 'sub_group', heldOn: '2026-02-05', held: true },
				{ kind: 'sub_group', heldOn: '2026-12-05', held: false },
				{ kind: 'panel', heldOn: '2026-03-01', held: true },
				{ kind: 'panel', heldOn: '2026-03-20', held: true },
				{ kind: 'executive', heldOn: '2026-06-01', held: true }
			],
			dispatch: { sentOn: '2026-06-03' }
		});
		expect(suggested['transition:panel_recommended']).toEqual({ meetingOn: '2026-02-05' });
		expect(suggested['transition:in_review']).toEqual({
			independentChair: 'Ivy Independent',
			overviewWriter: 'Olu Writer',
			timetableAgreedOn: '2026-03-01'
		});
		expect(suggested['transition:sent_to_ofsted']).toEqual({
			executiveMeetingOn: '2026-06-01',
			sentToOfstedOn: '2026-06-03'
		});
	});

	it('dates an agreed report by the day its latest version was saved', () => {
		const savedAt = Date.UTC(2026, 4, 10, 12);
		const suggested = suggestedTransitionValues({
			...none,
			documents: {
				terms_of_reference: [],
				overview_report: [{ savedAt: Date.UTC(2026, 4, 1, 12) }, { savedAt }],
				executive_summary: [{ savedAt }]
			}
		});
		expect(suggested['transition:executive']).toEqual({
			overviewReportAgreedOn: '2026-05-10',
			executiveSummaryAgreedOn: '2026-05-10'
		});
	});
});
