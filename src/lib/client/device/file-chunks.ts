import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { deleteChunks, getChunk, putChunk, type AgencyOutboxDb } from './agency-outbox-db';
import {
	CONTENT_HEAD_BYTES,
	contentRefusal,
	sizeRefusal,
	typeFromContent,
	type AllowedMime
} from '$lib/domain/agency/attachment-rules';

// Files an agency attaches, kept on the device until the outbox has sent them (docs/decisions/032).
// A file is read, hashed and sealed one chunk at a time (AES-GCM under the device key, a fresh IV
// per chunk, the file's id and the chunk's place bound in as additional data so chunks cannot be
// swapped or reordered unnoticed), so a 20 MB file never needs a second 20 MB copy in memory.
// The chunk is the upload's chunk too (tus, 1 MB), so sending one needs one chunk decrypted.

export const FILE_CHUNK_BYTES = 1024 * 1024;

interface Unlocked {
	db: AgencyOutboxDb;
	key: CryptoKey;
	userId: string;
}

/** A kept file as the sealed answer names it: its name and type are never stored in the clear. */
export interface KeptFile {
	fileId: string;
	name: string;
	size: number;
	mime: AllowedMime;
	/** SHA-256 of the whole file, hex: the server checks the complete upload against it. */
	sha256: string;
	chunks: number;
}

/** Why a file was not kept, in the words the page shows under the field. */
export class FileRefused extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FileRefused';
	}
}

const boundTo = (fileId: string, index: number) =>
	new TextEncoder().encode(`file-chunk:${fileId}:${index}`);

/**
 * Checks a file (size, then type by its first bytes) and keeps it sealed in chunks. Nothing is
 * kept of a refused file, nor of one whose reading fails half-way.
 */
export async function keepFile(
	device: Unlocked,
	file: Blob & { name: string },
	onChunk?: (keptBytes: number) => void
): Promise<KeptFile> {
	const tooBig = sizeRefusal(file.name, file.size);
	if (tooBig) throw new FileRefused(tooBig);
	const head = new Uint8Array(await file.slice(0, CONTENT_HEAD_BYTES).arrayBuffer());
	const mime = typeFromContent(head);
	if (!mime) throw new FileRefused(contentRefusal(file.name));
	const fileId = crypto.randomUUID();
	const chunks = Math.ceil(file.size / FILE_CHUNK_BYTES);
	const hash = sha256.create();
	try {
		for (let index = 0; index < chunks; index += 1) {
			const start = index * FILE_CHUNK_BYTES;
			const plain = new Uint8Array(await file.slice(start, start + FILE_CHUNK_BYTES).arrayBuffer());
			hash.update(plain);
			const iv = crypto.getRandomValues(new Uint8Array(12));
			const data = await crypto.subtle.encrypt(
				{ name: 'AES-GCM', iv, additionalData: boundTo(fileId, index) },
				device.key,
				plain
			);
			await putChunk(device.db, device.userId, fileId, index, { iv, data });
			onChunk?.(Math.min(file.size, start + FILE_CHUNK_BYTES));
		}
	} catch (error) {
		await dropFile(device, fileId);
		throw error;
	}
	return {
		fileId,
		name: file.name,
		size: file.size,
		mime,
		sha256: bytesToHex(hash.digest()),
		chunks
	};
}

/** One chunk of a kept file, decrypted (throws if it is missing or was tampered with). */
export async function readChunk(device: Unlocked, fileId: string, index: number) {
	const record = await getChunk(device.db, device.userId, fileId, index);
	if (!record) {
		throw new Error('A file kept on this device is missing a part: attach it again.');
	}
	const plain = await crypto.subtle.decrypt(
		{ name: 'AES-GCM', iv: record.iv, additionalData: boundTo(fileId, index) },
		device.key,
		record.data
	);
	return new Uint8Array(plain);
}

/**
 * The bytes [start, end) of a kept file, decrypting only the chunks they touch: one chunk for
 * an upload that asks in chunk-sized, chunk-aligned pieces (as ours does).
 */
export async function readRange(
	device: Unlocked,
	file: Pick<KeptFile, 'fileId' | 'size'>,
	start: number,
	end: number
): Promise<Uint8Array> {
	const to = Math.min(end, file.size);
	if (start >= to) return new Uint8Array();
	const first = Math.floor(start / FILE_CHUNK_BYTES);
	const last = Math.floor((to - 1) / FILE_CHUNK_BYTES);
	if (first === last) {
		const chunk = await readChunk(device, file.fileId, first);
		const offset = first * FILE_CHUNK_BYTES;
		return chunk.subarray(start - offset, to - offset);
	}
	const out = new Uint8Array(to - start);
	for (let index = first; index <= last; index += 1) {
		const chunk = await readChunk(device, file.fileId, index);
		const offset = index * FILE_CHUNK_BYTES;
		const from = Math.max(start, offset) - offset;
		const until = Math.min(to, offset + chunk.length) - offset;
		out.set(chunk.subarray(from, until), offset + from - start);
	}
	return out;
}

/**
 * tus-js-client reads the file through this: one sealed chunk decrypted per request, never the
 * whole file (its Upload takes "a Blob or a reader"; the upload's input is the kept file).
 */
export function sealedFileReader(device: Unlocked) {
	return {
		openFile(input: { kept: KeptFile }) {
			const file = input.kept;
			return Promise.resolve({
				size: file.size,
				async slice(start: number, end: number) {
					// The bytes themselves, with the `size` tus-js-client reads: XHR in a browser and
					// Node's http both send a Uint8Array as it is, with no copy into a Blob.
					const bytes = await readRange(device, file, start, end);
					return { value: Object.assign(bytes, { size: bytes.length }), done: end >= file.size };
				},
				close() {}
			});
		}
	};
}

/** Removes a kept file's chunks: once the server has it, or when the file is taken off. */
export async function dropFile(device: Pick<Unlocked, 'db' | 'userId'>, fileId: string) {
	await deleteChunks(device.db, device.userId, `${fileId}:`);
}
