import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';

export const load: PageServerLoad = async (event) => {
	const caller = await serverCaller(event);
	return { requests: await caller.agency.requests() };
};
