import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';

// Setting up the second factor at first sign-in (decision 022): the secret as a QR code and as
// text, confirmed with one code; then the recovery codes, shown this once.
export const load: PageServerLoad = async (event) => {
	const caller = await serverCaller(event);
	const enrolment = await attempt(() => caller.auth.enrolment());
	// No pending sign-in (timed out, or just completed by this page's own action): the page says so
	// or shows the recovery codes the action answered.
	return { enrolment: enrolment.ok ? enrolment.value : null };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.auth.confirmEnrolment({ code: formText(data, 'code') })
		);
		if (!result.ok) {
			const { _form, ...fields } = result.errors;
			return fail(400, { errors: _form ? { ...fields, code: _form } : fields });
		}
		return { recoveryCodes: result.value.recoveryCodes, home: result.value.home };
	}
};
