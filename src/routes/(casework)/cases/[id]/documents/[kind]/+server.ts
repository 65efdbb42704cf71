import type { RequestHandler } from './$types';
import { caseDocumentPdf, caseDocumentPdfWithNames } from '$lib/server/kit/case-documents';

export const GET: RequestHandler = (event) => caseDocumentPdf(event);
export const POST: RequestHandler = (event) => caseDocumentPdfWithNames(event);
