import { error, fail } from '@sveltejs/kit';
import { uuidv7 } from 'uuidv7';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { readAgencyPost } from '$lib/server/kit/agency-uploads';
import { ERRORS, type FieldErrors } from '$lib/errors';
import { imrFromForm } from '$lib/domain/imr/imr-draft';
import { imrInputFromDraft } from '$lib/domain/imr/imr';

// An agency's IMR request (§13.6) and its answer (§13.9): only its own; any other id is not found.
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.imrs.request({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	// The page's identifier for its next version: a resend of the same form is the same version.
	return { request: found.value, clientId: uuidv7() };
};

/** Field errors as the page names them: 'imr.author.name' → 'author.name'. */
function underImr(errors: FieldErrors): FieldErrors {
	return Object.fromEntries(
		Object.entries(errors).map(([path, message]) => [path.replace(/^imr\./, ''), message])
	);
}

export const actions: Actions = {
	submitImr: async (event) => {
		// The files go to disk as they arrive; the text fields come back as the form's data.
		const { data, kept, refusals } = await readAgencyPost(event);
		const draft = imrFromForm(data);
		if (refusals.length > 0) {
			return fail(400, { errors: { attachments: refusals.join(' ') }, draft, uploaded: kept });
		}
		const caller = await serverCaller(event);
		const supersedesId = formText(data, 'supersedesId');
		const r = await attempt(() =>
			caller.imrs.submit({
				requestId: event.params.id,
				clientId: formText(data, 'clientId'),
				supersedesId: supersedesId || undefined,
				imr: imrInputFromDraft(draft),
				attachmentIds: kept.map((f) => f.id)
			})
		);
		if (!r.ok) return fail(400, { errors: underImr(r.errors), draft, uploaded: kept });
		const signed = r.value.signedOff
			? 'signed off'
			: 'not yet signed off: send a signed-off version before it goes to the panel';
		return {
			done:
				r.value.version > 1
					? `Version ${r.value.version} of your IMR was sent, ${signed}. The earlier version is kept.`
					: `Your IMR was sent to the Safeguarding Unit, ${signed}.`
		};
	}
};
