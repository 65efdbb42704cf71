import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	return { requests: await caller.agency.requests() };
};
