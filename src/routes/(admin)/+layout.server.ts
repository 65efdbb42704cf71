import type { LayoutServerLoad } from './$types';
import { requireRole } from '$lib/server/kit/guards';

export const load: LayoutServerLoad = ({ locals }) => {
	const user = requireRole(locals, 'admin');
	return { user: { name: user.name, role: user.role } };
};
