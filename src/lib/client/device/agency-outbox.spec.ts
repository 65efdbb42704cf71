import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDeviceDb, resetDeviceDbHandle, type DeviceDb } from './device-db';
import { wipeUser } from './device-wipe';
import { countChunks, getItem, listItems } from './agency-outbox-db';
import {
	agencyOutboxItems,
	AnswerRefused,
	drainAgencyOutbox,
	enqueueAnswer,
	keepAnswered,
	queuedAnswer,
	type AgencyAnswer,
	type AgencyTransport,
	type FileUploader
} from './agency-outbox';
import { FILE_CHUNK_BYTES, keepFile, readRange, type KeptFile } from './file-chunks';
import { TransportError } from './outbox';
import { emptyShortReport } from '$lib/domain/agency/short-report-draft';
import type { SignedReceipt } from '$lib/domain/receipt';

const USER = 'agency-user-1';
const REQUEST = '0193a5b0-0000-7000-8000-000000000001';
const CLIENT = '0193a5b0-0000-7000-8000-00000000aaaa';
let db: DeviceDb;
let key: CryptoKey;
let time = 1_000_000;
const clock = { now: () => time, random: () => 0.5 };
const device = () => ({ db, key, userId: USER });

function pdf(size: number): File {
	const bytes = new Uint8Array(size).map((_, i) => i % 253);
	bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
	return new File([bytes], 'welfare-visit.pdf');
}

function receipt(id: string): SignedReceipt {
	return {
		id,
		reference: 'SCR-2026-0007 short report v1',
		receivedAt: time,
		contentHash: 'a'.repeat(64),
		keyId: 'k',
		signature: 's'
	};
}

/** A server as the outbox meets it: the answers it took, by client id. */
function fakeServer() {
	const taken = new Map<string, { answer: AgencyAnswer; attachmentIds: string[] }>();
	const transport: AgencyTransport = {
		send(clientId, answer, attachmentIds) {
			// Idempotent on the client id, as agency.submitReport is.
			if (!taken.has(clientId)) taken.set(clientId, { answer, attachmentIds });
			return Promise.resolve(receipt(clientId));
		}
	};
	return { taken, transport };
}

/**
 * A tus server's side of an upload, byte-exact: each file's bytes as received. `cutAfter` drops
 * the connection once that many bytes of a file arrived (the server killed half-way).
 */
function fakeUploads(cutAfter = Infinity) {
	const received = new Map<string, Uint8Array[]>();
	const sentBytes: number[] = [];
	let cut = false;
	const uploader: FileUploader = {
		async upload(file: KeptFile, state, hooks) {
			const url = state.uploadUrl ?? `/api/uploads/${file.fileId}`;
			if (!state.uploadUrl) await hooks.onUploadUrl(url);
			const parts = received.get(url) ?? [];
			received.set(url, parts);
			// HEAD: resume from the server's offset, never from zero.
			let offset = parts.reduce((n, p) => n + p.length, 0);
			while (offset < file.size) {
				if (!cut && offset >= cutAfter) {
					cut = true;
					throw new TransportError('network', 'The server could not be reached');
				}
				const piece = await readRange(device(), file, offset, offset + FILE_CHUNK_BYTES);
				parts.push(piece);
				sentBytes.push(piece.length);
				offset += piece.length;
				hooks.onProgress(offset, true);
			}
			return `attachment-${file.fileId}`;
		}
	};
	return { received, sentBytes, uploader };
}

async function report(files: File[] = []): Promise<AgencyAnswer> {
	const kept: KeptFile[] = [];
	for (const f of files) kept.push(await keepFile(device(), f));
	return {
		kind: 'report',
		requestId: REQUEST,
		report: { ...emptyShortReport(), concernsAndAction: 'Bruising seen at the welfare visit' },
		files: kept,
		uploaded: []
	};
}

beforeEach(async () => {
	globalThis.indexedDB = new IDBFactory();
	resetDeviceDbHandle();
	db = await openDeviceDb();
	key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	time = 1_000_000;
});

