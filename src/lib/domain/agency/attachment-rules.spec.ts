import { describe, expect, it } from 'vitest';
import { nameForType } from './attachment-rules';

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
