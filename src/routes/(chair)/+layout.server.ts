import type { LayoutServerLoad } from './$types';
import { guardPages } from '$lib/server/kit/guards';
import { headerUser } from '$lib/server/kit/header-user';

export const load: LayoutServerLoad = async (event) => {
	const user = await guardPages(event, 'chair');
	return { user: await headerUser(user) };
};
