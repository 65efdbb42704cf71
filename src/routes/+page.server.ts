import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { HOME_BY_ROLE } from '$lib/domain/roles';

export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.user ? HOME_BY_ROLE[locals.user.role] : '/sign-in');
};
