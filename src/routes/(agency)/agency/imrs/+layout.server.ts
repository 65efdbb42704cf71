import type { LayoutServerLoad } from './$types';
import { guardPages } from '$lib/server/kit/guards';
import { headerUser } from '$lib/server/kit/header-user';

// An agency's IMR pages still load from the server, online only (docs/decisions/029). The agency
// layout's checks run in the browser since then, so this guard refuses the wrong role (audited)
// before the page's load runs: `pageCaller` waits for it. The Unit and the Chair may read an IMR
// request through the API, but not through the agency's page.
export const load: LayoutServerLoad = async (event) => {
	const user = await guardPages(event, 'agency');
	return { user: await headerUser(user) };
};
