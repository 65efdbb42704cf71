import { json } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { attachmentsFor } from '$lib/server/kit/endpoint-services';
import { Problem } from '$lib/server/infra/problem';
import { ERRORS, type ErrorCode } from '$lib/errors';
import { MAX_FILE_BYTES, sizeRefusal } from '$lib/domain/agency/attachment-rules';

function refusal(status: number, code: ErrorCode, message: string = ERRORS[code].message) {
	return json({ error: { code, message } }, { status });
}

/**
 * Uploads one attachment for a short report (docs/decisions/011): the raw file as the body with
 * its name in `X-Filename` (URI-encoded), or a multipart form with a `file` field. Answers the
 * attachment's id; the same content again answers the same id, so a retry is harmless.
 */
export const POST: RequestHandler = async ({ request, locals, url }) => {
	const origin = request.headers.get('origin');
	if (origin !== null && origin !== url.origin) return refusal(403, 'CROSS_SITE_REQUEST');
	if (!locals.user) return refusal(401, 'UNAUTHENTICATED');
	if (locals.user.role !== 'agency') return refusal(403, 'FORBIDDEN_ROLE');
	const declared = Number(request.headers.get('content-length') ?? '0');
	let name = 'attachment';
	let stored: (attachments: Awaited<ReturnType<typeof attachmentsFor>>) => Promise<unknown>;
	if (request.headers.get('content-type')?.startsWith('multipart/form-data')) {
		const file = (await request.formData()).get('file');
		if (!(file instanceof File)) {
			return refusal(400, 'INVALID_INPUT', 'Choose a file to upload in the field named file.');
		}
		name = file.name;
		const early = sizeRefusal(name, file.size);
		if (early) return refusal(400, 'ATTACHMENT_REFUSED', early);
		const bytes = new Uint8Array(await file.arrayBuffer());
		stored = (attachments) => attachments.store({ name, bytes });
	} else {
		try {
			name = decodeURIComponent(request.headers.get('x-filename') ?? 'attachment');
		} catch {
			name = 'attachment';
		}
		// Refuse an announced oversize body before reading it.
		if (declared > MAX_FILE_BYTES) {
			return refusal(400, 'ATTACHMENT_REFUSED', sizeRefusal(name, declared) ?? undefined);
		}
		// The raw body goes to disk as it arrives (docs/decisions/018), never whole into memory.
		const fileName = name;
		stored = (attachments) => attachments.storeStream({ name: fileName, body: request.body });
	}
	const attachments = await attachmentsFor(locals.user);
	try {
		const attachment = await stored(attachments);
		return json({ attachment }, { status: 201 });
	} catch (error) {
		const cause = error instanceof TRPCError ? error.cause : undefined;
		if (cause instanceof Problem) {
			const status = cause.code === 'FORBIDDEN_ROLE' ? 403 : 400;
			return json({ error: { code: cause.code, message: cause.message, file: name } }, { status });
		}
		throw error;
	}
};
