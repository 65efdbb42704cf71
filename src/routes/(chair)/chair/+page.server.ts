import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';

export const load: PageServerLoad = async (event) => {
	const caller = await serverCaller(event);
	return {
		cases: await caller.cases.list({ awaitingChair: true }),
		// The Chair reads every case from triage on, to know what may come to them.
		all: await caller.cases.list({}),
		decided: event.url.searchParams.has('decided')
	};
};
