import { join } from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { Server } from '@tus/server';
import type { Upload } from '@tus/utils';
import { appDatabase } from '../startup';
import type { SessionUser } from '../auth/session';
import {
	completeUpload,
	discardUploadBytes,
	mayUpload,
	recordOffset,
	recordUploadCancelled,
	recordUploadCreated,
	resumableDir,
	resumableStore,
	uploadInScope,
	uploadTarget,
	type UploadRow,
	type UploadTarget
} from '../services/uploads/resumable-uploads';
import { attachmentsDir } from '../services/agency/attachments';
import { logProblem } from '../infra/log';
import { ERRORS } from '$lib/errors';
import {
	ATTACHMENT_ID_HEADER,
	readDeclaration,
	type UploadDeclaration
} from '$lib/domain/agency/resumable-upload';

// The tus 1.0.0 endpoint (core, creation, termination) at /api/uploads, built on @tus/server's
// web handler (docs/decisions/031). tus does the protocol: offsets, locks, writing each chunk.
// Ours, before it is handed a request: the session, the role, the request's scope and the
// declared file; and after the last byte: the file's checks, through the attachment store.

export const UPLOADS_PATH = '/api/uploads';

type Db = Awaited<ReturnType<typeof appDatabase>>['db'];

/** What the route found out about the caller before tus saw the request, for tus's hooks. */
type Caller =
	| { user: SessionUser; declaration: UploadDeclaration; target: UploadTarget }
	| { user: SessionUser };
const callers = new WeakMap<Request, Caller>();

/** A refusal tus answers with this status and these plain words (its own errors' shape). */
class TusRefusal extends Error {
	constructor(
		readonly status_code: number,
		readonly body: string
	) {
		super(body);
	}
}

let shared: { db: Db; dir: string; server: Server } | null = null;

/** One tus server for the process (its locks are in memory), made on first use. */
function tusServer(db: Db): { server: Server; dir: string } {
	const dir = resumableDir(attachmentsDir());
	if (shared && shared.db === db && shared.dir === dir) return shared;
	const server = new Server({
		path: UPLOADS_PATH,
		datastore: resumableStore(db, dir),
		relativeLocation: true,
		// Same origin only: no CORS header is ever sent.
		allowedOrigins: () => false,
		namingFunction: () => crypto.randomUUID(),
		// Refuse a length that is not declared up front (the route checks it before this).
		maxSize: 20 * 1024 * 1024,
		async onUploadCreate(req: Request, upload: Upload) {
			const caller = callers.get(req);
			if (!caller || !('declaration' in caller)) throw new TusRefusal(500, 'Not ready.');
			await recordUploadCreated(db, caller.user, {
				id: upload.id,
				declaration: caller.declaration,
				target: caller.target
			});
			return {};
		},
		async onUploadFinish(req: Request, upload: Upload) {
			const caller = callers.get(req);
			if (!caller) throw new TusRefusal(500, 'Not ready.');
			const done = await finish(db, caller.user, upload.id, dir);
			if (!done.ok) throw new TusRefusal(422, done.message);
			return { headers: { [ATTACHMENT_ID_HEADER]: done.attachmentId } };
		},
		onResponseError(_req: Request, error: Error | { status_code: number; body: string }) {
			if ('status_code' in error) return undefined;
			// Never the error's own words: they could name a path or a value.
			logProblem('uploads', 'tus', error);
			return { status_code: 500, body: 'Something went wrong on our side. Try again in a minute.' };
		}
	});
	shared = { db, dir, server };
	return shared;
}

/** Checks under way, by upload: a HEAD during the last PATCH's checks waits for them. */
const finishing = new Map<string, ReturnType<typeof completeUpload>>();

/** Checks the whole file and makes it an attachment; its waiting bytes go either way. */
function finish(db: Db, user: SessionUser, id: string, dir: string) {
	const running = finishing.get(id);
	if (running) return running;
	// An unexpected failure (not a refusal) keeps the bytes, so a later HEAD can try again.
	const done = completeUpload(db, user, id, join(dir, id))
		.then(async (completion) => {
			await discardUploadBytes(id, dir);
			return completion;
		})
		.finally(() => finishing.delete(id));
	finishing.set(id, done);
	return done;
}

function plain(status: number, message: string, headers: Record<string, string> = {}) {
	return new Response(status === 204 ? null : message, {
		status,
		headers: { 'Tus-Resumable': '1.0.0', 'Content-Type': 'text/plain; charset=utf-8', ...headers }
	});
}

const notFound = () => plain(404, 'Not found.');

/** A completed upload's state, as HEAD and any further PATCH answer it. */
function completedHeaders(row: UploadRow): Record<string, string> {
	return {
		'Upload-Offset': String(row.declaredLength),
		'Upload-Length': String(row.declaredLength),
		[ATTACHMENT_ID_HEADER]: row.attachmentId ?? '',
		'Cache-Control': 'no-store'
	};
}

/**
 * Every method of /api/uploads and /api/uploads/<id>. Someone not signed in gets 401, a role that
 * may not upload 403, an upload or request outside the caller's agency 404 with no detail.
 */
export async function resumableUpload(event: RequestEvent): Promise<Response> {
	const { request, locals, url } = event;
	const origin = request.headers.get('origin');
	if (origin !== null && origin !== url.origin) {
		return plain(403, ERRORS.CROSS_SITE_REQUEST.message);
	}
	if (!locals.user) return plain(401, ERRORS.UNAUTHENTICATED.message);
	const user = locals.user;
	if (!mayUpload(user)) return plain(403, ERRORS.FORBIDDEN_ROLE.message);
	const { db } = await appDatabase();
	const { server, dir } = tusServer(db);
	if (request.method === 'OPTIONS') return server.handleWeb(request);
	const id = event.params.id;
	if (id === undefined) {
		if (request.method !== 'POST') return plain(405, 'Create an upload with POST.');
		if (request.headers.has('upload-defer-length')) {
			return plain(400, 'Send the length of the whole file (Upload-Length).');
		}
		const declared = readDeclaration(
			request.headers.get('upload-metadata'),
			request.headers.get('upload-length')
		);
		if (!declared.ok) return plain(declared.status, declared.message);
		const target = await uploadTarget(db, user, declared.value.requestId).catch(() => null);
		if (!target) return notFound();
		callers.set(request, { user, declaration: declared.value, target });
		return server.handleWeb(request);
	}
	if (request.method === 'POST') return plain(405, 'Send the file’s bytes with PATCH.');
	const row = await uploadInScope(db, user, id);
	if (!row) return notFound();
	if (row.attachmentId) {
		// Whole, checked and an attachment: nothing more to send, nothing to cancel.
		if (request.method === 'HEAD') return plain(200, '', completedHeaders(row));
		return plain(409, 'This file has all arrived and is kept as an attachment.', {
			...completedHeaders(row)
		});
	}
	callers.set(request, { user });
	const response = await server.handleWeb(request);
	if (request.method === 'PATCH' && response.status === 204) {
		await recordOffset(db, id, Number(response.headers.get('upload-offset')));
	}
	if (request.method === 'DELETE' && response.status === 204) {
		await recordUploadCancelled(db, user, row);
	}
	if (
		request.method === 'HEAD' &&
		response.ok &&
		response.headers.get('upload-offset') === String(row.declaredLength)
	) {
		// Every byte arrived but the checks did not finish (the server stopped in between): they
		// run now, so the device learns the attachment's id or why the file was refused.
		const done = await finish(db, user, id, dir);
		if (!done.ok) return plain(422, done.message);
		response.headers.set(ATTACHMENT_ID_HEADER, done.attachmentId);
	}
	return response;
}
