import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { auditEvents } from '$lib/server/db/schema';
import { exportList, toCsv, type ExportRow } from '$lib/server/services/reports/exports';
import { caseDocumentFor } from '$lib/server/services/reports/case-documents';
import { renderPdf } from '$lib/server/services/reports/pdf';
import { CHILD_NAME_COLUMN, exportRequestSchema } from '$lib/domain/reports/exports';
import { procedureWorld, type ProcedureWorld } from '../support/procedure';
import { childNamed, morningOf, notificationReceivedAt, sessionUser } from '../support/triage';

// Exports (§13.20): each list read back with a CSV parser equals the rows it was made from, a
// child's name is a column only when asked for, and a PDF's text holds the reference and facts.

let world: ProcedureWorld;
let caseId: string;
let caseReference: string;
const CHILD = 'Zebedee Testchild';

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris']);
	const { db } = world.database;
	const incident = await notificationReceivedAt(db, world.priya, morningOf('2026-03-03'), {
		incidentType: 'serious_incident',
		seriousIncidentCategory: 'police_called',
		children: [childNamed(CHILD, '2015-05-05')]
	});
	// A queued one whose outline-like name would run as a formula in a spreadsheet.
	await notificationReceivedAt(db, world.priya, morningOf('2026-03-04'), {
		children: [childNamed('=HYPERLINK("http://x")', '2016-06-06')]
	});
	({ caseId } = await world.as.uma.triage.openCase({
		notificationId: incident,
		classification: 'serious_harm'
	}));
	caseReference = (await world.as.uma.cases.get({ id: caseId })).reference;
});

async function collect(rows: AsyncIterable<ExportRow>): Promise<ExportRow[]> {
	const all: ExportRow[] = [];
	for await (const row of rows) all.push(row);
	return all;
}

async function csvText(list: string, childNames: boolean): Promise<string> {
	const request = exportRequestSchema.parse({
		list,
		childNames,
		reason: childNames ? 'For the Sub Group meeting on this case' : undefined
	});
	const { columns, rows } = exportList(world.database.db, request);
	let text = '';
	for await (const chunk of toCsv(rows, columns)) text += String(chunk);
	return text;
}

const readBack = (text: string) =>
	parse<Record<string, string>>(text, { columns: true, bom: true, cast: false });

describe('CSV exports', () => {
	it('every list, read back with a CSV parser, equals its rows', async () => {
		for (const list of ['queue', 'cases', 'clocks', 'requests', 'action-plan']) {
			const request = exportRequestSchema.parse({ list });
			const rows = await collect(exportList(world.database.db, request).rows);
			const expected = rows.map((row) =>
				Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v).replace(/^=/, "'=")]))
			);
			expect(readBack(await csvText(list, false)), list).toEqual(expected);
		}
	});

	it('leaves the children’s names out unless asked for with a reason', async () => {
		const without = readBack(await csvText('cases', false));
		expect(without).toHaveLength(1);
		expect(without[0]).toMatchObject({ Reference: caseReference, Stage: 'Triage' });
		expect(JSON.stringify(without)).not.toContain(CHILD);
		const withNames = readBack(await csvText('cases', true));
		expect(withNames[0]?.[CHILD_NAME_COLUMN]).toBe(CHILD);
		expect(
			exportRequestSchema.safeParse({ list: 'cases', childNames: true, reason: 'x' }).success
		).toBe(false);
		expect(
			exportRequestSchema.safeParse({
				list: 'clocks',
				childNames: true,
				reason: 'For the Sub Group'
			}).success
		).toBe(false);
	});

	it('writes a cell that would run as a formula as text', async () => {
		const queue = readBack(await csvText('queue', true));
		expect(queue.map((row) => row[CHILD_NAME_COLUMN])).toEqual([`'=HYPERLINK("http://x")`]);
	});
});

async function pdfText(bytes: Buffer): Promise<string> {
	const pdf = await getDocument({
		data: new Uint8Array(bytes),
		// pdf.js reads the standard fonts' metrics from its own folder in Node.
		standardFontDataUrl: `${process.cwd()}/node_modules/pdfjs-dist/standard_fonts/`,
		useSystemFonts: false
	}).promise;
	let text = '';
	for (let n = 1; n <= pdf.numPages; n++) {
		const content = await (await pdf.getPage(n)).getTextContent();
		text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
	}
	return text.replace(/\s+/g, ' ');
}

describe('PDF documents', () => {
	it('the §13.20 report holds the reference, the category and what is still to come', async () => {
		const uma = await sessionUser(world.database.db, world.ids.uma);
		const document = await caseDocumentFor(world.database.db, uma, caseId, {
			kind: 'serious-incident',
			childNames: false,
			format: 'pdf'
		});
		const text = await pdfText(await renderPdf(document));
		expect(text).toContain('Report to Ofsted on a serious incident (§13.20)');
		expect(text).toContain(caseReference);
		expect(text).toContain('Serious incident that required the police to be called to the home');
		expect(text).toContain('Further action to be taken');
		expect(text).toContain('Not yet decided');
		expect(text).not.toContain(CHILD);
	});

	it('the case summary holds the child’s name only when asked, and each is audited', async () => {
		const { db } = world.database;
		const chris = await sessionUser(db, world.ids.chris);
		const withNames = await caseDocumentFor(db, chris, caseId, {
			kind: 'summary',
			childNames: true,
			reason: 'For the Sub Group meeting on this case',
			format: 'pdf'
		});
		const text = await pdfText(await renderPdf(withNames));
		expect(text).toContain(CHILD);
		expect(text).toContain(`Made on`);
		expect(text).toContain('Triage');
		const [event] = await db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.action, 'report.exported'))
			.orderBy(auditEvents.seq)
			.limit(1)
			.offset(1);
		expect(event?.recordId).toBe(caseId);
		expect(event?.detail).toMatchObject({
			document: 'summary',
			reference: caseReference,
			childNames: true,
			reason: 'For the Sub Group meeting on this case',
			sections: [
				'The case',
				'Notifications',
				'Deadlines',
				'Short reports asked of agencies (§13.5)',
				'Action plan',
				'Timeline'
			]
		});
		expect(JSON.stringify(event?.detail)).not.toContain(CHILD);
	});
});
