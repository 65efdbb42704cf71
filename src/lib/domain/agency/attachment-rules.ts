// What an agency may attach to a short report (§13.5): checked by size on the device and again,
// with the content's type, on the server. Shared so both say the same thing.

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;

/** Types recognised from the file's content (file-type), with the words people know them by. */
export const ALLOWED_TYPES = {
	'application/pdf': 'PDF',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
	'image/png': 'PNG',
	'image/jpeg': 'JPEG'
} as const;
export type AllowedMime = keyof typeof ALLOWED_TYPES;

export const ALLOWED_IN_WORDS = 'a PDF, Word (DOCX), PNG or JPEG file of 20 MB or less';
export const ACCEPT_ATTRIBUTE =
	'.pdf,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg';

/** The extensions a file of each type may carry; the first is the one added when it has none. */
const EXTENSIONS: Record<AllowedMime, readonly string[]> = {
	'application/pdf': ['pdf'],
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
	'image/png': ['png'],
	'image/jpeg': ['jpg', 'jpeg']
};

/**
 * The name a file is stored and offered under: its own, ending in the extension of the type its
 * content was found to be. A PNG named `x.html` becomes `x.html.png`, so no program opens it as a
 * page because of its name.
 */
export function nameForType(name: string, mime: AllowedMime, maxLength = 200): string {
	const extensions = EXTENSIONS[mime];
	const dot = name.lastIndexOf('.');
	const current = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	if (extensions.includes(current)) return name;
	const suffix = `.${extensions[0]}`;
	return name.slice(0, maxLength - suffix.length) + suffix;
}

export function isAllowedMime(mime: string): mime is AllowedMime {
	return mime in ALLOWED_TYPES;
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a file is refused before its content is read, or null when its size is fine. */
export function sizeRefusal(name: string, size: number): string | null {
	if (size === 0) return `${name} is empty. Attach ${ALLOWED_IN_WORDS}.`;
	if (size > MAX_FILE_BYTES)
		return `${name} is ${formatBytes(size)}, which is larger than 20 MB. Attach ${ALLOWED_IN_WORDS}, or split it into smaller files.`;
	return null;
}

export function reportSizeRefusal(totalBytes: number): string | null {
	return totalBytes > MAX_REPORT_BYTES
		? `The files attached come to ${formatBytes(totalBytes)}, which is more than the 50 MB a report can hold. Remove some files or make them smaller.`
		: null;
}

/** How many bytes from a file's start `typeFromContent` needs to look at. */
export const CONTENT_HEAD_BYTES = 64 * 1024;

const startsWith = (head: Uint8Array, signature: readonly number[], at = 0) =>
	signature.every((byte, i) => head[at + i] === byte);

/**
 * The allowed type a file's first bytes show it to be (its "magic bytes"), or null: the same four
 * types the server accepts (ALLOWED_TYPES), checked on the device before a file is kept, so a file
 * of another type is refused at once, with no signal too. A DOCX is a ZIP whose entries start
 * with `word/`; entry names are stored uncompressed, and Word writes them near the start. The
 * server checks the whole file again (file-type) when it is complete: this check is the first.
 */
export function typeFromContent(head: Uint8Array): AllowedMime | null {
	if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
		const word = [0x77, 0x6f, 0x72, 0x64, 0x2f];
		const end = Math.min(head.length, CONTENT_HEAD_BYTES) - word.length;
		for (let i = 30; i <= end; i += 1) {
			if (startsWith(head, word, i)) {
				return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
			}
		}
	}
	return null;
}

/** Why a file is refused for its content, in the words the server uses for the same refusal. */
export function contentRefusal(name: string): string {
	return `${name} is not a PDF, Word (DOCX), PNG or JPEG file: its content is not a type we accept, whatever its name says. Attach ${ALLOWED_IN_WORDS}.`;
}
