import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';

const RECENT_CASES = 50;

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	return {
		cases: await caller.cases.list({ awaitingChair: true }),
		// The Chair reads every case from triage on, to know what may come to them: the most
		// recently changed here, each opening the whole case.
		recent: await caller.cases.list({ limit: RECENT_CASES }),
		recentLimit: RECENT_CASES,
		decided: event.url.searchParams.has('decided')
	};
};
