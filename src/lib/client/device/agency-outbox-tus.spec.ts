import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeviceDb, resetDeviceDbHandle, type DeviceDb } from './device-db';
import { AnswerRefused } from './agency-outbox';
import { tusUploader } from './agency-outbox-tus';
import { FILE_CHUNK_BYTES, keepFile } from './file-chunks';
import { TransportError } from './outbox';

// tus-js-client (the library the page uses) against a tus 1.0.0 server made for the test: the
// contract of docs/decisions/032 (POST creation with metadata, HEAD for the offset, PATCH in
// 1 MB chunks, `Attachment-Id` on completion), and a connection dropped half-way.

const USER = 'agency-user-1';
let db: DeviceDb;
let key: CryptoKey;
const device = () => ({ db, key, userId: USER });

interface Upload {
	length: number;
	metadata: Record<string, string>;
	parts: Buffer[];
	offset: number;
}

/** The smallest tus 1.0.0 server that keeps bytes, can drop a connection, and names the file. */
function tusServer(options: { dropAfter?: number; refuse?: string; abortFirst?: boolean } = {}) {
	const uploads = new Map<string, Upload>();
	const patched: number[] = [];
	let dropped = false;
	const body = (req: IncomingMessage) =>
		new Promise<Buffer>((resolve) => {
			const parts: Buffer[] = [];
			req.on('data', (p: Buffer) => parts.push(p));
			req.on('end', () => resolve(Buffer.concat(parts)));
			req.on('error', () => resolve(Buffer.concat(parts)));
		});
	const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
		res.writeHead(status, { 'Tus-Resumable': '1.0.0', ...headers });
		res.end();
	};
	const server: Server = createServer((req, res) => {
		void (async () => {
			const url = req.url ?? '';
			if (req.method === 'POST' && url === '/api/uploads') {
				const metadata = Object.fromEntries(
					String(req.headers['upload-metadata'] ?? '')
						.split(',')
						.map((pair) => pair.trim().split(' '))
						.map(([k, v]): [string, string] => [k ?? '', Buffer.from(v ?? '', 'base64').toString()])
				);
				const id = `u${uploads.size + 1}`;
				uploads.set(id, {
					length: Number(req.headers['upload-length']),
					metadata,
					parts: [],
					offset: 0
				});
				return answer(res, 201, { Location: `/api/uploads/${id}` });
			}
			const upload = uploads.get(url.replace('/api/uploads/', ''));
			if (!upload) return answer(res, 404);
			const done = () => {
				const bytes = Buffer.concat(upload.parts);
				const sha = createHash('sha256').update(bytes).digest('hex');
				return sha === upload.metadata.sha256 ? { 'Attachment-Id': `attachment-of-${sha}` } : null;
			};
			if (req.method === 'HEAD') {
				const named = upload.offset === upload.length ? done() : {};
				return answer(res, 200, {
					'Upload-Offset': String(upload.offset),
					'Upload-Length': String(upload.length),
					'Cache-Control': 'no-store',
					...(named ?? {})
				});
			}
			if (req.method === 'PATCH') {
				if (Number(req.headers['upload-offset']) !== upload.offset) return answer(res, 409);
				const chunk = await body(req);
				if (options.abortFirst && !dropped) {
					// @tus/server's answer when it stopped reading the body (its lock taken, the body
					// broken): the chunk is not kept.
					dropped = true;
					res.writeHead(400, { 'Tus-Resumable': '1.0.0' });
					return res.end('Request aborted due to lock acquired');
				}
				if (!dropped && options.dropAfter !== undefined && upload.offset >= options.dropAfter) {
					// The server killed mid-upload: this chunk is lost, the connection cut.
					dropped = true;
					req.socket.destroy();
					return;
				}
				patched.push(chunk.length);
				upload.parts.push(chunk);
				upload.offset += chunk.length;
				if (upload.offset < upload.length) {
					return answer(res, 204, { 'Upload-Offset': String(upload.offset) });
				}
				if (options.refuse) {
					res.writeHead(422, { 'Tus-Resumable': '1.0.0', 'Content-Type': 'text/plain' });
					return res.end(options.refuse);
				}
				const named = done();
				if (!named) return answer(res, 460);
				return answer(res, 204, { 'Upload-Offset': String(upload.offset), ...named });
			}
			return answer(res, 405);
		})();
	});
	return { server, uploads, patched };
}

