import { describe, expect, it } from 'vitest';
import { parseUploadMetadata, readDeclaration } from './resumable-upload';

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
const HASH = 'a'.repeat(64);
const metadata = (fields: Record<string, string>) =>
	Object.entries(fields)
		.map(([key, value]) => `${key} ${b64(value)}`)
		.join(',');
const declared = {
	requestId: '0190f3a1-0000-7000-8000-000000000001',
	filename: 'Chronologie – Zoë.pdf',
	filetype: 'application/pdf',
	sha256: HASH
};

describe('tus Upload-Metadata', () => {
	it('reads key and base64 value pairs, in UTF-8, and a key alone as empty', () => {
		expect(parseUploadMetadata(`${metadata({ filename: 'Zoë.pdf' })},is_confidential`)).toEqual({
			filename: 'Zoë.pdf',
			is_confidential: ''
		});
		expect(parseUploadMetadata(null)).toEqual({});
	});

	it('refuses a key named twice, a value that is not base64, and a pair with more parts', () => {
		expect(parseUploadMetadata(`a ${b64('x')},a ${b64('y')}`)).toBeNull();
		expect(parseUploadMetadata('a not*base64')).toBeNull();
		expect(parseUploadMetadata(`a ${b64('x')} extra`)).toBeNull();
	});
});

describe('what a creation request must declare', () => {
	it('accepts the request, a name, an accepted type, the SHA-256 and a length up to 20 MB', () => {
		const result = readDeclaration(metadata(declared), String(20 * 1024 * 1024));
		expect(result).toEqual({
			ok: true,
			value: { ...declared, length: 20 * 1024 * 1024 }
		});
	});

	it('refuses a file over 20 MB with 413 and the attachment rules’ words', () => {
		expect(readDeclaration(metadata(declared), String(20 * 1024 * 1024 + 1))).toEqual({
			ok: false,
			status: 413,
			message:
				'Chronologie – Zoë.pdf is 20.0 MB, which is larger than 20 MB. Attach a PDF, Word (DOCX), PNG or JPEG file of 20 MB or less, or split it into smaller files.'
		});
	});

	it('refuses an empty file, a missing length, a type not accepted and a hash not in hex', () => {
		expect(readDeclaration(metadata(declared), '0')).toMatchObject({ ok: false, status: 400 });
		expect(readDeclaration(metadata(declared), null)).toMatchObject({
			ok: false,
			message: 'Send the length of the whole file (Upload-Length).'
		});
		expect(readDeclaration(metadata({ ...declared, filetype: 'text/html' }), '10')).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			readDeclaration(metadata({ ...declared, sha256: HASH.toUpperCase() }), '10')
		).toMatchObject({ ok: false, message: 'Send the SHA-256 of the whole file (sha256).' });
		expect(readDeclaration(metadata({ ...declared, requestId: '' }), '10')).toMatchObject({
			ok: false,
			message: 'Name the request the file is for (requestId).'
		});
	});
});
