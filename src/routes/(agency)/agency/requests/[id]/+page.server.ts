import { fail } from '@sveltejs/kit';
import type { Actions, RequestEvent } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { readAgencyPost } from '$lib/server/kit/agency-uploads';
import type { FieldErrors } from '$lib/errors';
import { shortReportFromForm, type ShortReportInput } from '$lib/domain/agency/short-report';

// The request is loaded in the browser (+page.ts), so it opens offline from the device.

/** Field errors of the report as the page names them: 'report.author.name' → 'author.name'. */
function underReport(errors: FieldErrors): FieldErrors {
	return Object.fromEntries(
		Object.entries(errors).map(([path, message]) => [path.replace(/^report\./, ''), message])
	);
}

async function answer(event: RequestEvent, correction: boolean) {
	// The files go to disk as they arrive; the text fields come back as the form's data.
	const { data, kept, refusals } = await readAgencyPost(event);
	const draft = shortReportFromForm(data);
	const formName = correction ? 'correction' : 'report';
	if (refusals.length > 0) {
		return fail(400, {
			form: formName,
			errors: { attachments: refusals.join(' ') },
			draft,
			uploaded: kept
		});
	}
	const caller = await serverCaller(event);
	const base = {
		requestId: event.params.id,
		clientId: formText(data, 'clientId'),
		report: draft as ShortReportInput,
		attachmentIds: kept.map((f) => f.id)
	};
	const r = await attempt(() =>
		correction
			? caller.agency.correctReport({ ...base, correctsId: formText(data, 'correctsId') })
			: caller.agency.submitReport(base)
	);
	if (!r.ok)
		return fail(400, { form: formName, errors: underReport(r.errors), draft, uploaded: kept });
	return {
		form: formName,
		// The device keeps the signed receipt (docs/decisions/032), as for what its outbox sends.
		clientId: base.clientId,
		receipt: r.value.receipt,
		done: correction
			? `Your correction was sent as version ${r.value.version}. The earlier version is kept.`
			: 'Your short report was sent to the Safeguarding Unit.'
	};
}

export const actions: Actions = {
	submitReport: (event) => answer(event, false),
	correctReport: (event) => answer(event, true),
	nilReturn: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.agency.nilReturn({
				requestId: event.params.id,
				clientId: formText(data, 'clientId'),
				author: {
					name: formText(data, 'nil.author.name'),
					role: formText(data, 'nil.author.role')
				},
				confirm: (formText(data, 'nil.confirm') === 'yes') as true
			})
		);
		if (!r.ok) return fail(400, { form: 'nil', errors: r.errors });
		return { form: 'nil', done: 'You told the Safeguarding Unit your agency had no involvement.' };
	},
	acknowledgeFilesSecured: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const r = await attempt(() =>
			caller.agency.acknowledgeFilesSecured({ instructionId: formText(data, 'instructionId') })
		);
		if (!r.ok) return fail(400, { form: 'files', errors: r.errors });
		return { form: 'files', done: 'You confirmed that your agency’s files are secured.' };
	}
};
