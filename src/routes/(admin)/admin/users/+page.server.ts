import { fail, type RequestEvent } from '@sveltejs/kit';
import { attempt } from '$lib/server/kit/action-errors';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { formText } from '$lib/server/kit/form-data';
import type { Actions, PageServerLoad } from './$types';
import { pageCaller, serverCaller } from '$lib/server/kit/guards';
import { fieldErrorsFrom } from '$lib/domain/field-errors';
import { Problem } from '$lib/server/infra/problem';

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const [users, agencies] = await Promise.all([caller.admin.users(), caller.admin.agencies()]);
	return {
		users: users.map(({ secondFactorEnrolledAt, ...u }) => ({
			...u,
			disabledAt: u.disabledAt?.getTime() ?? null,
			secondFactor: secondFactorEnrolledAt !== null
		})),
		// An administrator cannot disable or reset their own account from this page.
		selfId: event.locals.user?.id ?? null,
		agencies: agencies.map((a) => ({ id: a.id, name: a.name }))
	};
};

/** Errors from a procedure as the page shows them: field → message. */
function toFieldErrors(error: unknown): Record<string, string> | null {
	const cause = error instanceof TRPCError ? error.cause : undefined;
	if (cause instanceof ZodError) return fieldErrorsFrom(cause);
	if (cause instanceof Problem) return cause.fieldErrors ?? { _form: cause.message };
	return null;
}

export const actions: Actions = {
	create: async (event) => {
		const data = await event.request.formData();
		const values = {
			name: formText(data, 'name'),
			email: formText(data, 'email'),
			role: formText(data, 'role'),
			agencyId: formText(data, 'agencyId') || null
		};
		try {
			await (
				await serverCaller(event)
			).admin.createUser({
				...values,
				role: values.role as 'practitioner',
				password: formText(data, 'password')
			});
		} catch (error) {
			const errors = toFieldErrors(error);
			if (errors) return fail(400, { action: 'create' as const, values, errors });
			throw error;
		}
		return { action: 'create' as const, created: values.email };
	},
	disable: async (event) => setDisabled(event, true),
	enable: async (event) => setDisabled(event, false),
	resetLink: async (event) => {
		const data = await event.request.formData();
		const userId = formText(data, 'userId');
		const result = await attempt(async () =>
			(await serverCaller(event)).admin.issuePasswordReset({ userId })
		);
		if (!result.ok) return fail(400, { action: 'resetLink' as const, errors: result.errors });
		// Shown once, in this answer only: the token is stored hashed and cannot be shown again.
		return {
			action: 'resetLink' as const,
			userId,
			link: `${event.url.origin}${result.value.path}`,
			expiresAt: result.value.expiresAt
		};
	},
	resetSecondFactor: async (event) => {
		const data = await event.request.formData();
		const userId = formText(data, 'userId');
		const result = await attempt(async () =>
			(await serverCaller(event)).admin.resetSecondFactor({ userId })
		);
		if (!result.ok) return fail(400, { action: 'secondFactor' as const, errors: result.errors });
		return {
			action: 'secondFactor' as const,
			userId,
			sessionsEnded: result.value.sessionsEnded
		};
	},
	revoke: async (event) => {
		const data = await event.request.formData();
		try {
			const { revoked } = await (
				await serverCaller(event)
			).admin.revokeSessions({
				userId: formText(data, 'userId')
			});
			return { action: 'revoke' as const, revoked };
		} catch (error) {
			const errors = toFieldErrors(error);
			if (errors) return fail(400, { action: 'revoke' as const, errors });
			throw error;
		}
	}
};

async function setDisabled(event: RequestEvent, disabled: boolean) {
	const data = await event.request.formData();
	const userId = formText(data, 'userId');
	const caller = await serverCaller(event);
	const result = await attempt(() =>
		disabled ? caller.admin.disableUser({ userId }) : caller.admin.enableUser({ userId })
	);
	if (!result.ok) return fail(400, { action: 'status' as const, errors: result.errors });
	return { action: 'status' as const, userId, disabled, sessionsEnded: result.value.sessionsEnded };
}
