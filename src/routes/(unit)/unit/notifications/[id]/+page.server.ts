import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { ERRORS } from '$lib/errors';
import type { CaseClassification } from '$lib/domain/case/case-choices';
import type { Chapter6ReferralAnswer } from '$lib/domain/triage/other-children';

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.triage.notification({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	const [members, cases] = await Promise.all([caller.users.unitMembers(), caller.cases.list({})]);
	return {
		notification: found.value,
		members,
		openCases: cases.map((c) => ({ id: c.id, reference: c.reference, stateLabel: c.stateLabel }))
	};
};

/** Each triage step is its own small form; a refusal comes back to the form it came from. */
function failed(form: string, errors: Record<string, string>, values: Record<string, string>) {
	return fail(400, { form, errors, values });
}

/** A problem with one partner LSCB ('partnerLscbs.3') belongs to the one box they are typed in. */
function partnersAsOneField(errors: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, message] of Object.entries(errors)) {
		const field = key.startsWith('partnerLscbs.') ? 'partnerLscbs' : key;
		out[field] ??= message;
	}
	return out;
}

export const actions: Actions = {
	assign: async (event) => {
		const data = await event.request.formData();
		const assigneeId = formText(data, 'assigneeId');
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.assign({ notificationId: event.params.id, assigneeId })
		);
		if (!r.ok) return failed('assign', r.errors, { assigneeId });
		return { form: 'assign', done: 'The notification was assigned.' };
	},
	otherChildren: async (event) => {
		const data = await event.request.formData();
		const action = formText(data, 'action');
		const chapter6Referral = formText(data, 'chapter6Referral');
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.recordOtherChildrenAction({
				notificationId: event.params.id,
				action,
				chapter6Referral: chapter6Referral as Chapter6ReferralAnswer
			})
		);
		if (!r.ok) return failed('otherChildren', r.errors, { action, chapter6Referral });
		return { form: 'otherChildren', done: 'The action taken for the other children was recorded.' };
	},
	leadAuthority: async (event) => {
		const data = await event.request.formData();
		const values = {
			childLivesIn: formText(data, 'childLivesIn'),
			lookedAfter: formText(data, 'lookedAfter'),
			responsibleAuthority: formText(data, 'responsibleAuthority'),
			partnerLscbs: formText(data, 'partnerLscbs')
		};
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.recordLeadAuthority({
				notificationId: event.params.id,
				childLivesIn: values.childLivesIn,
				lookedAfter: values.lookedAfter as 'yes',
				responsibleAuthority: values.responsibleAuthority.trim() || undefined,
				// One a line; blank lines are dropped by the rule.
				partnerLscbs: values.partnerLscbs.split(/\r?\n/)
			})
		);
		if (!r.ok) return failed('leadAuthority', partnersAsOneField(r.errors), values);
		return { form: 'leadAuthority', done: `The lead LSCB was recorded: ${r.value.lead}.` };
	},
	cdop: async (event) => {
		const data = await event.request.formData();
		const values = {
			informedOn: formText(data, 'informedOn'),
			informedBy: formText(data, 'informedBy')
		};
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.recordCdopInformed({ notificationId: event.params.id, ...values })
		);
		if (!r.ok) return failed('cdop', r.errors, values);
		return { form: 'cdop', done: 'CDOP informed was recorded.' };
	},
	openCase: async (event) => {
		const data = await event.request.formData();
		const classification = formText(data, 'classification');
		const ownerId = formText(data, 'ownerId');
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.openCase({
				notificationId: event.params.id,
				classification: classification as CaseClassification,
				ownerId: ownerId || undefined
			})
		);
		if (!r.ok) return failed('openCase', r.errors, { classification, ownerId });
		redirect(303, `/cases/${r.value.caseId}`);
	},
	linkToCase: async (event) => {
		const data = await event.request.formData();
		const caseId = formText(data, 'caseId');
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.linkToCase({ notificationId: event.params.id, caseId })
		);
		if (!r.ok) return failed('linkToCase', r.errors, { caseId });
		redirect(303, `/cases/${caseId}`);
	},
	returnToPractitioner: async (event) => {
		const data = await event.request.formData();
		const message = formText(data, 'message');
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.triage.returnToPractitioner({ notificationId: event.params.id, message })
		);
		if (!r.ok) return failed('returnToPractitioner', r.errors, { message });
		return {
			form: 'returnToPractitioner',
			done: 'The notification was sent back to the practitioner.'
		};
	}
};
