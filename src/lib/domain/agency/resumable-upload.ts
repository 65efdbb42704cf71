import { isAllowedMime, sizeRefusal, ALLOWED_IN_WORDS } from './attachment-rules';

// A file sent in resumable chunks over tus 1.0.0 (docs/decisions/031): what the creation request
// must declare, and the figures the browser's outbox and the server share. Pure, so the browser's
// outbox can use the same words.

/** The size of each PATCH: the browser sends the file in pieces of this many bytes. */
export const RESUMABLE_CHUNK_BYTES = 1024 * 1024;

/** Incomplete uploads older than this are swept away, unless their case's files are on hold. */
export const STALE_UPLOAD_AFTER_MS = 24 * 60 * 60 * 1000;

/** The response header that names the attachment a completed upload became. */
export const ATTACHMENT_ID_HEADER = 'Attachment-Id';

/** The roles that may upload this way. Practitioners join when notification attachments do. */
export const UPLOADER_ROLES = ['agency'] as const;

export interface UploadDeclaration {
	/** The short report request or IMR request the file is for. */
	requestId: string;
	filename: string;
	/** The MIME type the browser found; the server reads the real one from the content. */
	filetype: string;
	/** SHA-256 of the whole file, lower-case hex. */
	sha256: string;
	length: number;
}

export type DeclarationResult =
	{ ok: true; value: UploadDeclaration } | { ok: false; status: 400 | 413; message: string };

const ID = /^[0-9a-zA-Z-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * tus's `Upload-Metadata`: comma-separated `key base64value` pairs (a key alone means an empty
 * value). Answers null when it is not in that form or names a key twice.
 */
export function parseUploadMetadata(header: string | null): Record<string, string> | null {
	if (header === null || header.trim() === '') return {};
	if (header.length > 4096) return null;
	const result: Record<string, string> = {};
	for (const pair of header.split(',')) {
		const [key, value, ...rest] = pair.trim().split(' ');
		if (!key || rest.length > 0 || key in result || !/^[A-Za-z0-9_.-]{1,64}$/.test(key))
			return null;
		if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return null;
		result[key] = value === undefined ? '' : decodeBase64Utf8(value);
	}
	return result;
}

function decodeBase64Utf8(value: string): string {
	const binary = atob(value);
	const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
	return new TextDecoder().decode(bytes);
}

/**
 * What a creation request declares, checked before anything is stored: the request it is for,
 * a file name, an accepted type, the whole file's SHA-256 and a length of 20 MB or less (the
 * same limit and words as a file attached on the page, attachment-rules.ts).
 */
export function readDeclaration(
	metadataHeader: string | null,
	lengthHeader: string | null
): DeclarationResult {
	const metadata = parseUploadMetadata(metadataHeader);
	if (metadata === null) {
		return { ok: false, status: 400, message: 'Upload-Metadata is not in the tus form.' };
	}
	const { requestId = '', filename = '', filetype = '', sha256 = '' } = metadata;
	if (!ID.test(requestId)) {
		return { ok: false, status: 400, message: 'Name the request the file is for (requestId).' };
	}
	const name = filename.trim();
	if (name.length === 0 || name.length > 200) {
		return { ok: false, status: 400, message: 'Give the file a name of 200 characters or less.' };
	}
	if (!isAllowedMime(filetype)) {
		return {
			ok: false,
			status: 400,
			message: `${name} is not a PDF, Word (DOCX), PNG or JPEG file. Attach ${ALLOWED_IN_WORDS}.`
		};
	}
	if (!SHA256.test(sha256)) {
		return { ok: false, status: 400, message: 'Send the SHA-256 of the whole file (sha256).' };
	}
	if (lengthHeader === null || !/^\d{1,12}$/.test(lengthHeader)) {
		return {
			ok: false,
			status: 400,
			message: 'Send the length of the whole file (Upload-Length).'
		};
	}
	const length = Number(lengthHeader);
	const tooBig = sizeRefusal(name, length);
	if (tooBig) return { ok: false, status: length === 0 ? 400 : 413, message: tooBig };
	return { ok: true, value: { requestId, filename: name, filetype, sha256, length } };
}

/** The words for a file whose bytes, once all arrived, are not the bytes the device hashed. */
export function hashMismatch(name: string): string {
	return `${name} did not arrive as it was sent: its SHA-256 does not match. Send it again.`;
}
