import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';

export const load: PageServerLoad = async (event) => {
	const mine = event.url.searchParams.get('mine') === '1';
	return {
		cases: await (await serverCaller(event)).cases.list({ mine: mine || undefined }),
		mine
	};
};
