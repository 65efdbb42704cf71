import { Upload, type HttpResponse } from 'tus-js-client';
import { api, describeApiError } from '$lib/api';
import { AnswerRefused, type AgencyTransport, type FileUploader } from './agency-outbox';
import type { AgencyOutboxDb } from './agency-outbox-db';
import { FILE_CHUNK_BYTES, sealedFileReader } from './file-chunks';
import { TransportError } from './outbox';
import { withoutBlankContacts, type ShortReportDraft } from '$lib/domain/agency/short-report-draft';
import type { ShortReportInput } from '$lib/domain/agency/short-report';

// How the agency's outbox reaches the server (docs/decisions/032): the answer through the same
// tRPC procedures the page's form actions call, its files by tus 1.0.0 (tus-js-client) at
// /api/uploads. Loaded only by the agency's pages, never by the notification form's.

/** Maps what a call threw onto what the outbox decides: try later, or ask the agency. */
function asOutboxError(error: unknown): Error {
	const { code, message, fieldErrors } = describeApiError(error);
	if (code === 'NETWORK') return new TransportError('network', message);
	if (code === 'INTERNAL') return new TransportError('server', message);
	if (code === 'SESSION_REVOKED') return new TransportError('revoked', message);
	if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED') {
		return new TransportError('expired', message);
	}
	// The page names fields as the form does: 'report.author.name' → 'author.name'.
	const named = Object.fromEntries(
		Object.entries(fieldErrors).map(([path, text]) => [path.replace(/^report\./, ''), text])
	);
	return new AnswerRefused(message, named);
}

export function agencyTransport(): AgencyTransport {
	return {
		async send(clientId, answer, attachmentIds) {
			const { requestId } = answer;
			try {
				if (answer.kind === 'nil') {
					const author = answer.nil?.author ?? { name: '', role: '' };
					return (await api.agency.nilReturn.mutate({ requestId, clientId, author, confirm: true }))
						.receipt;
				}
				const report = withoutBlankContacts(answer.report as ShortReportDraft) as ShortReportInput;
				const base = { requestId, clientId, report, attachmentIds };
				const sent =
					answer.kind === 'correction'
						? await api.agency.correctReport.mutate({
								...base,
								correctsId: answer.correctsId ?? ''
							})
						: await api.agency.submitReport.mutate(base);
				return sent.receipt;
			} catch (error) {
				throw asOutboxError(error);
			}
		}
	};
}

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
export function tusUploader(device: Unlocked, endpoint = '/api/uploads'): FileUploader {
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
					// The outbox retries with its own back-off; tus retries a dropped chunk once quickly.
					retryDelays: [0, 1_000],
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
