import type { LayoutServerLoad } from './$types';
import { guardPages } from '$lib/server/kit/guards';
import { headerUser } from '$lib/server/kit/header-user';

// Case pages and the short reports on them are shared by the Unit and the Chair: both read every
// case and every report; the Chair acts only where the transition table lets them.
export const load: LayoutServerLoad = async (event) => {
	const user = await guardPages(event, 'unit', 'chair');
	return { user: await headerUser(user) };
};
