import type { LayoutServerLoad } from './$types';
import { requireRole } from '$lib/server/kit/guards';

// Case pages are shared by the Unit (everything) and the Chair (cases awaiting or holding their
// decision; the procedures answer NOT_FOUND for the rest).
export const load: LayoutServerLoad = ({ locals }) => {
	const user = requireRole(locals, 'unit', 'chair');
	return { user: { name: user.name, role: user.role } };
};
