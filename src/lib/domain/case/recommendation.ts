import type { PanelRecommendation } from './case-choices';

/** The Sub Group's latest recommendation to the Chair, as the Unit recorded it (§13.5, §13.6). */
export interface RecommendationView {
	meetingOn: string;
	recommendation: PanelRecommendation;
	/** Null on recommendations recorded before reasons, maker and dissent were asked for. */
	reasons: string | null;
	subGroupChair: string | null;
	memberDissent: string | null;
	deferUntil: string | null;
}
