import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { isOneOf } from '$lib/domain/one-of';
import { CASE_DOCUMENT_KINDS } from '$lib/domain/reports/case-document';

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const { id, kind } = event.params;
	if (!isOneOf(CASE_DOCUMENT_KINDS, kind)) {
		error(404, { message: 'There is no such document. Check the address.' });
	}
	return { id, kind, document: await caller.reports.caseDocument({ id, kind }) };
};
