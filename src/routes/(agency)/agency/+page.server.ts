import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';

// The inbox's data is loaded in the browser (+page.ts), so it opens offline from the device.
export const actions: Actions = {
	// The same confirmation as on a request, for an instruction that came without one (§13.5).
	acknowledgeFilesSecured: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.agency.acknowledgeFilesSecured({ instructionId: formText(data, 'instructionId') })
		);
		if (!r.ok) return fail(400, { errors: r.errors });
		return { done: 'You confirmed that your agency’s files are secured.' };
	}
};
