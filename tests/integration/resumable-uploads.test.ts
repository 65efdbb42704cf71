import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { uuidv7 } from 'uuidv7';
import {
	healthAgencyLead,
	policeAskedForAReport,
	procedureWorld,
	type ProcedureWorld
} from '../support/procedure';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { validShortReport } from '../support/short-report';
import {
	attachments,
	auditEvents,
	cases,
	resumableUploads,
	shortReports
} from '$lib/server/db/schema';
import { validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { bodyLimitFor, bodyLimits } from '$lib/server/kit/request-handles';
import { attachmentsFor } from '$lib/server/kit/endpoint-services';
import { sweepStaleUploads } from '$lib/server/services/uploads/resumable-uploads';
import { Problem } from '$lib/server/infra/problem';
import { RESUMABLE_CHUNK_BYTES } from '$lib/domain/agency/resumable-upload';

// The server half of resumable uploads (issue 14, docs/decisions/031): tus 1.0.0 at /api/uploads,
// driven through the route's own handlers with real Requests, the real database and the real
// attachment store on disk. The list: chunk order, a repeated chunk, a wrong hash, a file
// of the wrong type discovered only when complete, a report naming a missing file, two devices
// sending the same report; and the clean-up of parts never completed, except under a hold.

const MB = 1024 * 1024;
const CHUNK = RESUMABLE_CHUNK_BYTES;
const SLOW = { timeout: 60_000 };

let world: ProcedureWorld;
let agnes: App.Locals;
let hana: App.Locals;
let uma: App.Locals;
let dir: string;

async function localsOf(token: string | null | undefined): Promise<App.Locals> {
	const { user, session } = await validateSessionToken(world.database.db, token ?? '');
	return { user, session };
}

beforeAll(async () => {
	world = await procedureWorld(['uma', 'agnes']);
	agnes = await localsOf((await signedIn(world.database.db, 'agnes')).jar.token);
	uma = await localsOf((await signedIn(world.database.db, 'uma')).jar.token);
	const health = await healthAgencyLead(world);
	hana = { user: health.user, session: null };
	dir = mkdtempSync(join(tmpdir(), 'safeguard-resumable-'));
	process.env.DATABASE_URL = world.database.url;
	process.env.ATTACHMENTS_DIR = dir;
});

type Method = 'POST' | 'PATCH' | 'HEAD' | 'DELETE';

/** One request to /api/uploads[/<id>] through the route's handler, as tus-js-client sends it. */
async function tus(
	method: Method,
	locals: App.Locals,
	options: { id?: string; headers?: Record<string, string>; body?: BodyInit } = {}
): Promise<Response> {
	const route = await import('../../src/routes/api/uploads/[[id]]/+server');
	const path = options.id ? `/api/uploads/${options.id}` : '/api/uploads';
	const url = new URL(`http://localhost${path}`);
	const request = new Request(url, {
		method,
		headers: { 'Tus-Resumable': '1.0.0', ...options.headers },
		body: options.body,
		duplex: 'half'
	} as RequestInit);
	const event = {
		url,
		request,
		params: options.id ? { id: options.id } : {},
		locals,
		route: { id: '/api/uploads/[[id]]' },
		cookies: { get: () => undefined, set: () => undefined, delete: () => undefined },
		getClientAddress: () => '192.0.2.1'
	} as unknown as RequestEvent<{ id?: string }, '/api/uploads/[[id]]'>;
	return route[method](event);
}

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A PDF by its first bytes, `size` long, different every time. */
function pdf(size: number): Uint8Array<ArrayBuffer> {
	const bytes = new Uint8Array(randomBytes(size));
	bytes.set(new TextEncoder().encode('%PDF-1.4\n'));
	return bytes;
}

/** Creates an upload of `bytes` for `requestId`; answers the response and the new id. */
async function create(
	locals: App.Locals,
	requestId: string,
	bytes: Uint8Array,
	declared: { sha256?: string; filetype?: string; length?: number; filename?: string } = {}
) {
	const metadata = [
		`requestId ${b64(requestId)}`,
		`filename ${b64(declared.filename ?? 'Chronology for the child.pdf')}`,
		`filetype ${b64(declared.filetype ?? 'application/pdf')}`,
		`sha256 ${b64(declared.sha256 ?? sha256(bytes))}`
	].join(',');
	const response = await tus('POST', locals, {
		headers: {
			'Upload-Length': String(declared.length ?? bytes.byteLength),
			'Upload-Metadata': metadata
		}
	});
	const location = response.headers.get('location') ?? '';
	return { response, id: location.split('/').pop() ?? '' };
}

function patch(locals: App.Locals, id: string, offset: number, body: BodyInit) {
	return tus('PATCH', locals, {
		id,
		headers: {
			'Upload-Offset': String(offset),
			'Content-Type': 'application/offset+octet-stream'
		},
		body
	});
}

/** Sends `bytes` from `from` in chunks; answers the last response. */
async function sendFrom(locals: App.Locals, id: string, bytes: Uint8Array, from = 0) {
	let response: Response | null = null;
	for (let offset = from; offset < bytes.byteLength; offset += CHUNK) {
		response = await patch(locals, id, offset, bytes.slice(offset, offset + CHUNK));
		if (response.status !== 204) return response;
	}
	if (!response) throw new Error('nothing sent');
	return response;
}

const uploadRow = async (id: string) =>
	(await world.database.db.select().from(resumableUploads).where(eq(resumableUploads.id, id)))[0];

const auditOf = (id: string) =>
	world.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));

