import type { LayoutServerLoad } from './$types';
import { guardPages } from '$lib/server/kit/guards';

// Case pages and the short reports on them are shared by the Unit and the Chair: both read every
// case and every report; the Chair acts only where the transition table lets them.
export const load: LayoutServerLoad = async (event) => {
	const user = await guardPages(event, 'unit', 'chair');
	return { user: { name: user.name, role: user.role } };
};