describe('the agency outbox: a short report sent with no signal waits, encrypted, and goes by itself', () => {
	it('sends the files first, then the report naming them; keeps the receipt, drops the rest', async () => {
		const server = fakeServer();
		const uploads = fakeUploads();
		const answer = await report([pdf(2.5 * FILE_CHUNK_BYTES), pdf(1000)]);
		await enqueueAnswer(device(), CLIENT, answer, clock);
		const stored = await getItem(db, USER, CLIENT);
		expect(JSON.stringify(stored)).not.toContain('Bruising');
		expect(JSON.stringify(stored)).not.toContain('welfare-visit');

		const progress: [number, number][] = [];
		const result = await drainAgencyOutbox(
			device(),
			server.transport,
			uploads.uploader,
			(_id, file, sent) => progress.push([file, sent]),
			clock
		);
		expect(result).toEqual({ sent: 1, attention: 0 });
		expect(server.taken.get(CLIENT)?.attachmentIds).toEqual(
			answer.files.map((f) => `attachment-${f.fileId}`)
		);
		// Each file's bytes sent of its total, as the page shows them.
		expect(progress).toContainEqual([0, 2.5 * FILE_CHUNK_BYTES]);
		expect(progress).toContainEqual([1, 1000]);
		const [item] = await agencyOutboxItems(db, USER);
		expect(item).toMatchObject({ state: 'sent', receipt: receipt(CLIENT) });
		expect(await queuedAnswer(device(), CLIENT)).toBeUndefined();
		expect(await countChunks(db, USER)).toBe(0);
	});

	it('resumes a cut upload from the last byte the server confirmed, not from zero', async () => {
		const server = fakeServer();
		const uploads = fakeUploads(2 * FILE_CHUNK_BYTES);
		const file = pdf(5 * FILE_CHUNK_BYTES);
		const answer = await report([file]);
		await enqueueAnswer(device(), CLIENT, answer, clock);

		const first = await drainAgencyOutbox(
			device(),
			server.transport,
			uploads.uploader,
			() => {},
			clock
		);
		expect(first.stopped).toBe('network');
		const waiting = await getItem(db, USER, CLIENT);
		expect(waiting).toMatchObject({ state: 'waiting', attempts: 1 });
		expect(waiting?.files[0]).toMatchObject({ sentBytes: 2 * FILE_CHUNK_BYTES });
		expect(waiting?.files[0]?.uploadUrl).toBe(`/api/uploads/${answer.files[0]?.fileId}`);
		expect(server.taken.size).toBe(0);

		time = waiting?.nextAttemptAt ?? time;
		const second = await drainAgencyOutbox(
			device(),
			server.transport,
			uploads.uploader,
			() => {},
			clock
		);
		expect(second.sent).toBe(1);
		// 5 MB sent once in all: nothing re-sent after the cut.
		expect(uploads.sentBytes.reduce((a, b) => a + b, 0)).toBe(file.size);
		const got = new Blob(uploads.received.values().next().value as Uint8Array<ArrayBuffer>[]);
		expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(await file.arrayBuffer()))).toBe(
			true
		);
	});

	it('does not upload again a file the server already completed, when only the report failed', async () => {
		const uploads = fakeUploads();
		let fail = true;
		const flaky: AgencyTransport = {
			send: (id) => {
				if (fail) return Promise.reject(new TransportError('server', 'The server answered 503'));
				return Promise.resolve(receipt(id));
			}
		};
		await enqueueAnswer(device(), CLIENT, await report([pdf(3000)]), clock);
		expect(
			(await drainAgencyOutbox(device(), flaky, uploads.uploader, () => {}, clock)).stopped
		).toBe('server');
		fail = false;
		time += 10 * 60_000;
		expect((await drainAgencyOutbox(device(), flaky, uploads.uploader, () => {}, clock)).sent).toBe(
			1
		);
		expect(uploads.sentBytes).toEqual([3000]);
	});

	it('keeps a refused report for the agency with the server’s reasons, and goes on with the next', async () => {
		const uploads = fakeUploads();
		const other = '0193a5b0-0000-7000-8000-00000000bbbb';
		const transport: AgencyTransport = {
			send: (id) =>
				id === CLIENT
					? Promise.reject(
							new AnswerRefused('Check the report', { 'author.name': 'Enter your full name' })
						)
					: Promise.resolve(receipt(id))
		};
		await enqueueAnswer(device(), CLIENT, await report(), clock);
		time += 1;
		await enqueueAnswer(device(), other, await report(), clock);
		expect(await drainAgencyOutbox(device(), transport, uploads.uploader, () => {}, clock)).toEqual(
			{
				sent: 1,
				attention: 1
			}
		);
		expect(await getItem(db, USER, CLIENT)).toMatchObject({
			state: 'attention',
			problem: { fieldErrors: { 'author.name': 'Enter your full name' } }
		});
		// Its text is still there, sealed, to be corrected and sent again under the same id.
		expect((await queuedAnswer(device(), CLIENT))?.report?.concernsAndAction).toContain('Bruising');
	});

	it('waits behind the oldest answer while it backs off, and stops at an ended session', async () => {
		const expired: AgencyTransport = {
			send: () => Promise.reject(new TransportError('expired', 'Session ended'))
		};
		await enqueueAnswer(device(), CLIENT, await report(), clock);
		const r = await drainAgencyOutbox(device(), expired, fakeUploads().uploader, () => {}, clock);
		expect(r.stopped).toBe('expired');
		// Not the server's fault: not counted as an attempt.
		expect(await getItem(db, USER, CLIENT)).toMatchObject({ state: 'waiting', attempts: 0 });
		const server = fakeServer();
		expect(
			await drainAgencyOutbox(device(), server.transport, fakeUploads().uploader, () => {}, clock)
		).toEqual({ sent: 0, attention: 0 });
	});

	it('two sends of the same report are one report to the server (idempotent on its client id)', async () => {
		const server = fakeServer();
		const answer = await report();
		await enqueueAnswer(device(), CLIENT, answer, clock);
		await enqueueAnswer(device(), CLIENT, answer, clock);
		expect(await agencyOutboxItems(db, USER)).toHaveLength(1);
		await drainAgencyOutbox(device(), server.transport, fakeUploads().uploader, () => {}, clock);
		expect(server.taken.size).toBe(1);
	});

	it('keeps the receipt of a report sent online beside the queued ones; a wipe removes them all', async () => {
		await keepAnswered(
			device(),
			CLIENT,
			{ requestId: REQUEST, kind: 'report', receipt: receipt(CLIENT) },
			clock
		);
		await enqueueAnswer(device(), 'waiting-one', await report([pdf(2000)]), clock);
		expect(await listItems(db, USER)).toHaveLength(2);
		await wipeUser(db, USER, 'revoked');
		expect((await listItems(db, USER)).length).toBe(0);
		expect(await countChunks(db, USER)).toBe(0);
	});
});
