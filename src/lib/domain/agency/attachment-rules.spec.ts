import { describe, expect, it } from 'vitest';
import { contentRefusal, nameForType, typeFromContent } from './attachment-rules';

describe('nameForType', () => {
	it('adds the detected type’s extension when the name does not end in it', () => {
		expect(nameForType('x.html', 'image/png')).toBe('x.html.png');
		expect(nameForType('minutes', 'application/pdf')).toBe('minutes.pdf');
		expect(nameForType('.png', 'image/jpeg')).toBe('.png.jpg');
	});

	it('keeps a name that already ends in one of the type’s extensions, in any case', () => {
		expect(nameForType('Photo.JPEG', 'image/jpeg')).toBe('Photo.JPEG');
		expect(nameForType('scan.jpg', 'image/jpeg')).toBe('scan.jpg');
		expect(
			nameForType(
				'Report.docx',
				'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
			)
		).toBe('Report.docx');
	});

	it('stays within the length limit, keeping the extension', () => {
		const long = `${'a'.repeat(199)}.exe`;
		const named = nameForType(long, 'application/pdf');
		expect(named).toHaveLength(200);
		expect(named.endsWith('.pdf')).toBe(true);
	});
});

describe('typeFromContent: the allowed types, known by their first bytes on the device', () => {
	const bytes = (...parts: (number[] | string)[]) =>
		new Uint8Array(
			parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p))
		);

	it('knows a PDF, a PNG and a JPEG by their signatures, whatever they are called', () => {
		expect(typeFromContent(bytes('%PDF-1.7\n'))).toBe('application/pdf');
		expect(typeFromContent(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
			'image/png'
		);
		expect(typeFromContent(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
	});

	it('knows a DOCX as a ZIP holding word/ entries, and refuses any other ZIP', () => {
		const header = [0x50, 0x4b, 0x03, 0x04, ...new Array<number>(26).fill(0)];
		expect(typeFromContent(bytes(header, '[Content_Types].xml', header, 'word/document.xml'))).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
		expect(typeFromContent(bytes(header, 'xl/workbook.xml'))).toBeNull();
	});

	it('refuses what the server refuses: HTML named .pdf, an empty file, a PDF signature not at the start', () => {
		expect(typeFromContent(bytes('<html><body>%PDF-</body></html>'))).toBeNull();
		expect(typeFromContent(new Uint8Array())).toBeNull();
		expect(typeFromContent(bytes(' %PDF-1.7'))).toBeNull();
		expect(contentRefusal('notes.pdf')).toContain(
			'notes.pdf is not a PDF, Word (DOCX), PNG or JPEG'
		);
	});
});
