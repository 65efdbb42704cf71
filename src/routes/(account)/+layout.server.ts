import type { LayoutServerLoad } from './$types';
import { requireRole } from '$lib/server/kit/guards';
import { ROLES } from '$lib/domain/roles';

// A person's own account: every role has one.
export const load: LayoutServerLoad = ({ locals }) => {
	const user = requireRole(locals, ...ROLES);
	return { user: { name: user.name, role: user.role } };
};
