import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from './guards';
import { attempt } from './action-errors';
import { attachmentsFor } from './endpoint-services';

// Files an agency posts with a short report or an IMR, stored in the one attachment store with
// its checks (docs/decisions/011).

export interface Uploaded {
	id: string;
	name: string;
	size: number;
}

/**
 * Stores the files chosen in this post, keeping those stored by an earlier attempt. A refused
 * file is named with the reason; the others are kept so the next attempt need not send them.
 */
export async function uploadAgencyFiles(event: RequestEvent, data: FormData) {
	const user = requireRole(event.locals, 'agency');
	const attachments = await attachmentsFor(user);
	const kept: Uploaded[] = data
		.getAll('uploaded')
		.map(String)
		.flatMap((entry) => {
			try {
				return [JSON.parse(entry) as Uploaded];
			} catch {
				return [];
			}
		});
	const refusals: string[] = [];
	for (const file of data.getAll('files')) {
		if (!(file instanceof File) || (file.size === 0 && file.name === '')) continue;
		const bytes = new Uint8Array(await file.arrayBuffer());
		const stored = await attempt(() => attachments.store({ name: file.name, bytes }));
		if (!stored.ok)
			refusals.push(stored.errors.attachments ?? Object.values(stored.errors).join(' '));
		else if (!kept.some((k) => k.id === stored.value.id)) {
			kept.push({ id: stored.value.id, name: stored.value.name, size: stored.value.size });
		}
	}
	return { kept, refusals };
}
