import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import type { MeetingKind } from './review-choices';

/**
 * What the review records already say, offered as the starting values of the case's next-step
 * forms (decision 027). The transitions keep their typed dates, so cases from before the review
 * was recorded here still move on as they did; where the panel, a meeting, a report version or the
 * dispatch is recorded, its date or name fills the field, and the Unit may still change it.
 */
export interface ReviewFacts {
	independentChair: { name: string } | null;
	overviewAuthor: { name: string } | null;
	meetings: readonly { kind: MeetingKind; heldOn: IsoDate; held: boolean }[];
	documents: Record<
		'terms_of_reference' | 'overview_report' | 'executive_summary',
		readonly { savedAt: number }[]
	>;
	dispatch: { sentOn: IsoDate } | null;
}

/** Keyed as the case page names its move forms: 'transition:<to state>'. */
export function suggestedTransitionValues(
	facts: ReviewFacts
): Record<string, Record<string, string>> {
	const held = (kind: MeetingKind) =>
		facts.meetings.filter((m) => m.kind === kind && m.held).map((m) => m.heldOn);
	const latestSaved = (kind: keyof ReviewFacts['documents']) => {
		const at = facts.documents[kind].at(-1)?.savedAt;
		return at === undefined ? undefined : todayIso(new Date(at));
	};
	const only = (values: Record<string, string | undefined>) =>
		Object.fromEntries(
			Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined)
		);
	return {
		// The Sub Group meeting held most recently made the recommendation (§13.6).
		'transition:panel_recommended': only({ meetingOn: held('sub_group').at(-1) }),
		// §13.7: the terms of reference, the independent people; §13.8: "The timetable will be
		// agreed at the first meeting".
		'transition:in_review': only({
			termsOfReferenceAgreedOn: latestSaved('terms_of_reference'),
			independentChair: facts.independentChair?.name,
			overviewWriter: facts.overviewAuthor?.name,
			timetableAgreedOn: held('panel')[0]
		}),
		'transition:executive': only({
			overviewReportAgreedOn: latestSaved('overview_report'),
			executiveSummaryAgreedOn: latestSaved('executive_summary')
		}),
		'transition:sent_to_ofsted': only({
			executiveMeetingOn: held('executive').at(-1),
			sentToOfstedOn: facts.dispatch?.sentOn
		})
	};
}
