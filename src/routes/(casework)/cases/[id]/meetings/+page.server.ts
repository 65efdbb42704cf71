import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { actOnForm } from '$lib/server/kit/form-action';
import { formText } from '$lib/server/kit/form-data';
import { ERRORS } from '$lib/errors';
import type { AttendeeInput, MeetingKind } from '$lib/domain/review/review-work';
import { othersFromLines } from '$lib/domain/review/attendee-lines';

// The case's meetings (Sub Group, panel, draft report, Executive), decision 027. The Unit records
// a meeting with its attendees, agenda, decisions and first minutes; the Chair reads.
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.panel.meetings({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	return { view: found.value, role: event.locals.user?.role ?? null };
};

export const actions: Actions = {
	record: (event) =>
		actOnForm(event, 'meeting', 'The meeting was recorded.', (caller, data) => {
			const users: AttendeeInput[] = data
				.getAll('attendeeUserIds')
				.filter((userId) => typeof userId === 'string')
				.map((userId) => ({ userId }));
			const minutes = formText(data, 'minutes').trim();
			return caller.panel.recordMeeting({
				id: event.params.id,
				version: Number(formText(data, 'version')),
				kind: formText(data, 'kind') as MeetingKind,
				heldOn: formText(data, 'heldOn'),
				attendees: [...users, ...othersFromLines(formText(data, 'others'))],
				agenda: formText(data, 'agenda'),
				decisions: formText(data, 'decisions'),
				shortReportRequestIds: data.getAll('shortReportRequestIds').map(String),
				minutes: minutes || undefined
			});
		})
};
