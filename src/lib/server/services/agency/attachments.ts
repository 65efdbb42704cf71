import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { fileTypeFromBuffer, fileTypeFromFile, type FileTypeResult } from 'file-type';
import type { Db } from '$lib/server/db';
import type { Tx } from '$lib/server/db/transaction';
import {
	attachments,
	imrAttachments,
	shortReportAttachments,
	type AttachmentRow
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { recordAuditBy } from '$lib/server/services/audit';
import { problem } from '$lib/server/infra/problem';
import {
	ALLOWED_IN_WORDS,
	isAllowedMime,
	MAX_FILE_BYTES,
	nameForType,
	sizeRefusal,
	type AllowedMime
} from '$lib/domain/agency/attachment-rules';

// Files agencies attach to short reports (docs/decisions/011). The bytes are stored once per
// content under ATTACHMENTS_DIR, named by their SHA-256, outside anything the web server serves;
// the database row says who may read them. A refused file leaves nothing behind.

/** Where files are kept: ATTACHMENTS_DIR, or data/attachments, as an absolute path. */
export function attachmentsDir(): string {
	return resolve(process.env.ATTACHMENTS_DIR ?? 'data/attachments');
}

/** Where a file's bytes are kept, by its hash (the bench checks what was stored, too). */
export function pathFor(dir: string, sha256: string): string {
	return join(dir, sha256.slice(0, 2), sha256);
}

export interface AttachmentView {
	id: string;
	name: string;
	size: number;
	mime: AllowedMime;
	sha256: string;
}

export function attachmentView(row: AttachmentRow): AttachmentView {
	// Rows stored before names followed their type are offered under the corrected name too.
	const name = nameForType(row.originalName, row.mime);
	return { id: row.id, name, size: row.size, mime: row.mime, sha256: row.sha256 };
}

/** A file name fit to show and to send back in Content-Disposition: no path, no control chars. */
export function cleanFileName(name: string): string {
	const base = [...(name.split(/[\\/]/).pop() ?? '')]
		.filter((ch) => {
			const code = ch.codePointAt(0) ?? 0;
			return code >= 0x20 && code !== 0x7f;
		})
		.join('')
		.trim();
	return (base || 'attachment').slice(0, 200);
}

function refuse(message: string): never {
	throw problem('ATTACHMENT_REFUSED', { attachments: message }, message);
}

/**
 * Checks a file by size and by content, then stores it. The same content from the same agency
 * is the same attachment, so a retried upload returns the first one's id.
 */
export async function storeAttachment(
	db: Db,
	user: SessionUser,
	file: { name: string; bytes: Uint8Array },
	dir = attachmentsDir(),
	now = new Date()
): Promise<AttachmentView> {
	if (user.role !== 'agency' || !user.agencyId) throw problem('FORBIDDEN_ROLE');
	const name = cleanFileName(file.name);
	const tooBig = sizeRefusal(name, file.bytes.byteLength);
	if (tooBig) refuse(tooBig);
	const mime = acceptedType(name, await fileTypeFromBuffer(file.bytes));
	const sha256 = createHash('sha256').update(file.bytes).digest('hex');
	await writeOnce(pathFor(dir, sha256), file.bytes);
	return recordAttachment(db, user, { name, sha256, size: file.bytes.byteLength, mime }, now);
}

/**
 * Stores an upload as it arrives: each chunk is hashed and written to a file of its own, so the
 * server never holds more than a chunk in memory, and a file past 20 MB is refused as soon as it
 * gets there (docs/decisions/018). The type is then read from the file's first bytes. `body` is
 * a raw request body or one file part of a multipart form; a refusal leaves no file behind.
 */
export async function storeAttachmentStream(
	db: Db,
	user: SessionUser,
	file: { name: string; body: AsyncIterable<Uint8Array> | null },
	dir = attachmentsDir(),
	now = new Date()
): Promise<AttachmentView> {
	if (user.role !== 'agency' || !user.agencyId) throw problem('FORBIDDEN_ROLE');
	const name = cleanFileName(file.name);
	const incoming = join(dir, 'incoming');
	await mkdir(incoming, { recursive: true });
	const temporary = join(incoming, `${crypto.randomUUID()}.part`);
	try {
		const hash = createHash('sha256');
		let size = 0;
		const handle = await open(temporary, 'w', 0o600);
		try {
			for await (const chunk of file.body ?? []) {
				size += chunk.byteLength;
				if (size > MAX_FILE_BYTES) refuse(sizeRefusal(name, size) ?? ALLOWED_IN_WORDS);
				hash.update(chunk);
				await handle.write(chunk);
			}
			await handle.sync();
		} finally {
			await handle.close();
		}
		const empty = sizeRefusal(name, size);
		if (empty) refuse(empty);
		const mime = acceptedType(name, await fileTypeFromFile(temporary));
		const sha256 = hash.digest('hex');
		const path = pathFor(dir, sha256);
		if ((await stat(path).catch(() => null))?.size !== size) {
			await mkdir(join(path, '..'), { recursive: true });
			await rename(temporary, path);
		}
		return await recordAttachment(db, user, { name, sha256, size, mime }, now);
	} finally {
		await rm(temporary, { force: true });
	}
}

/** The type read from the content, if it is one we accept; otherwise the file is refused. */
function acceptedType(name: string, type: FileTypeResult | undefined): AllowedMime {
	if (!type || !isAllowedMime(type.mime)) {
		refuse(
			`${name} is not a PDF, Word (DOCX), PNG or JPEG file: its content is ${type ? `a ${type.ext.toUpperCase()} file` : 'not a type we accept'}, whatever its name says. Attach ${ALLOWED_IN_WORDS}.`
		);
	}
	return type.mime;
}

/**
 * The row for stored bytes. The same content from the same agency is the same attachment, so a
 * retried upload returns the first one's id.
 */
async function recordAttachment(
	db: Db,
	user: SessionUser,
	file: { name: string; sha256: string; size: number; mime: AllowedMime },
	now: Date
): Promise<AttachmentView> {
	const agencyId = user.agencyId ?? '';
	const { sha256 } = file;
	return db.transaction(async (tx) => {
		const inserted = await tx
			.insert(attachments)
			.values({
				id: crypto.randomUUID(),
				sha256,
				size: file.size,
				mime: file.mime,
				originalName: nameForType(file.name, file.mime),
				uploadedBy: user.id,
				agencyId,
				createdAt: now
			})
			.onConflictDoNothing()
			.returning();
		const [row] = inserted.length
			? inserted
			: await tx
					.select()
					.from(attachments)
					.where(and(eq(attachments.agencyId, agencyId), eq(attachments.sha256, sha256)));
		if (!row) throw new Error('attachment row missing after insert');
		if (inserted.length) {
			await recordAuditBy(tx, user, now, {
				action: 'attachment.uploaded',
				recordType: 'attachment',
				recordId: row.id,
				detail: { sha256, size: row.size, mime: row.mime }
			});
		}
		return attachmentView(row);
	});
}

/** Writes the bytes under their hash unless already there; a crash leaves no half file. */
async function writeOnce(path: string, bytes: Uint8Array): Promise<void> {
	const existing = await stat(path).catch(() => null);
	if (existing?.size === bytes.byteLength) return;
	await mkdir(join(path, '..'), { recursive: true });
	const temporary = `${path}.${crypto.randomUUID()}.part`;
	await writeFile(temporary, bytes);
	await rename(temporary, path);
}

/** The agency's own attachments among `ids`; any other id is refused as not found. */
export async function ownAttachments(
	tx: Tx,
	user: SessionUser,
	ids: readonly string[]
): Promise<AttachmentRow[]> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return [];
	const rows = await tx
		.select()
		.from(attachments)
		.where(
			and(inArray(attachments.id, unique), eq(attachments.agencyId, user.agencyId ?? '\u0000'))
		);
	if (rows.length !== unique.length) {
		throw problem('INVALID_INPUT', {
			attachments: 'One of the files could not be found. Upload it again, then send the report.'
		});
	}
	const byId = new Map(rows.map((row) => [row.id, row]));
	return unique.map((id) => byId.get(id) as AttachmentRow);
}

