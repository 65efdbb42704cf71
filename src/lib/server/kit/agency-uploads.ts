import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from './guards';
import { attempt } from './action-errors';
import { attachmentsFor } from './endpoint-services';
import { readMultipart } from './multipart';
import { problem } from '$lib/server/infra/problem';
import { MAX_REPORT_BYTES, reportSizeRefusal } from '$lib/domain/agency/attachment-rules';

// Files an agency posts with a short report or an IMR, stored in the one attachment store with
// its checks (docs/decisions/011), each written to disk as it arrives (docs/decisions/018).

export interface Uploaded {
	id: string;
	name: string;
	size: number;
}

/**
 * Reads the posted form and stores the files chosen in it, keeping those stored by an earlier
 * attempt. A refused file is named with the reason; the others are kept so the next attempt need
 * not send them. The form's text fields come back as `data`.
 */
export async function readAgencyPost(event: RequestEvent) {
	const user = requireRole(event.locals, 'agency');
	const attachments = await attachmentsFor(user);
	const stored: Uploaded[] = [];
	const refusals: string[] = [];
	let total = 0;
	const data = await readMultipart(event.request, async (file) => {
		if (file.field !== 'files') return;
		const result = await attempt(() =>
			attachments.storeStream({ name: file.name, body: countedAgainstReport(file.chunks) })
		);
		if (!result.ok)
			refusals.push(result.errors.attachments ?? Object.values(result.errors).join(' '));
		else {
			total += result.value.size;
			stored.push({ id: result.value.id, name: result.value.name, size: result.value.size });
		}
	});
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
	for (const file of stored) if (!kept.some((k) => k.id === file.id)) kept.push(file);
	return { data, kept, refusals };

	/** A report's files together may come to 50 MB: the one that goes past is refused as it does. */
	async function* countedAgainstReport(chunks: AsyncIterable<Uint8Array>) {
		let size = 0;
		for await (const chunk of chunks) {
			size += chunk.byteLength;
			if (total + size > MAX_REPORT_BYTES) {
				const message = reportSizeRefusal(total + size) ?? '';
				throw problem('ATTACHMENT_REFUSED', { attachments: message }, message);
			}
			yield chunk;
		}
	}
}