/** The attachment the answer names holds exactly `bytes`. */
async function expectStored(last: Response, bytes: Uint8Array) {
	const stored = await (
		await attachmentsFor(agnes.user as SessionUser)
	).open(last.headers.get('attachment-id') ?? '');
	expect(sha256(stored.bytes)).toBe(sha256(bytes));
}

const waiting = () =>
	existsSync(join(dir, 'resumable')) ? readdirSync(join(dir, 'resumable')) : [];

describe('a file sent in resumable chunks over tus', () => {
	it(
		'arrives whole: the final PATCH and any later HEAD name the attachment, byte for byte',
		SLOW,
		async () => {
			const { requestId } = await policeAskedForAReport(world);
			const bytes = pdf(2 * MB + 12_345);
			const { response, id } = await create(agnes, requestId, bytes);
			expect(response.status).toBe(201);
			expect(response.headers.get('location')).toBe(`/api/uploads/${id}`);
			expect(response.headers.get('access-control-allow-origin')).toBeNull();

			const last = await sendFrom(agnes, id, bytes);
			expect(last.status).toBe(204);
			const attachmentId = last.headers.get('attachment-id') ?? '';
			expect(attachmentId).toMatch(/^[0-9a-f-]{36}$/);

			const head = await tus('HEAD', agnes, { id });
			expect(head.status).toBe(200);
			expect(head.headers.get('upload-offset')).toBe(String(bytes.byteLength));
			expect(head.headers.get('attachment-id')).toBe(attachmentId);

			const stored = await (await attachmentsFor(agnes.user as SessionUser)).open(attachmentId);
			expect(Buffer.compare(Buffer.from(stored.bytes), Buffer.from(bytes))).toBe(0);
			expect(stored.attachment.mime).toBe('application/pdf');
			// The waiting bytes are gone once the file is an attachment.
			expect(waiting()).not.toContain(id);
			const row = await uploadRow(id);
			expect(row?.attachmentId).toBe(attachmentId);
			expect(row?.completedAt).toBeInstanceOf(Date);

			const events = await auditOf(id);
			expect(events.map((e) => e.action)).toEqual(['upload.created', 'upload.completed']);
			// No file name (it may name the child) in the audit trail.
			expect(JSON.stringify(events)).not.toContain('Chronology');

			// A PATCH after the end is refused, and says where the file stands.
			const again = await patch(agnes, id, bytes.byteLength - 10, bytes.slice(-10));
			expect(again.status).toBe(409);
			expect(again.headers.get('attachment-id')).toBe(attachmentId);
		}
	);

	it('refuses a chunk out of order with 409 and keeps the offset where it was', async () => {
		const { requestId } = await policeAskedForAReport(world);
		const bytes = pdf(3 * MB);
		const { id } = await create(agnes, requestId, bytes);
		const skipped = await patch(agnes, id, CHUNK, bytes.slice(CHUNK, 2 * CHUNK));
		expect(skipped.status).toBe(409);
		const head = await tus('HEAD', agnes, { id });
		expect(head.headers.get('upload-offset')).toBe('0');
		expect((await uploadRow(id))?.offset).toBe(0);
	});

	it(
		'refuses a repeated chunk (409) without writing it twice, and the file still arrives whole',
		SLOW,
		async () => {
			const { requestId } = await policeAskedForAReport(world);
			const bytes = pdf(2 * MB + 1);
			const { id } = await create(agnes, requestId, bytes);
			expect((await patch(agnes, id, 0, bytes.slice(0, CHUNK))).status).toBe(204);
			expect((await uploadRow(id))?.offset).toBe(CHUNK);
			const repeated = await patch(agnes, id, 0, bytes.slice(0, CHUNK));
			expect(repeated.status).toBe(409);
			const head = await tus('HEAD', agnes, { id });
			expect(head.headers.get('upload-offset')).toBe(String(CHUNK));
			const last = await sendFrom(agnes, id, bytes, CHUNK);
			expect(last.status).toBe(204);
			await expectStored(last, bytes);
		}
	);

	it(
		'resumes after a cut: HEAD gives the last byte the server kept, and sending goes on from there',
		SLOW,
		async () => {
			const { requestId } = await policeAskedForAReport(world);
			const bytes = pdf(2 * MB);
			const { id } = await create(agnes, requestId, bytes);
			// The connection drops half way through the first chunk.
			const half = 512 * 1024;
			const cut = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(bytes.slice(0, half));
				},
				async pull(controller) {
					// What has arrived reaches the disk before the line goes dead.
					await new Promise((resolve) => setTimeout(resolve, 200));
					controller.error(new Error('connection lost'));
				}
			});
			const broken = await patch(agnes, id, 0, cut).catch(() => null);
			expect(broken?.status ?? 0).not.toBe(204);
			const head = await tus('HEAD', agnes, { id });
			expect(head.status).toBe(200);
			const offset = Number(head.headers.get('upload-offset'));
			expect(offset).toBeGreaterThan(0);
			expect(offset).toBeLessThanOrEqual(half);
			const last = await sendFrom(agnes, id, bytes, offset);
			expect(last.status).toBe(204);
			await expectStored(last, bytes);
		}
	);

	it(
		'refuses a file whose SHA-256 is not the one declared, when complete, and keeps nothing',
		SLOW,
		async () => {
			const { requestId } = await policeAskedForAReport(world);
			const bytes = pdf(MB + 100);
			const { id } = await create(agnes, requestId, bytes, { sha256: sha256(pdf(10)) });
			const before = await world.database.db.select().from(attachments);
			const last = await sendFrom(agnes, id, bytes);
			expect(last.status).toBe(422);
			expect(await last.text()).toBe(
				'Chronology for the child.pdf did not arrive as it was sent: its SHA-256 does not match. Send it again.'
			);
			expect(await world.database.db.select().from(attachments)).toHaveLength(before.length);
			expect(await uploadRow(id)).toBeUndefined();
			expect(waiting()).not.toContain(id);
			expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
			expect((await tus('HEAD', agnes, { id })).status).toBe(404);
			const events = await auditOf(id);
			expect(
				events.map((e) => [e.action, (e.detail as { reason?: string }).reason])
			).toContainEqual(['upload.refused', 'hash']);
		}
	);

	it(
		'refuses a file of the wrong type discovered only when complete (its chunks were taken)',
		SLOW,
		async () => {
			const { requestId } = await policeAskedForAReport(world);
			// A Windows program, declared as a PDF, hashed honestly.
			const bytes = new Uint8Array(randomBytes(MB + 512));
			bytes.set([0x4d, 0x5a, 0x90, 0x00]);
			bytes.set([0x50, 0x45, 0x00, 0x00], 0x80);
			new DataView(bytes.buffer).setUint32(0x3c, 0x80, true);
			const { id } = await create(agnes, requestId, bytes, { filename: 'report.pdf' });
			expect((await patch(agnes, id, 0, bytes.slice(0, CHUNK))).status).toBe(204);
			const last = await patch(agnes, id, CHUNK, bytes.slice(CHUNK));
			expect(last.status).toBe(422);
			expect(await last.text()).toMatch(
				/^report\.pdf is not a PDF, Word \(DOCX\), PNG or JPEG file/
			);
			expect(await uploadRow(id)).toBeUndefined();
			expect(waiting()).not.toContain(id);
			const [stored] = await world.database.db
				.select()
				.from(attachments)
				.where(eq(attachments.sha256, sha256(bytes)));
			expect(stored).toBeUndefined();
		}
	);

	it('refuses a file over 20 MB when the upload is created, in the attachment rules’ words', async () => {
		const { requestId } = await policeAskedForAReport(world);
		const { response } = await create(agnes, requestId, pdf(10), {
			length: 20 * MB + 1,
			filename: 'scan.pdf'
		});
		expect(response.status).toBe(413);
		expect(await response.text()).toBe(
			'scan.pdf is 20.0 MB, which is larger than 20 MB. Attach a PDF, Word (DOCX), PNG or JPEG file of 20 MB or less, or split it into smaller files.'
		);
		const rows = await world.database.db
			.select()
			.from(resumableUploads)
			.where(eq(resumableUploads.requestId, requestId));
		expect(rows).toEqual([]);
	});

	it('holds each PATCH to one chunk (1 MB and a little), not a whole file', async () => {
		expect(bodyLimitFor('PATCH', '/api/uploads/abc', 'agency')).toBe(CHUNK + 64 * 1024);
		const response = await bodyLimits({
			event: {
				request: new Request('http://localhost/api/uploads/abc', {
					method: 'PATCH',
					headers: { 'content-length': String(2 * MB) }
				}),
				url: new URL('http://localhost/api/uploads/abc'),
				locals: agnes
			} as unknown as RequestEvent,
			resolve: () => new Response('passed')
		});
		expect(response.status).toBe(413);
	});

	it('answers another agency’s request, or another agency’s upload, as not found; others by role', async () => {
		const { requestId } = await policeAskedForAReport(world);
		const bytes = pdf(1000);
		const refused = await create(hana, requestId, bytes);
		expect(refused.response.status).toBe(404);
		expect(await refused.response.text()).toBe('Not found.');

		const { id } = await create(agnes, requestId, bytes);
		expect((await tus('HEAD', hana, { id })).status).toBe(404);
		expect((await patch(hana, id, 0, bytes)).status).toBe(404);
		expect((await tus('DELETE', hana, { id })).status).toBe(404);
		expect((await uploadRow(id))?.offset).toBe(0);

		expect((await create(uma, requestId, bytes)).response.status).toBe(403);
		expect((await create({ user: null, session: null }, requestId, bytes)).response.status).toBe(
			401
		);
	});

	it('finishes the checks at the next HEAD when the server stopped after the last byte was written', async () => {
		const { requestId } = await policeAskedForAReport(world);
		const bytes = pdf(MB + 4096);
		const { id } = await create(agnes, requestId, bytes);
		expect((await patch(agnes, id, 0, bytes.slice(0, CHUNK))).status).toBe(204);
		// The last bytes reached the disk, and the process died before its checks ran.
		await appendFile(join(dir, 'resumable', id), bytes.slice(CHUNK));
		expect((await uploadRow(id))?.attachmentId).toBeNull();
		const head = await tus('HEAD', agnes, { id });
		expect(head.status).toBe(200);
		await expectStored(head, bytes);
		expect((await uploadRow(id))?.attachmentId).toBe(head.headers.get('attachment-id'));
		expect(waiting()).not.toContain(id);
	});

	it('lets the uploader cancel an incomplete upload, leaving nothing', async () => {
		const { requestId } = await policeAskedForAReport(world);
		const bytes = pdf(2 * MB);
		const { id } = await create(agnes, requestId, bytes);
		expect((await patch(agnes, id, 0, bytes.slice(0, CHUNK))).status).toBe(204);
		expect((await tus('DELETE', agnes, { id })).status).toBe(204);
		expect(await uploadRow(id)).toBeUndefined();
		expect(waiting()).not.toContain(id);
		expect((await auditOf(id)).map((e) => e.action)).toContain('upload.cancelled');
	});
});

