import { Upload, type HttpResponse } from 'tus-js-client';
import { AnswerRefused, type FileUploader } from './agency-outbox';
import type { AgencyOutboxDb } from './agency-outbox-db';
import { FILE_CHUNK_BYTES, sealedFileReader } from './file-chunks';
import { TransportError } from './outbox';

// The agency outbox's files go by tus 1.0.0 (tus-js-client) to /api/uploads (docs/decisions/032):
// metadata requestId, filename, filetype and sha256 (hex of the whole file), 1 MB chunks read and
// decrypted one at a time from the device, the server naming the stored file in `Attachment-Id`.

interface Unlocked {
	db: AgencyOutboxDb;
	key: CryptoKey;
	userId: string;
}

/** Who answered a tus request with an error, as the outbox sees it. */
function uploadError(error: Error & { originalResponse?: HttpResponse | null }, name: string) {
	const status = error.originalResponse?.getStatus() ?? 0;
	if (status === 0) return new TransportError('network', 'The server could not be reached');
	if (status === 401) return new TransportError('expired', 'Session ended');
	if (status >= 500 || status === 423 || status === 429) {
		return new TransportError('server', `The server answered ${status}`);
	}
	// tus's own 400 for a chunk it stopped reading (another request took the upload's lock, or the
	// body broke on the way in, as under a BODY_SIZE_LIMIT smaller than a chunk) says nothing
	// about the file: it waits and goes again, rather than asking the agency to attach it again.
	if (status === 400 && error.originalResponse?.getBody()?.startsWith('Request aborted')) {
		return new TransportError('server', 'The server stopped reading a chunk');
	}
	// The server's own words when it gives them as plain text (a wrong hash, a type found only
	// when complete); never an error page's markup.
	const plain = error.originalResponse?.getHeader('Content-Type')?.startsWith('text/plain');
	const said = plain ? error.originalResponse?.getBody()?.trim() : undefined;
	const message =
		said && said.length < 500
			? said
			: `${name} could not be sent: the server refused it. Attach it again, or send the report without it.`;
	return new AnswerRefused(message, { attachments: message });
}

/**
 * Uploads a kept file by tus, resuming from the server's offset when the outbox knows the
 * upload's address (a HEAD first). The upload's address is kept by the outbox itself, sealed
 * nowhere and never in localStorage: tus-js-client's own store would keep the file's name there
 * in the clear, so it is off.
 */
export function tusUploader(
	device: Unlocked,
	endpoint = '/api/uploads',
	// The outbox retries with its own back-off; tus retries a dropped chunk once quickly.
	retryDelays = [0, 1_000]
): FileUploader {
	return {
		upload(file, state, hooks) {
			return new Promise<string>((resolve, reject) => {
				let attachmentId: string | null = null;
				const upload = new Upload({ kept: file } as unknown as Blob, {
					endpoint,
					uploadUrl: state.uploadUrl ?? null,
					chunkSize: FILE_CHUNK_BYTES,
					metadata: {
						requestId: hooks.requestId,
						filename: file.name,
						filetype: file.mime,
						sha256: file.sha256
					},
					storeFingerprintForResuming: false,
					retryDelays,
					fileReader: sealedFileReader(device),
					onUploadUrlAvailable: () => {
						if (upload.url) void hooks.onUploadUrl(upload.url);
					},
					onProgress: (sent) => hooks.onProgress(sent, false),
					onChunkComplete: (_chunk, accepted) => hooks.onProgress(accepted, true),
					onAfterResponse: (_request, response) => {
						attachmentId = response.getHeader('Attachment-Id') ?? attachmentId;
					},
					onSuccess: () => {
						if (attachmentId) resolve(attachmentId);
						else reject(new TransportError('server', 'The server did not name the stored file'));
					},
					onError: (error) => reject(uploadError(error, file.name))
				});
				upload.start();
			});
		}
	};
}
