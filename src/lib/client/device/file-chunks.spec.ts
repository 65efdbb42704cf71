import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDeviceDb, resetDeviceDbHandle, type DeviceDb } from './device-db';
import { wipeUser } from './device-wipe';
import { countChunks } from './agency-outbox-db';
import {
	dropFile,
	FILE_CHUNK_BYTES,
	FileRefused,
	keepFile,
	readChunk,
	readRange,
	sealedFileReader
} from './file-chunks';

const USER = 'agency-user-1';
let db: DeviceDb;
let key: CryptoKey;
const device = () => ({ db, key, userId: USER });

/** A PDF of `size` bytes whose content is recognisable at every offset. */
function pdf(size: number, name = 'visit.pdf'): File {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i += 1) bytes[i] = (i * 7 + 3) % 251;
	bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
	return new File([bytes], name, { type: 'application/pdf' });
}

const sha = async (file: Blob) =>
	createHash('sha256')
		.update(new Uint8Array(await file.arrayBuffer()))
		.digest('hex');

beforeEach(async () => {
	globalThis.indexedDB = new IDBFactory();
	resetDeviceDbHandle();
	db = await openDeviceDb();
	key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
});

describe('keepFile: attached files kept encrypted on the device, in chunks', () => {
	it('keeps a 2.5 MB file as three sealed 1 MB chunks, hashed as a whole', async () => {
		const file = pdf(2.5 * 1024 * 1024);
		const kept = await keepFile(device(), file);
		expect(kept).toMatchObject({ name: 'visit.pdf', size: file.size, mime: 'application/pdf' });
		expect(kept.chunks).toBe(3);
		expect(kept.sha256).toBe(await sha(file));
		const records = await db.getAllFromIndex('cache', 'byUser', USER);
		expect(records.map((r) => r.key)).toEqual(
			[0, 1, 2].map((i) => `${USER}:file-chunks:${kept.fileId}:${i}`)
		);
		// Sealed: no record holds the file's bytes, its name or its type in the clear.
		const plain = new Uint8Array(await file.slice(0, FILE_CHUNK_BYTES).arrayBuffer());
		for (const r of records) {
			const stored = Buffer.from(r.sealed.data);
			expect(stored.includes(Buffer.from(plain.subarray(0, 64)))).toBe(false);
			expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
			expect(JSON.stringify(r)).not.toContain('visit.pdf');
			expect(r.sealed.data.byteLength).toBeLessThanOrEqual(FILE_CHUNK_BYTES + 16);
		}
	});

	it('reads back any byte range, across chunk boundaries, exactly', async () => {
		const file = pdf(3 * FILE_CHUNK_BYTES + 123);
		const kept = await keepFile(device(), file);
		const whole = new Uint8Array(await file.arrayBuffer());
		for (const [start, end] of [
			[0, FILE_CHUNK_BYTES],
			[FILE_CHUNK_BYTES - 10, FILE_CHUNK_BYTES + 10],
			[5, 3 * FILE_CHUNK_BYTES + 100],
			[3 * FILE_CHUNK_BYTES, 3 * FILE_CHUNK_BYTES + 5_000]
		] as const) {
			const got = await readRange(device(), kept, start, end);
			expect(Buffer.from(got).equals(Buffer.from(whole.subarray(start, end)))).toBe(true);
		}
	});

	it('refuses a file by its content before keeping anything: HTML named .pdf', async () => {
		const html = new File(['<html><script>alert(1)</script></html>'], 'report.pdf');
		await expect(keepFile(device(), html)).rejects.toThrow(FileRefused);
		await expect(keepFile(device(), html)).rejects.toThrow(
			'report.pdf is not a PDF, Word (DOCX), PNG or JPEG file'
		);
		expect(await countChunks(db, USER)).toBe(0);
	});

	it('counts against the same 20 MB a file limit as the server, with its words', async () => {
		const big = { name: 'scan.pdf', size: 20 * 1024 * 1024 + 1 } as unknown as File;
		await expect(keepFile(device(), big)).rejects.toThrow(
			'scan.pdf is 20.0 MB, which is larger than 20 MB'
		);
		expect(await countChunks(db, USER)).toBe(0);
	});

	it('notices a chunk moved to another place or another file (bound to both)', async () => {
		const a = await keepFile(device(), pdf(2 * FILE_CHUNK_BYTES));
		const first = await db.get('cache', `${USER}:file-chunks:${a.fileId}:0`);
		const second = await db.get('cache', `${USER}:file-chunks:${a.fileId}:1`);
		if (!first || !second) throw new Error('chunks not kept');
		// Swap the two chunks' contents: each still decrypts under the key, but not in that place.
		await db.put('cache', { ...first, sealed: second.sealed });
		await expect(readChunk(device(), a.fileId, 0)).rejects.toThrow();
		await expect(readChunk(device(), a.fileId, 1)).resolves.toHaveLength(FILE_CHUNK_BYTES);
	});

	it('drops a file’s chunks and only that file’s; a wipe drops the user’s', async () => {
		const a = await keepFile(device(), pdf(1500));
		const b = await keepFile(device(), pdf(1500, 'other.pdf'));
		const other = await keepFile({ db, key, userId: 'someone-else' }, pdf(1500));
		await dropFile(device(), a.fileId);
		expect(await countChunks(db, USER, a.fileId)).toBe(0);
		expect(await countChunks(db, USER, b.fileId)).toBe(1);
		await wipeUser(db, USER);
		expect(await countChunks(db, USER)).toBe(0);
		expect(await countChunks(db, 'someone-else', other.fileId)).toBe(1);
	});
});

describe('sealedFileReader: what tus-js-client reads, one chunk decrypted at a time', () => {
	it('gives the upload library each 1 MB piece, with its size, and says when it is done', async () => {
		const file = pdf(2 * FILE_CHUNK_BYTES + 10);
		const kept = await keepFile(device(), file);
		const source = await sealedFileReader(device()).openFile({ kept });
		expect(source.size).toBe(file.size);
		const pieces: (Uint8Array & { size: number })[] = [];
		for (let start = 0; start < file.size; start += FILE_CHUNK_BYTES) {
			const end = Math.min(start + FILE_CHUNK_BYTES, file.size);
			const { value, done } = await source.slice(start, end);
			expect(done).toBe(end === file.size);
			pieces.push(value);
		}
		expect(pieces.map((p) => p.size)).toEqual([FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, 10]);
		expect(await sha(new Blob(pieces as Uint8Array<ArrayBuffer>[]))).toBe(kept.sha256);
		// Resuming half-way: the server confirmed 1.5 MB, the next piece starts there.
		const resumed = await source.slice(1.5 * FILE_CHUNK_BYTES, 2.5 * FILE_CHUNK_BYTES);
		const whole = new Uint8Array(await file.arrayBuffer());
		expect(
			Buffer.from(resumed.value).equals(Buffer.from(whole.subarray(1.5 * FILE_CHUNK_BYTES)))
		).toBe(true);
	});
});
