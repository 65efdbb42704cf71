import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { FileStore } from '@tus/file-store';
import { Upload, type KvStore } from '@tus/utils';
import type { Db } from '$lib/server/db';
import {
	cases,
	imrRequests,
	resumableUploads,
	shortReportRequests,
	type ResumableUploadRow
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAudit, recordAuditBy } from '$lib/server/services/audit';
import { attachmentsDir, storeAttachmentStream } from '$lib/server/services/agency/attachments';
import { Problem, problem } from '$lib/server/infra/problem';
import { logProblem } from '$lib/server/infra/log';
import {
	hashMismatch,
	RESUMABLE_CHUNK_BYTES,
	STALE_UPLOAD_AFTER_MS,
	UPLOADER_ROLES,
	type UploadDeclaration
} from '$lib/domain/agency/resumable-upload';
import { isOneOf } from '$lib/domain/one-of';

// Files sent in resumable chunks over tus (docs/decisions/031). tus's file store keeps the bytes
// as they arrive, under ATTACHMENTS_DIR/resumable; this table is its record of each upload (so
// the file name never lies on disk beside the bytes) and of who may go on with it. When the last
// byte arrives the whole file goes through the attachment store's own checks, after its SHA-256
// is compared with the one declared; only then is it an attachment a report may name.

export type UploadRow = ResumableUploadRow;

/** Where incomplete uploads wait: beside the attachments, never served. */
export function resumableDir(dir = attachmentsDir()): string {
	return join(dir, 'resumable');
}

/** Who may upload: an agency user (practitioners later, UPLOADER_ROLES). */
export function mayUpload(user: SessionUser): boolean {
	return isOneOf(UPLOADER_ROLES, user.role) && user.agencyId !== null;
}

/**
 * tus's record of an upload, read from this table. Writes are ours alone (the row is made when
 * the upload is, and removed with it), so `set` and `delete` have nothing to do.
 */
class UploadTable implements KvStore<Upload> {
	constructor(private readonly db: Db) {}
	async get(id: string): Promise<Upload | undefined> {
		const [row] = await this.db.select().from(resumableUploads).where(eq(resumableUploads.id, id));
		if (!row) return undefined;
		return new Upload({
			id,
			size: row.declaredLength,
			offset: row.offset,
			metadata: { requestId: row.requestId, filetype: row.declaredType },
			creation_date: row.createdAt.toISOString()
		});
	}
	async set(): Promise<void> {}
	async delete(): Promise<void> {}
}

/** tus's file store for this database, its record kept in `resumable_uploads`. */
export function resumableStore(db: Db, dir = resumableDir()): FileStore {
	return new FileStore({ directory: dir, configstore: new UploadTable(db) });
}

export interface UploadTarget {
	kind: 'short_report' | 'imr';
	caseId: string;
}

/**
 * The request a file is for, if it is one of the caller's agency's: a short report request not
 * withdrawn, or an IMR request. Anything else is NOT_FOUND, with no detail.
 */
export async function uploadTarget(
	db: Db,
	user: SessionUser,
	requestId: string
): Promise<UploadTarget> {
	if (!mayUpload(user)) throw problem('FORBIDDEN_ROLE');
	const agencyId = user.agencyId ?? '';
	const [short] = await db
		.select({ caseId: shortReportRequests.caseId, status: shortReportRequests.status })
		.from(shortReportRequests)
		.where(and(eq(shortReportRequests.id, requestId), eq(shortReportRequests.agencyId, agencyId)));
	if (short && short.status !== 'withdrawn') return { kind: 'short_report', caseId: short.caseId };
	const [imr] = await db
		.select({ caseId: imrRequests.caseId })
		.from(imrRequests)
		.where(and(eq(imrRequests.id, requestId), eq(imrRequests.agencyId, agencyId)));
	if (imr) return { kind: 'imr', caseId: imr.caseId };
	throw problem('NOT_FOUND');
}

