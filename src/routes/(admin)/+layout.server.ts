import type { LayoutServerLoad } from './$types';
import { guardPages } from '$lib/server/kit/guards';

export const load: LayoutServerLoad = async (event) => {
	const user = await guardPages(event, 'admin');
	return { user: { name: user.name, role: user.role } };
};