describe('a report names only complete files of its own agency (the Unit gets nothing partial)', () => {
	it(
		'refuses an incomplete upload, a file never sent and another agency’s file, storing nothing',
		SLOW,
		async () => {
			const { requestId } = await policeAskedForAReport(world);
			const bytes = pdf(2 * MB);
			const { id: incomplete } = await create(agnes, requestId, bytes);
			await patch(agnes, incomplete, 0, bytes.slice(0, CHUNK));
			const theirs = await (
				await attachmentsFor(hana.user as SessionUser)
			).storeStream({
				name: 'health.pdf',
				body: Readable.from([pdf(2000)])
			});
			for (const named of [incomplete, crypto.randomUUID(), theirs.id]) {
				const problem = await expectProblem(
					world.as.agnes.agency.submitReport({
						requestId,
						clientId: uuidv7(),
						report: validShortReport(),
						attachmentIds: [named]
					}),
					'INVALID_INPUT'
				);
				expect((problem as Problem).fieldErrors?.attachments).toBe(
					'One of the files could not be found. Upload it again, then send the report.'
				);
			}
			const stored = await world.database.db
				.select()
				.from(shortReports)
				.where(eq(shortReports.requestId, requestId));
			expect(stored).toEqual([]);
		}
	);

	it('two devices sending the same report get one report and the same receipt', SLOW, async () => {
		const { requestId } = await policeAskedForAReport(world);
		const bytes = pdf(MB + 7);
		const { id } = await create(agnes, requestId, bytes);
		const attachmentId = (await sendFrom(agnes, id, bytes)).headers.get('attachment-id') ?? '';
		const phone = (await signedIn(world.database.db, 'agnes')).caller;
		const laptop = (await signedIn(world.database.db, 'agnes')).caller;
		const input = {
			requestId,
			clientId: uuidv7(),
			report: validShortReport(),
			attachmentIds: [attachmentId]
		};
		const [one, two] = await Promise.all([
			phone.agency.submitReport(input),
			laptop.agency.submitReport(input)
		]);
		expect(one.id).toBe(input.clientId);
		expect(two.id).toBe(input.clientId);
		expect(one.receipt).toEqual(two.receipt);
		expect([one.replayed, two.replayed].sort()).toEqual([false, true]);
		const stored = await world.database.db
			.select()
			.from(shortReports)
			.where(eq(shortReports.requestId, requestId));
		expect(stored).toHaveLength(1);
	});
});