/** Records a new upload and its audit event, before tus makes its file. */
export async function recordUploadCreated(
	db: Db,
	user: SessionUser,
	upload: { id: string; declaration: UploadDeclaration; target: UploadTarget },
	now = new Date()
): Promise<void> {
	const { id, declaration, target } = upload;
	await db.transaction(async (tx) => {
		await tx.insert(resumableUploads).values({
			id,
			userId: user.id,
			agencyId: user.agencyId ?? '',
			requestId: declaration.requestId,
			requestKind: target.kind,
			caseId: target.caseId,
			fileName: declaration.filename,
			declaredType: declaration.filetype,
			declaredLength: declaration.length,
			declaredSha256: declaration.sha256,
			createdAt: now
		});
		await recordAuditBy(tx, user, now, {
			action: 'upload.created',
			recordType: 'upload',
			recordId: id,
			detail: {
				requestKind: target.kind,
				requestId: declaration.requestId,
				length: declaration.length
			}
		});
	});
}

/**
 * An upload the caller may go on with: one made by someone of their agency. Null for anything
 * else, which the endpoint answers as not found.
 */
export async function uploadInScope(
	db: Db,
	user: SessionUser,
	id: string
): Promise<ResumableUploadRow | null> {
	if (!mayUpload(user)) return null;
	const [row] = await db
		.select()
		.from(resumableUploads)
		.where(and(eq(resumableUploads.id, id), eq(resumableUploads.agencyId, user.agencyId ?? '')));
	return row ?? null;
}

/** Keeps the last confirmed offset, so the table says how far each upload got. */
export async function recordOffset(db: Db, id: string, offset: number): Promise<void> {
	await db
		.update(resumableUploads)
		.set({ offset })
		.where(and(eq(resumableUploads.id, id), isNull(resumableUploads.completedAt)));
}

export type Completion = { ok: true; attachmentId: string } | { ok: false; message: string };

/**
 * The last byte has arrived: the whole file's SHA-256 is compared with the declared one as it
 * streams into the attachment store, whose checks (size, type by its first bytes) decide the
 * rest. A refused file leaves nothing: no attachment, no row; the caller removes tus's bytes.
 */
export async function completeUpload(
	db: Db,
	user: SessionUser,
	id: string,
	path: string,
	now = new Date()
): Promise<Completion> {
	const row = await uploadInScope(db, user, id);
	if (!row) return { ok: false, message: 'That upload could not be found. Send the file again.' };
	if (row.attachmentId) return { ok: true, attachmentId: row.attachmentId };
	try {
		const stored = await storeAttachmentStream(db, user, {
			name: row.fileName,
			body: checkedAgainst(row, createReadStream(path, { highWaterMark: RESUMABLE_CHUNK_BYTES }))
		});
		await db.transaction(async (tx) => {
			await tx
				.update(resumableUploads)
				.set({ completedAt: now, attachmentId: stored.id, offset: row.declaredLength })
				.where(eq(resumableUploads.id, id));
			await recordAuditBy(tx, user, now, {
				action: 'upload.completed',
				recordType: 'upload',
				recordId: id,
				detail: { attachmentId: stored.id, size: stored.size, mime: stored.mime }
			});
		});
		return { ok: true, attachmentId: stored.id };
	} catch (error) {
		const cause = (error as { cause?: unknown }).cause;
		if (!(cause instanceof Problem)) throw error;
		const reason = cause.code === 'INVALID_INPUT' ? 'hash' : 'content';
		await removeUpload(db, user, row, { action: 'upload.refused', detail: { reason } }, now);
		return { ok: false, message: cause.message };
	}
}

/** Passes the file's bytes on, and refuses them at the end unless they hash as declared. */
async function* checkedAgainst(
	row: ResumableUploadRow,
	chunks: AsyncIterable<Uint8Array>
): AsyncGenerator<Uint8Array> {
	const hash = createHash('sha256');
	for await (const chunk of chunks) {
		hash.update(chunk);
		yield chunk;
	}
	if (hash.digest('hex') !== row.declaredSha256) {
		const message = hashMismatch(row.fileName);
		throw problem('INVALID_INPUT', { attachments: message }, message);
	}
}