/**
 * Whether `user` may download the attachment `row`: the Unit any, an agency only its own, the
 * Chair any file sent with a short report or an IMR (what a decision rests on, §13.5, §13.6), never one
 * uploaded and not sent.
 */
async function mayOpen(db: Db, user: SessionUser, row: AttachmentRow): Promise<boolean> {
	if (user.role === 'unit') return true;
	if (user.role === 'agency') return user.agencyId === row.agencyId;
	if (user.role !== 'chair') return false;
	const [sent] = await db
		.select({ reportId: shortReportAttachments.reportId })
		.from(shortReportAttachments)
		.where(eq(shortReportAttachments.attachmentId, row.id))
		.limit(1);
	if (sent) return true;
	// Or sent with an IMR (§13.9), which the Chair reads too.
	const [withImr] = await db
		.select({ versionId: imrAttachments.versionId })
		.from(imrAttachments)
		.where(eq(imrAttachments.attachmentId, row.id))
		.limit(1);
	return withImr !== undefined;
}

/**
 * A file for download, if `mayOpen`; anyone else is told it does not exist. Each download is
 * an audit event.
 */
export async function openAttachment(
	db: Db,
	user: SessionUser,
	id: string,
	dir = attachmentsDir(),
	now = new Date()
): Promise<{ attachment: AttachmentView; bytes: Uint8Array }> {
	const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
	if (!row || !(await mayOpen(db, user, row))) throw problem('NOT_FOUND');
	const bytes = new Uint8Array(await readFile(pathFor(dir, row.sha256)));
	await db.transaction((tx) =>
		recordAuditBy(tx, user, now, {
			action: 'attachment.downloaded',
			recordType: 'attachment',
			recordId: row.id,
			detail: { sha256: row.sha256 }
		})
	);
	return { attachment: attachmentView(row), bytes };
}
