import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';
import { error } from '@sveltejs/kit';
import { ERRORS } from '$lib/errors';
import { MAX_FILE_BYTES } from '$lib/domain/agency/attachment-rules';
import { BODY_LIMITS } from './request-handles';

/*
 * A multipart form read as it arrives (docs/decisions/018): text fields come back as FormData,
 * so the pages' zod parsing and field errors stay as they were, and each file part is handed over
 * as a stream of chunks, so no file is ever whole in memory. Files are handled one at a time, in
 * the order sent; busboy waits while a file is being written.
 */

/** A file part: its name as sent and its bytes as they arrive. */
export interface FilePart {
	field: string;
	name: string;
	chunks: AsyncIterable<Uint8Array>;
}

/** At most this many files in one post: the 20 a report or an IMR may carry, and some slack. */
const MAX_FILES = 25;
/** A page's text fields: the longest form is well under a thousand fields of 1 MB at most. */
const MAX_FIELDS = 1000;

/**
 * Reads `request`'s form. `onFile` is called for each non-empty file part, in turn; whatever it
 * does not read of the part is skipped. A form that is not multipart is small (bodyLimits holds
 * it to a page form's size) and is read as usual.
 */
export async function readMultipart(
	request: Request,
	onFile: (file: FilePart) => Promise<void>
): Promise<FormData> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('multipart/form-data')) {
		// Only a multipart form may carry files, so only it may be large.
		const declared = Number(request.headers.get('content-length') ?? '0');
		if (declared > BODY_LIMITS.signedIn) error(413, { message: ERRORS.BODY_TOO_LARGE.message });
		return request.formData();
	}
	const fields = new FormData();
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': type },
			// One byte past the limit, so the store sees the file is too large and says so.
			limits: { fileSize: MAX_FILE_BYTES + 1, files: MAX_FILES, fields: MAX_FIELDS }
		});
	} catch {
		error(400, { message: ERRORS.INVALID_INPUT.message });
	}
	let queue: Promise<void> = Promise.resolve();
	let failure: Error | null = null;
	parser.on('field', (name, value) => fields.append(name, value));
	parser.on('file', (field, stream, info) => {
		queue = queue.then(async () => {
			try {
				if (failure === null) await handOver(field, info.filename ?? '', stream, onFile);
			} catch (cause) {
				failure ??= cause instanceof Error ? cause : new Error('A file part could not be read.');
			} finally {
				// Skip the rest of a part not read to its end (a refused file), so the form goes on.
				if (!stream.readableEnded) {
					stream.resume();
					await finished(stream).catch(() => undefined);
				}
			}
		});
	});
	// Busboy skips the files past the limit; the post is then refused as a whole.
	let tooManyFiles = false;
	parser.on('filesLimit', () => (tooManyFiles = true));
	const done = new Promise<void>((resolve, reject) => {
		parser.on('close', resolve);
		parser.on('error', reject);
	});
	const body = request.body ? Readable.fromWeb(request.body as never) : Readable.from([]);
	body.on('error', (cause) => parser.destroy(cause));
	body.pipe(parser);
	try {
		await done;
	} catch (cause) {
		// A malformed or broken-off body: stop reading it, and let the file in hand fail too.
		body.destroy();
		parser.destroy();
		await queue;
		// adapter-node's own refusal of a body past BODY_SIZE_LIMIT, as request.formData() gave it.
		if ((cause as { status?: unknown } | null)?.status === 413) {
			error(413, { message: ERRORS.BODY_TOO_LARGE.message });
		}
		error(400, { message: ERRORS.INVALID_INPUT.message });
	}
	await queue;
	// Set in the file handler, which TypeScript cannot see.
	const failed = failure as Error | null;
	if (failed) throw failed;
	if (tooManyFiles) error(400, { message: `Attach at most 20 files at a time.` });
	return fields;
}

/**
 * Hands a part to `onFile` unless it is the empty part a browser sends for a file input left
 * empty (no name, no bytes); a nameless part with bytes is still a file.
 */
async function handOver(
	field: string,
	name: string,
	stream: Readable,
	onFile: (file: FilePart) => Promise<void>
) {
	// Not destroyed when the reader stops early: the rest is skipped instead, so busboy goes on.
	const iterator = stream.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Buffer>;
	const first = await iterator.next();
	if (first.done && name === '') return;
	async function* chunks() {
		if (first.done) return;
		yield new Uint8Array(first.value.buffer, first.value.byteOffset, first.value.byteLength);
		for await (const chunk of iterator) {
			yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		}
	}
	await onFile({ field, name, chunks: chunks() });
}