describe('clean-up: upload parts never completed are removed after a day, except under a files-secured hold', () => {
	it('spares them while the case’s files are held, and sweeps them once the hold is lifted', async () => {
		const { caseId, requestId } = await policeAskedForAReport(world);
		const bytes = pdf(2 * MB);
		const { id } = await create(agnes, requestId, bytes);
		await patch(agnes, id, 0, bytes.slice(0, CHUNK));
		const done = pdf(1000);
		const { id: complete } = await create(agnes, requestId, done);
		expect((await sendFrom(agnes, complete, done)).status).toBe(204);
		const tomorrow = new Date(Date.now() + 25 * 60 * 60 * 1000);
		const resumable = join(dir, 'resumable');

		// §13.5: the case entered gathering, so its files are secured.
		const [held] = await world.database.db.select().from(cases).where(eq(cases.id, caseId));
		expect(held?.filesHeld).toBe(true);
		await sweepStaleUploads(world.database.db, { now: tomorrow, dir: resumable });
		expect(await uploadRow(id)).toBeDefined();
		expect(await readFile(join(resumable, id))).toHaveLength(CHUNK);

		// Lifted (as a decision not to hold an SCR does): not yet a day old, so still kept.
		await world.database.db.update(cases).set({ filesHeld: false }).where(eq(cases.id, caseId));
		await sweepStaleUploads(world.database.db, { dir: resumable });
		expect(await uploadRow(id)).toBeDefined();

		await sweepStaleUploads(world.database.db, { now: tomorrow, dir: resumable });
		expect(await uploadRow(id)).toBeUndefined();
		expect(existsSync(join(resumable, id))).toBe(false);
		expect((await auditOf(id)).map((e) => e.action)).toContain('upload.expired');
		// A completed upload is an attachment, and stays.
		expect((await uploadRow(complete))?.attachmentId).toBeTruthy();
		expect((await tus('HEAD', agnes, { id })).status).toBe(404);
	});
});
