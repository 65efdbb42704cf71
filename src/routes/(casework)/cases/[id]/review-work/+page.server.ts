import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { ERRORS } from '$lib/errors';
import { isOneOf } from '$lib/domain/one-of';
import { REVIEW_ENTRY_FIELDS, REVIEW_ENTRY_KINDS } from '$lib/domain/review/review-kinds';

// The review as work beside the review (§13.6–§13.19): the Unit records, the Chair reads.
// Each load is audited as a view of case content (review.get).

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const found = await attempt(() => caller.review.get({ id: event.params.id }));
	if (!found.ok) error(404, { message: ERRORS.NOT_FOUND.message });
	return { review: found.value, role: event.locals.user?.role ?? null };
};

export const actions: Actions = {
	record: async (event) => {
		const data = await event.request.formData();
		const kind = formText(data, 'kind');
		if (!isOneOf(REVIEW_ENTRY_KINDS, kind)) {
			return fail(400, {
				form: 'unknown',
				errors: { _form: ERRORS.INVALID_INPUT.message },
				values: {}
			});
		}
		// Only this kind's fields are read; blanks are "not recorded". The server checks them all.
		const entry: Record<string, string> = {};
		const typed: Record<string, string> = {};
		for (const name of REVIEW_ENTRY_FIELDS[kind]) {
			typed[name] = formText(data, name);
			const value = typed[name].trim();
			if (value !== '') entry[name] = value;
		}
		const caller = await serverCaller(event);
		type RecordInput = Parameters<typeof caller.review.record>[0];
		const r = await attempt(() =>
			caller.review.record({
				id: event.params.id,
				version: Number(formText(data, 'version')),
				kind,
				...entry
			} as RecordInput)
		);
		if (!r.ok) return fail(400, { form: kind, errors: r.errors, values: typed });
		return { form: kind, done: 'Recorded. It is in the case timeline.' };
	}
};
