import { Readable } from 'node:stream';
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { appDatabase } from '../startup';
import { requireRole } from './guards';
import { auditExport, exportList, toCsv } from '../services/reports/exports';
import { todayIso } from '$lib/domain/calendar/iso-date';
import {
	exportFileName,
	exportRequestSchema,
	type ExportErrorCode,
	type ExportRequest
} from '$lib/domain/reports/exports';

/*
 * A list as a CSV file, streamed: rows are read a page at a time and written as they come
 * (csv-stringify), so the Unit can download 100,000 rows without the server holding them. The
 * download is audited when it ends, with its columns, its row count and every record's reference,
 * and whether it ran to the end.
 */
async function csvResponse(event: RequestEvent, request: ExportRequest): Promise<Response> {
	const user = requireRole(event.locals, 'unit', 'chair');
	const { db } = await appDatabase();
	const { columns, rows } = exportList(db, request);
	const references: string[] = [];
	let count = 0;
	let complete = false;
	async function* counted() {
		try {
			for await (const row of rows) {
				count += 1;
				references.push(String(row.Reference ?? row.Case ?? ''));
				yield row;
			}
			complete = true;
		} finally {
			await auditExport(db, user, request, { columns, rows: count, references, complete });
		}
	}
	const csv = toCsv(counted(), columns);
	return new Response(Readable.toWeb(csv) as ReadableStream<Uint8Array>, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${exportFileName(request.list, todayIso())}"`,
			'X-Content-Type-Options': 'nosniff'
		}
	});
}

/** GET /reports/export/[list]: the list without children's names. */
export async function exportWithoutNames(event: RequestEvent, list: string): Promise<Response> {
	requireRole(event.locals, 'unit', 'chair');
	const parsed = exportRequestSchema.safeParse({ list, childNames: false });
	if (!parsed.success) redirect(303, '/reports?exportError=list#exports-heading');
	return csvResponse(event, parsed.data);
}

/**
 * POST /reports/export: a list with the children's names, and the reason for them. The reason
 * travels in the body, never the address; a refusal goes back to the dashboard with the error's
 * code only.
 */
export async function exportWithNames(event: RequestEvent): Promise<Response> {
	requireRole(event.locals, 'unit', 'chair');
	const form = await event.request.formData();
	const parsed = exportRequestSchema.safeParse({
		list: form.get('list'),
		childNames: true,
		reason: typeof form.get('reason') === 'string' ? form.get('reason') : undefined
	});
	if (!parsed.success) {
		const field = parsed.error.issues[0]?.path[0];
		const code: ExportErrorCode = field === 'reason' ? 'reason' : 'list';
		redirect(303, `/reports?exportError=${code}#exports-heading`);
	}
	return csvResponse(event, parsed.data);
}
