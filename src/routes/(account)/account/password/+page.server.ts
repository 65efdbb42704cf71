import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { formText } from '$lib/server/kit/form-data';
import { HOME_BY_ROLE } from '$lib/domain/roles';

export const load: PageServerLoad = ({ locals }) => ({
	// Set on accounts an administrator created, until the person chooses their own password.
	firstPassword: locals.user?.mustChangePassword ?? false
});

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const caller = await serverCaller(event);
		const result = await attempt(() =>
			caller.account.changePassword({
				currentPassword: formText(data, 'currentPassword'),
				newPassword: formText(data, 'newPassword'),
				confirmPassword: formText(data, 'confirmPassword')
			})
		);
		// Passwords are never sent back to the page, even when refused. Too many wrong current
		// passwords (counted as sign-in attempts) are the current password field's problem.
		if (!result.ok) {
			const { _form, ...fields } = result.errors;
			return fail(400, { errors: _form ? { ...fields, currentPassword: _form } : fields });
		}
		const user = event.locals.user;
		// Someone choosing their first password goes on to their work; anyone else sees it done.
		redirect(
			303,
			user?.mustChangePassword ? HOME_BY_ROLE[user.role] : '/account?password-changed=1'
		);
	}
};
