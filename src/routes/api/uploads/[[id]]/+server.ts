import type { RequestHandler } from './$types';
import { resumableUpload } from '$lib/server/kit/resumable-uploads';

// tus 1.0.0 (docs/decisions/031): POST here creates an upload; HEAD, PATCH and DELETE on
// /api/uploads/<id> ask how far it got, send the next chunk, or cancel it. No GET: the bytes of
// an upload are never served back; a completed file is read as an attachment.
export const POST: RequestHandler = (event) => resumableUpload(event);
export const PATCH: RequestHandler = (event) => resumableUpload(event);
export const HEAD: RequestHandler = (event) => resumableUpload(event);
export const DELETE: RequestHandler = (event) => resumableUpload(event);
export const OPTIONS: RequestHandler = (event) => resumableUpload(event);
