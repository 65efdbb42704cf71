import { fail, type RequestEvent } from '@sveltejs/kit';
import { serverCaller } from './guards';
import { attempt } from './action-errors';
import { formText } from './form-data';
import type { ImrRequestRow } from '$lib/server/services/imrs/imrs';
import { mayRequestImrs } from '$lib/domain/imr/imr-status';

// The IMR section of the case page (§13.6, §13.9), kept out of the page's own server file so
// the shared page changes by a line or two: what it loads and the action that sends the letters.

type Caller = Awaited<ReturnType<typeof serverCaller>>;

/**
 * The case's IMR requests, once the SCR is decided or while the case may send them (an "IMRs
 * only" decision too, §13.6); after another decision of the Chair's, only if any were sent (an
 * "IMRs only" case since closed). Each read audited.
 */
export async function loadCaseImrs(
	caller: Caller,
	view: { id: string; state: string; dates: { scrDecidedOn?: string; chairDecidedOn?: string } }
): Promise<ImrRequestRow[] | null> {
	if (view.dates.scrDecidedOn !== undefined || mayRequestImrs(view.state)) {
		return caller.imrs.forCase({ caseId: view.id });
	}
	if (view.dates.chairDecidedOn === undefined) return null;
	const rows = await caller.imrs.forCase({ caseId: view.id });
	return rows.length > 0 ? rows : null;
}

/** The form action that sends IMR request letters, answered like the page's other forms. */
export async function sendImrRequestsAction(event: RequestEvent<{ id: string }>) {
	const data = await event.request.formData();
	const caller = await serverCaller(event);
	const sentOn = formText(data, 'sentOn').trim();
	const r = await attempt(() =>
		caller.imrs.send({
			id: event.params.id,
			version: Number(formText(data, 'version')),
			agencyIds: data.getAll('imrAgencyIds').map(String),
			sentOn: sentOn || undefined,
			dueOn: formText(data, 'dueOn').trim()
		})
	);
	if (!r.ok) {
		return fail(400, {
			form: 'imrs',
			errors: r.errors,
			values: { sentOn: formText(data, 'sentOn'), dueOn: formText(data, 'dueOn') }
		});
	}
	return { form: 'imrs', done: 'The IMR request letters were sent.' };
}
