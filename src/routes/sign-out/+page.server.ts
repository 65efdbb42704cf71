import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createContext } from '$lib/server/trpc/context';
import { createCaller } from '$lib/server/trpc/root';

export const load: PageServerLoad = () => redirect(303, '/sign-in');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.session) {
			await createCaller(await createContext(event)).auth.signOut();
		}
		redirect(303, '/sign-in?signed-out=1');
	}
};