/** Removes an upload's row, refused or cancelled, with its audit event. */
async function removeUpload(
	db: Db,
	user: SessionUser,
	row: ResumableUploadRow,
	event: { action: 'upload.refused' | 'upload.cancelled'; detail: Record<string, unknown> },
	now: Date
): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.delete(resumableUploads).where(eq(resumableUploads.id, row.id));
		await recordAuditBy(tx, user, now, {
			action: event.action,
			recordType: 'upload',
			recordId: row.id,
			detail: { requestKind: row.requestKind, requestId: row.requestId, ...event.detail }
		});
	});
}

/** The caller ended an incomplete upload (tus's termination): its row goes with its bytes. */
export function recordUploadCancelled(
	db: Db,
	user: SessionUser,
	row: ResumableUploadRow,
	now = new Date()
): Promise<void> {
	return removeUpload(
		db,
		user,
		row,
		{ action: 'upload.cancelled', detail: { offset: row.offset } },
		now
	);
}

/** Removes an upload's bytes from the resumable store, whether or not any arrived. */
export async function discardUploadBytes(id: string, dir = resumableDir()): Promise<void> {
	await rm(join(dir, id), { force: true });
}

/**
 * Clean-up (issue 14): uploads never completed, older than `maxAgeMs`, are removed with their
 * bytes, except those whose case's files are on hold (files-hold.ts: nothing attached to the
 * case may be deleted while it is on). Answers how many went.
 */
export async function sweepStaleUploads(
	db: Db,
	options: { now?: Date; maxAgeMs?: number; dir?: string } = {}
): Promise<number> {
	const now = options.now ?? new Date();
	const before = new Date(now.getTime() - (options.maxAgeMs ?? STALE_UPLOAD_AFTER_MS));
	const stale = await db
		.select({ id: resumableUploads.id, requestKind: resumableUploads.requestKind })
		.from(resumableUploads)
		.innerJoin(cases, eq(resumableUploads.caseId, cases.id))
		.where(
			and(
				isNull(resumableUploads.completedAt),
				lt(resumableUploads.createdAt, before),
				eq(cases.filesHeld, false)
			)
		)
		.limit(500);
	for (const upload of stale) {
		try {
			await discardUploadBytes(upload.id, options.dir);
			await db.transaction(async (tx) => {
				await tx.delete(resumableUploads).where(eq(resumableUploads.id, upload.id));
				await recordAudit(
					tx,
					{
						actorId: null,
						actorRole: null,
						action: 'upload.expired',
						recordType: 'upload',
						recordId: upload.id,
						detail: { requestKind: upload.requestKind }
					},
					now
				);
			});
		} catch (error) {
			logProblem('uploads', 'sweep', error);
		}
	}
	return stale.length;
}

/**
 * Sweeps on start and then every `intervalMs` (UPLOAD_SWEEP_INTERVAL_MS, default an hour; 0 turns
 * it off). Answers a function that stops it.
 */
export function startUploadSweep(
	db: Db,
	env: NodeJS.ProcessEnv = process.env
): (() => Promise<void>) | null {
	const intervalMs = Number(env.UPLOAD_SWEEP_INTERVAL_MS ?? 60 * 60 * 1000);
	if (!Number.isFinite(intervalMs) || intervalMs <= 0) return null;
	let running: Promise<unknown> = Promise.resolve();
	const sweep = () => {
		running = sweepStaleUploads(db).catch((error: unknown) =>
			logProblem('uploads', 'sweep', error)
		);
	};
	sweep();
	const timer = setInterval(sweep, intervalMs);
	timer.unref();
	return async () => {
		clearInterval(timer);
		await running;
	};
}
