import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { actOnForm } from '$lib/server/kit/form-action';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { ERRORS } from '$lib/errors';
import type { CaseDocumentKind, OfstedDispatchItem } from '$lib/domain/review/review-work';

// The review (§13.7–§13.14, decision 027): the panel, timetable, specialist opinions, the
// terms of reference and reports as versions, and the dispatch to Ofsted. The Unit records; the
// Chair reads (the procedures refuse the Chair's writes whatever is posted).
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.panel.work({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	const isUnit = event.locals.user?.role === 'unit';
	const agencies = isUnit ? await caller.agencies.list() : [];
	return {
		work: found.value,
		agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
		role: event.locals.user?.role ?? null
	};
};

const version = (data: FormData) => Number(formText(data, 'version'));
const optional = (data: FormData, name: string) => formText(data, name).trim() || undefined;

export const actions: Actions = {
	appoint: (event) =>
		actOnForm(event, 'appoint', 'The appointment and declaration were recorded.', (caller, data) =>
			caller.panel.appointIndependent({
				id: event.params.id,
				version: version(data),
				role: formText(data, 'role') as 'independent_chair',
				name: formText(data, 'name'),
				employer: formText(data, 'employer'),
				employerAgencyId: optional(data, 'employerAgencyId'),
				notEmployedByInvolvedAgency: (formText(data, 'notEmployedByInvolvedAgency') ===
					'yes') as true,
				declaredOn: formText(data, 'declaredOn')
			})
		),
	member: (event) =>
		actOnForm(event, 'member', 'The panel member was added.', (caller, data) =>
			caller.panel.addMember({
				id: event.params.id,
				version: version(data),
				name: formText(data, 'name'),
				agencyId: formText(data, 'agencyId'),
				jobTitle: formText(data, 'jobTitle')
			})
		),
	milestone: (event) =>
		actOnForm(event, 'milestone', 'The milestone was added to the timetable.', (caller, data) =>
			caller.panel.addMilestone({
				id: event.params.id,
				version: version(data),
				milestone: formText(data, 'milestone'),
				dueOn: formText(data, 'dueOn')
			})
		),
	opinion: (event) =>
		actOnForm(event, 'opinion', 'The specialist opinion was recorded.', (caller, data) =>
			caller.panel.recordSpecialistOpinion({
				id: event.params.id,
				version: version(data),
				specialism: formText(data, 'specialism'),
				reason: formText(data, 'reason'),
				subGroupChairName: formText(data, 'subGroupChairName'),
				subGroupChairAgreedOn: formText(data, 'subGroupChairAgreedOn'),
				lscbChairName: formText(data, 'lscbChairName'),
				lscbChairAgreedOn: formText(data, 'lscbChairAgreedOn')
			})
		),
	document: (event) =>
		actOnForm(
			event,
			(data) => `document-${formText(data, 'kind')}`,
			'The new version was saved.',
			(caller, data) =>
				caller.panel.saveDocumentVersion({
					id: event.params.id,
					version: version(data),
					kind: formText(data, 'kind') as CaseDocumentKind,
					body: formText(data, 'body'),
					note: optional(data, 'note')
				})
		),
	dispatch: (event) =>
		actOnForm(event, 'dispatch', 'The review was recorded as sent to Ofsted.', (caller, data) =>
			caller.panel.recordOfstedDispatch({
				id: event.params.id,
				version: version(data),
				sentOn: formText(data, 'sentOn'),
				overviewReportVersion: Number(formText(data, 'overviewReportVersion')),
				executiveSummaryVersion: Number(formText(data, 'executiveSummaryVersion')),
				itemsSent: data.getAll('itemsSent').map(String) as OfstedDispatchItem[],
				twoHardCopies: (formText(data, 'twoHardCopies') === 'yes') as true,
				registeredPostReference: formText(data, 'registeredPostReference')
			})
		)
};
