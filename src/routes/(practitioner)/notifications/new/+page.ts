import { uuidv7 } from 'uuidv7';
import type { PageLoad } from './$types';
import { device } from '$lib/client/device/device-session.svelte';
import { loadDraft } from '$lib/client/device/drafts';
import { outboxForm } from '$lib/client/device/outbox';
import {
	emptyNotificationForm,
	type NotificationDraft
} from '$lib/domain/notification/notification-draft';
import type { FieldErrors } from '$lib/errors';

export const load: PageLoad = async ({ url, parent }) => {
	await parent();
	const { db, key, userId } = device;
	const draftId = url.searchParams.get('draft');
	const outboxId = url.searchParams.get('outbox');
	if (draftId) {
		const draft = await loadDraft(db, key, userId, draftId);
		if (draft) {
			return {
				id: draftId,
				form: draft.form,
				correctsId: draft.correctsId,
				restored: true,
				problem: null
			};
		}
	}
	const correctsId = url.searchParams.get('corrects');
	if (correctsId) {
		// A notification the Unit sent back: start a new version from it. The first stays as it was.
		// The API client is loaded only on this path: a new notification is made on the device and
		// sent by the outbox over plain fetch, so it never needs it (docs/decisions/013).
		const { api } = await import('$lib/api');
		const original = await api.notifications.mineById.query({ id: correctsId }).catch(() => null);
		if (original && original.status === 'returned') {
			return {
				id: uuidv7(),
				form: original.form as unknown as NotificationDraft,
				correctsId,
				restored: false,
				problem: { message: original.returnMessage ?? '', fieldErrors: {} },
				returned: true
			};
		}
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
				correctsId: item.correctsId,
				form: form as unknown as NotificationDraft,
				restored: true,
				problem: item.problem ?? null
			};
		}
	}
	// A new form: its editor makes its id (a new one each time "New notification" is opened). A
	// draft's address that holds nothing yet (the form was never changed) keeps its id.
	return {
		id: draftId,
		form: emptyNotificationForm(),
		restored: false,
		problem: null as { message: string; fieldErrors: FieldErrors } | null
	};
};
