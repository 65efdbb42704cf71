import { uuidv7 } from 'uuidv7';
import type { PageLoad } from './$types';
import { device } from '$lib/client/device/device-session.svelte';
import { loadDraft } from '$lib/client/device/drafts';
import { outboxForm } from '$lib/client/device/outbox';
import {
	emptyNotificationForm,
	type NotificationDraft
} from '$lib/domain/notification/notification-form';
import type { FieldErrors } from '$lib/errors';

export const load: PageLoad = async ({ url, parent }) => {
	await parent();
	const { db, key, userId } = device;
	const draftId = url.searchParams.get('draft');
	const outboxId = url.searchParams.get('outbox');
	if (draftId) {
		const form = await loadDraft(db, key, userId, draftId);
		if (form) return { id: draftId, form, restored: true, problem: null };
	}
	if (outboxId) {
		const item = await db.get('outbox', outboxId);
		const form = await outboxForm(db, key, userId, outboxId);
		if (item && form && item.state === 'attention') {
			// A form refused as invalid keeps its id; one in conflict with another record needs a new one.
			const conflict = Object.keys(item.problem?.fieldErrors ?? {}).length === 0;
			return {
				id: conflict ? uuidv7() : outboxId,
				replaces: outboxId,
				form: form as unknown as NotificationDraft,
				restored: true,
				problem: item.problem ?? null
			};
		}
	}
	// The id is made once, here: every retry of this form is the same record on the server.
	return {
		id: draftId ?? uuidv7(),
		form: emptyNotificationForm(),
		restored: false,
		problem: null as { message: string; fieldErrors: FieldErrors } | null
	};
};
