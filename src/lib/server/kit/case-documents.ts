import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { appDatabase } from '../startup';
import { requireRole } from './guards';
import { caseDocumentFor } from '../services/reports/case-documents';
import { renderPdf } from '../services/reports/pdf';
import { Problem } from '../infra/problem';
import { CASE_DOCUMENT_KINDS } from '$lib/domain/reports/case-document';
import { REASON_MAX, REASON_MIN } from '$lib/domain/reports/exports';

/*
 * The case summary and the §13.20 report as PDF files. GET leaves the children's names out; POST
 * puts them in, with the reason (in the body, never the address) recorded in the audit trail.
 */

const target = z.object({ id: z.uuid(), kind: z.enum(CASE_DOCUMENT_KINDS) });
const reason = z.string().trim().min(REASON_MIN).max(REASON_MAX);

async function pdfResponse(
	event: RequestEvent,
	childNames: boolean,
	why: string | undefined
): Promise<Response> {
	const user = requireRole(event.locals, 'unit', 'chair');
	const parsed = target.safeParse(event.params);
	if (!parsed.success) error(404, { message: 'There is no such document. Check the address.' });
	const { db } = await appDatabase();
	try {
		const document = await caseDocumentFor(db, user, parsed.data.id, {
			kind: parsed.data.kind,
			childNames,
			reason: why,
			format: 'pdf'
		});
		const pdf = await renderPdf(document);
		return new Response(new Uint8Array(pdf), {
			headers: {
				'Content-Type': 'application/pdf',
				'Content-Disposition': `attachment; filename="${document.reference}-${parsed.data.kind}.pdf"`,
				'X-Content-Type-Options': 'nosniff'
			}
		});
	} catch (cause) {
		const coded = cause instanceof TRPCError ? cause.cause : undefined;
		if (coded instanceof Problem && coded.code === 'NOT_FOUND')
			error(404, { message: coded.message });
		throw cause;
	}
}

export function caseDocumentPdf(event: RequestEvent): Promise<Response> {
	return pdfResponse(event, false, undefined);
}

export async function caseDocumentPdfWithNames(event: RequestEvent): Promise<Response> {
	requireRole(event.locals, 'unit', 'chair');
	const form = await event.request.formData();
	const why = reason.safeParse(form.get('reason'));
	if (!why.success) {
		const id = z.uuid().safeParse(event.params.id);
		redirect(303, id.success ? `/cases/${id.data}?documentError=reason#documents-heading` : '/');
	}
	return pdfResponse(event, true, why.data);
}
