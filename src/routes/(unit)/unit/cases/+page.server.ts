import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';

export const load: PageServerLoad = async (event) => {
	const mine = event.url.searchParams.get('mine') === '1';
	return {
		cases: await (await pageCaller(event)).cases.list({ mine: mine || undefined }),
		mine
	};
};
