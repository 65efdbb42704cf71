import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { CaseDocument, DocumentBlock } from '$lib/domain/reports/case-document';

// A case document as a PDF, made on the server with pdfmake. Only the PDF standard font
// (Helvetica, which every reader has) is used, so no font file is read; pdfmake may fetch
// nothing from the network or the disk (an image URL in a document would otherwise be fetched).
const HELVETICA = {
	normal: 'Helvetica',
	bold: 'Helvetica-Bold',
	italics: 'Helvetica-Oblique',
	bolditalics: 'Helvetica-BoldOblique'
};
const STANDARD_FONT_NAMES = new Set(Object.values(HELVETICA));

let configured = false;
function configure() {
	if (configured) return;
	pdfmake.setUrlAccessPolicy(() => false);
	// pdfmake asks the policy even for the built-in fonts' names: those, and nothing else.
	pdfmake.setLocalAccessPolicy((path) => STANDARD_FONT_NAMES.has(path));
	pdfmake.addFonts({ Helvetica: HELVETICA });
	configured = true;
}

function blockContent(block: DocumentBlock): Content[] {
	const heading: Content = { text: block.heading, style: 'heading' };
	if (block.kind === 'facts') {
		return [
			heading,
			{
				table: {
					widths: [150, '*'],
					body: block.rows.map(([label, value]) => [{ text: label, bold: true }, value])
				},
				layout: 'lightHorizontalLines'
			}
		];
	}
	if (block.rows.length === 0) return [heading, { text: block.empty }];
	return [
		heading,
		{
			table: {
				headerRows: 1,
				widths: block.headers.map(() => '*'),
				body: [block.headers.map((h) => ({ text: h, bold: true })), ...block.rows]
			},
			layout: 'lightHorizontalLines'
		}
	];
}

export function pdfDefinition(document: CaseDocument): TDocumentDefinitions {
	return {
		info: { title: `${document.title} – ${document.reference}`, creator: 'Safeguard Tracker' },
		pageSize: 'A4',
		pageMargins: [40, 50, 40, 50],
		defaultStyle: { font: 'Helvetica', fontSize: 10 },
		styles: {
			title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
			heading: { fontSize: 13, bold: true, margin: [0, 14, 0, 4] }
		},
		footer: (page, pages) => ({
			text: `${document.reference} · OFFICIAL-SENSITIVE · page ${page} of ${pages}`,
			alignment: 'center',
			fontSize: 8
		}),
		content: [
			{ text: document.title, style: 'title' },
			{ text: document.reference, fontSize: 13 },
			{ text: document.note, italics: true, margin: [0, 4, 0, 0] },
			...document.blocks.flatMap(blockContent)
		]
	};
}

export async function renderPdf(document: CaseDocument): Promise<Buffer> {
	configure();
	return pdfmake.createPdf(pdfDefinition(document)).getBuffer();
}
