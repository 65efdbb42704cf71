import { isHttpError, json } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { attachmentsFor } from '$lib/server/kit/endpoint-services';
import { readMultipart } from '$lib/server/kit/multipart';
import { Problem } from '$lib/server/infra/problem';
import { ERRORS, type ErrorCode } from '$lib/errors';
import { MAX_FILE_BYTES, sizeRefusal } from '$lib/domain/agency/attachment-rules';

/** A multipart upload with no file in the field named `file`. */
class NoFile extends Error {}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

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
		// The file part goes to disk as it arrives, like a raw body (docs/decisions/018).
		stored = async (attachments) => {
			let outcome: Outcome | null = null;
			await readMultipart(request, async (file) => {
				if (file.field !== 'file' || outcome !== null) return;
				name = file.name;
				outcome = await attachments.storeStream({ name, body: file.chunks }).then(
					(value) => ({ ok: true as const, value }),
					(error: unknown) => ({ ok: false as const, error })
				);
			});
			// Set inside the callback, which TypeScript cannot see.
			const result = outcome as Outcome | null;
			if (result === null) throw new NoFile();
			if (!result.ok) throw result.error;
			return result.value;
		};
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
		// A broken-off or malformed form, answered in this endpoint's own shape.
		if (isHttpError(error)) {
			const code = error.status === 413 ? 'BODY_TOO_LARGE' : 'INVALID_INPUT';
			return refusal(error.status, code, error.body.message);
		}
		if (error instanceof NoFile) {
			return refusal(400, 'INVALID_INPUT', 'Choose a file to upload in the field named file.');
		}
		if (cause instanceof Problem) {
			const status = cause.code === 'FORBIDDEN_ROLE' ? 403 : 400;
			return json({ error: { code: cause.code, message: cause.message, file: name } }, { status });
		}
		throw error;
	}
};
