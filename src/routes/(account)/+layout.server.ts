import type { LayoutServerLoad } from './$types';
import { requireRole } from '$lib/server/kit/guards';
import { headerUser } from '$lib/server/kit/header-user';
import { ROLES } from '$lib/domain/roles';

// A person's own account: every role has one.
export const load: LayoutServerLoad = async ({ locals }) => {
	const user = requireRole(locals, ...ROLES);
	return { user: await headerUser(user) };
};
