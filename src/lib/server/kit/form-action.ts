import { fail, type RequestEvent } from '@sveltejs/kit';
import { serverCaller } from './guards';
import { attempt } from './action-errors';

export type ServerCaller = Awaited<ReturnType<typeof serverCaller>>;

/** The text fields of a posted form, to show again beside its messages when it is refused. */
function typedValues(data: FormData): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] = all.length > 1 ? all : (all[0] ?? '');
	}
	return values;
}

/**
 * One form's write through the router: on refusal, 400 with the form's name, its messages and
 * what was typed (nothing typed is lost); on success, the form's name and a line to announce.
 */
export async function actOnForm(
	event: RequestEvent,
	form: string | ((data: FormData) => string),
	done: string,
	call: (caller: ServerCaller, data: FormData) => Promise<unknown>
) {
	const data = await event.request.formData();
	const name = typeof form === 'string' ? form : form(data);
	const caller = await serverCaller(event);
	const r = await attempt(() => call(caller, data));
	if (!r.ok) return fail(400, { form: name, errors: r.errors, values: typedValues(data) });
	return { form: name, done };
}
