import type { LayoutServerLoad } from './$types';
import { guardPages } from '$lib/server/kit/guards';

// Case pages are shared by the Unit (everything) and the Chair (cases awaiting or holding their
// decision; the procedures answer NOT_FOUND for the rest).
export const load: LayoutServerLoad = async (event) => {
	const user = await guardPages(event, 'unit', 'chair');
	return { user: { name: user.name, role: user.role } };
};
