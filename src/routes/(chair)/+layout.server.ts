import type { LayoutServerLoad } from './$types';
import { requireRole } from '$lib/server/guards';

export const load: LayoutServerLoad = ({ locals }) => {
	requireRole(locals, 'chair');
};