let running: Server | undefined;
async function listen(server: Server): Promise<string> {
	running = server;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/uploads`;
}

function pdf(size: number): File {
	const bytes = new Uint8Array(size).map((_, i) => (i * 13) % 251);
	bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
	return new File([bytes], 'welfare-visit.pdf');
}

beforeEach(async () => {
	globalThis.indexedDB = new IDBFactory();
	resetDeviceDbHandle();
	db = await openDeviceDb();
	key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
});
afterEach(async () => {
	await new Promise((resolve) => running?.close(resolve));
	running = undefined;
});

describe('tusUploader: a kept file sent by tus, decrypted a chunk at a time', () => {
	it('sends the file in 1 MB chunks with its metadata; the server gets it byte for byte', async () => {
		const tus = tusServer();
		const endpoint = await listen(tus.server);
		const file = pdf(2.5 * FILE_CHUNK_BYTES);
		const kept = await keepFile(device(), file);
		const urls: string[] = [];
		const id = await tusUploader(device(), endpoint).upload(
			kept,
			{ fileId: kept.fileId, size: kept.size, sentBytes: 0 },
			{
				requestId: 'request-1',
				onUploadUrl: (url) => Promise.resolve(void urls.push(url)),
				onProgress: () => {}
			}
		);
		expect(id).toBe(`attachment-of-${kept.sha256}`);
		expect(tus.patched).toEqual([FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, 0.5 * FILE_CHUNK_BYTES]);
		const [stored] = [...tus.uploads.values()];
		expect(stored?.metadata).toEqual({
			requestId: 'request-1',
			filename: 'welfare-visit.pdf',
			filetype: 'application/pdf',
			sha256: kept.sha256
		});
		expect(Buffer.concat(stored?.parts ?? []).equals(Buffer.from(await file.arrayBuffer()))).toBe(
			true
		);
		expect(urls).toHaveLength(1);
	});

	it('cut half-way, it fails as a network failure, then resumes from the server’s offset', async () => {
		const tus = tusServer({ dropAfter: 2 * FILE_CHUNK_BYTES });
		const endpoint = await listen(tus.server);
		const file = pdf(5 * FILE_CHUNK_BYTES);
		const kept = await keepFile(device(), file);
		let uploadUrl: string | undefined;
		const confirmed: number[] = [];
		const hooks = {
			requestId: 'request-1',
			onUploadUrl: (url: string) => Promise.resolve(void (uploadUrl = url)),
			onProgress: (sent: number, isConfirmed: boolean) => {
				if (isConfirmed) confirmed.push(sent);
			}
		};
		// tus-js-client's own quick retries would resume within the same call; without them the
		// cut reaches the outbox, which resumes on its next round.
		const uploader = tusUploader(device(), endpoint, []);
		const state = { fileId: kept.fileId, size: kept.size, sentBytes: 0 };
		await expect(uploader.upload(kept, state, hooks)).rejects.toBeInstanceOf(TransportError);
		expect(confirmed.at(-1)).toBe(2 * FILE_CHUNK_BYTES);
		expect(uploadUrl).toMatch(/\/api\/uploads\/u1$/);

		const id = await uploader.upload(
			kept,
			{ ...state, uploadUrl, sentBytes: 2 * FILE_CHUNK_BYTES },
			hooks
		);
		expect(id).toBe(`attachment-of-${kept.sha256}`);
		// Not from zero: the two confirmed chunks were not sent again, only the three after them.
		expect(tus.patched).toEqual(new Array(5).fill(FILE_CHUNK_BYTES));
		expect(tus.uploads.size).toBe(1);
	});

	it('a chunk tus stopped reading (400, "Request aborted") is tried again, not refused', async () => {
		const tus = tusServer({ abortFirst: true });
		const endpoint = await listen(tus.server);
		const kept = await keepFile(device(), pdf(2 * FILE_CHUNK_BYTES));
		let uploadUrl: string | undefined;
		const hooks = {
			requestId: 'request-1',
			onUploadUrl: (url: string) => Promise.resolve(void (uploadUrl = url)),
			onProgress: () => {}
		};
		const uploader = tusUploader(device(), endpoint, []);
		const state = { fileId: kept.fileId, size: kept.size, sentBytes: 0 };
		const first = uploader.upload(kept, state, hooks);
		await expect(first).rejects.toBeInstanceOf(TransportError);
		await expect(first).rejects.toMatchObject({ kind: 'server' });
		const id = await uploader.upload(kept, { ...state, uploadUrl }, hooks);
		expect(id).toBe(`attachment-of-${kept.sha256}`);
		expect(tus.patched).toEqual([FILE_CHUNK_BYTES, FILE_CHUNK_BYTES]);
	});

	it('a file the server refuses when complete is the agency’s to change, in the server’s words', async () => {
		const tus = tusServer({ refuse: 'welfare-visit.pdf is not a PDF: its content is HTML.' });
		const endpoint = await listen(tus.server);
		const kept = await keepFile(device(), pdf(1000));
		const refused = tusUploader(device(), endpoint).upload(
			kept,
			{ fileId: kept.fileId, size: kept.size, sentBytes: 0 },
			{ requestId: 'request-1', onUploadUrl: () => Promise.resolve(), onProgress: () => {} }
		);
		await expect(refused).rejects.toBeInstanceOf(AnswerRefused);
		await expect(refused).rejects.toMatchObject({
			fieldErrors: { attachments: 'welfare-visit.pdf is not a PDF: its content is HTML.' }
		});
	});
});
