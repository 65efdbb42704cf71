import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { actOnForm } from '$lib/server/kit/form-action';
import { formText } from '$lib/server/kit/form-data';
import { ERRORS } from '$lib/errors';

// One meeting: attendees, agenda, decisions, the short reports presented (§13.5) and every
// version of its minutes (§13.12). Decision 027.
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() =>
		caller.panel.meeting({ id: event.params.id, meetingId: event.params.meetingId })
	);
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	return { view: found.value, role: event.locals.user?.role ?? null };
};

export const actions: Actions = {
	minutes: (event) =>
		actOnForm(event, 'minutes', 'The new version of the minutes was saved.', (caller, data) =>
			caller.panel.saveDocumentVersion({
				id: event.params.id,
				version: Number(formText(data, 'version')),
				kind: 'minutes',
				meetingId: event.params.meetingId,
				body: formText(data, 'body'),
				note: formText(data, 'note').trim() || undefined
			})
		)
};
