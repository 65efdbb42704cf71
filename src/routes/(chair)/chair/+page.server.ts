import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';

export const load: PageServerLoad = async (event) => ({
	cases: await (await serverCaller(event)).cases.list({}),
	decided: event.url.searchParams.has('decided')
});
