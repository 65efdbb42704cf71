import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/guards';

export const load: PageServerLoad = async (event) => ({
	notifications: await (await serverCaller(event)).notifications.mine()
});
