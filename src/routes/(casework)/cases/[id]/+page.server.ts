import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { ERRORS } from '$lib/errors';
import { presetMoveByKey, type AnyCaseState } from '$lib/domain/procedure-presets/presets';
import { transitionFields } from '$lib/domain/case/transition-fields';
import { isAnswered } from '$lib/domain/agency/request-status';
import { loadCaseImrs, sendImrRequestsAction } from '$lib/server/kit/imr-actions';

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.cases.get({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	const isUnit = event.locals.user?.role === 'unit';
	const [agencies, members] = isUnit
		? await Promise.all([caller.agencies.list(), caller.users.unitMembers()])
		: [[], []];
	// The Chair reads every answer on the case itself, each read audited as a view of the report
	// (§13.6: the Chair decides on everything the agencies said). The Unit opens each from its row.
	const answers = [];
	let notifications: Awaited<ReturnType<typeof caller.cases.notifications>> = [];
	if (event.locals.user?.role === 'chair') {
		notifications = await caller.cases.notifications({ id: found.value.id });
		for (const request of found.value.requests.filter((r) => isAnswered(r.status))) {
			const { id, agencyName, versions } = await caller.agency.request({ id: request.id });
			answers.push({ id, agencyName, versions });
		}
	}
	const review = await caller.panel.work({ id: found.value.id });
	return {
		case: found.value,
		imrs: await loadCaseImrs(caller, found.value),
		reviewWork: await caller.review.get({ id: found.value.id }),
		review,
		answers,
		notifications,
		agencies: agencies.map((a) => ({ id: a.id, name: a.name })),
		members,
		role: event.locals.user?.role ?? null
	};
};

const version = (data: FormData) => Number(formText(data, 'version'));

/** A refused step: its messages, and what was typed, to show again beside them. */
function failed(
	form: string,
	errors: Record<string, string>,
	values: Record<string, unknown> = {}
) {
	return fail(400, { form, errors, values });
}

export const actions: Actions = {
	sendImrRequests: sendImrRequestsAction,
	transition: async (event) => {
		const data = await event.request.formData();
		const to = formText(data, 'to');
		const caller = await serverCaller(event);
		const role = event.locals.user?.role;
		// The form names its move ('from->to'), which says what fields to read without loading the
		// case (and auditing a view) again; the procedure checks the move against the real state.
		const move = presetMoveByKey(formText(data, 'key'), to);
		// Only the fields this move asks for are read; the server checks them whatever arrives.
		const payload: Record<string, unknown> = {};
		const typed: Record<string, unknown> = {};
		for (const field of transitionFields(move?.requires ?? [])) {
			if (field.kind === 'agencies') {
				payload[field.name] = typed[field.name] = data.getAll(field.name).map(String);
			} else {
				typed[field.name] = formText(data, field.name);
				const value = formText(data, field.name).trim();
				if (value !== '') payload[field.name] = value;
			}
		}
		const r = await attempt(() =>
			caller.cases.transition({
				id: event.params.id,
				version: version(data),
				to: to as AnyCaseState,
				payload
			})
		);
		if (!r.ok) return failed(`transition:${to}`, r.errors, typed);
		// After deciding, the case usually leaves the Chair's view: back to their list, with word.
		if (role === 'chair') redirect(303, '/chair?decided=1');
		return { form: 'transition', done: `Done: ${move?.action ?? 'the case moved on'}.` };
	},
	requestShortReports: async (event) => {
		const data = await event.request.formData();
		const dueOn = formText(data, 'dueOn').trim();
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.cases.requestShortReports({
				id: event.params.id,
				version: version(data),
				agencyIds: data.getAll('requestAgencyIds').map(String),
				dueOn: dueOn || undefined
			})
		);
		if (!r.ok) return failed('requests', r.errors);
		return { form: 'requests', done: 'Short reports were requested.' };
	},
	addActionItem: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.cases.addActionItem({
				id: event.params.id,
				version: version(data),
				ownerAgencyId: formText(data, 'ownerAgencyId'),
				action: formText(data, 'action'),
				dueOn: formText(data, 'itemDueOn')
			})
		);
		if (!r.ok) {
			return failed('actionItem', r.errors, {
				ownerAgencyId: formText(data, 'ownerAgencyId'),
				action: formText(data, 'action'),
				itemDueOn: formText(data, 'itemDueOn')
			});
		}
		return { form: 'actionItem', done: 'The action was added to the plan.' };
	},
	updateActionItem: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const evidence = formText(data, 'evidence').trim();
		const r = await attempt(() =>
			caller.cases.updateActionItem({
				id: event.params.id,
				version: version(data),
				itemId: formText(data, 'itemId'),
				status: formText(data, 'status') as 'open',
				evidence: evidence || undefined
			})
		);
		if (!r.ok) return failed(`item:${formText(data, 'itemId')}`, r.errors);
		return { form: 'actionItem', done: 'The action was updated.' };
	},
	recordDate: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const reason = formText(data, 'reason').trim();
		const r = await attempt(() =>
			caller.cases.recordDate({
				id: event.params.id,
				version: version(data),
				name: formText(data, 'name') as 'siReportSentOn',
				date: formText(data, 'date'),
				reason: reason || undefined
			})
		);
		if (!r.ok) {
			return failed('date', r.errors, {
				name: formText(data, 'name'),
				date: formText(data, 'date'),
				reason: formText(data, 'reason')
			});
		}
		return { form: 'date', done: 'The date was recorded.' };
	},
	assignOwner: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.cases.assignOwner({
				id: event.params.id,
				version: version(data),
				ownerId: formText(data, 'ownerId')
			})
		);
		if (!r.ok) return failed('owner', r.errors);
		return { form: 'owner', done: 'The case owner was changed.' };
	}
};
