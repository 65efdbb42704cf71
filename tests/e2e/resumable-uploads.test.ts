import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { RESUMABLE_CHUNK_BYTES } from '../../src/lib/domain/agency/resumable-upload';
import { validShortReport } from '../support/short-report';
import { Api, notificationForm } from './support/seed';
import { expect, test } from './fixtures';

// The server half of resumable uploads (issue 14, docs/decisions/031) on the built server, over
// real HTTP: adapter-node, the hooks (session, body limits, headers) and tus at /api/uploads. The
// police send a 3 MB PDF in 1 MB chunks, lose a chunk's answer and resume from the server's
// offset, name the attachment in their report, and the Unit downloads it byte for byte.

const MB = 1024 * 1024;

test('an agency sends a file in resumable chunks, names it in its report, and the Unit reads it byte for byte', async ({
	playwright,
	baseURL
}) => {
	test.setTimeout(2 * 60_000);
	const api = async (persona: 'practitioner' | 'unit' | 'agency') => {
		const made = new Api(await playwright.request.newContext({ baseURL }));
		await made.signIn(persona);
		return made;
	};
	const [practitioner, unit, agency] = [
		await api('practitioner'),
		await api('unit'),
		await api('agency')
	];

	// A notification, a case, and a request to the police (§13.5).
	const notificationId = uuidv7();
	await practitioner.call('notifications.submit', { id: notificationId, form: notificationForm() });
	const { caseId, reference } = await unit.call<{ caseId: string; reference: string }>(
		'triage.openCase',
		{
			notificationId,
			classification: 'serious_harm'
		}
	);
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id ?? '';
	await unit.call('cases.transition', {
		id: caseId,
		version: 1,
		to: 'gathering',
		payload: {
			classification: 'serious_harm',
			agencyIds: [police],
			filesSecureRequestedOn: todayIso()
		}
	});
	const requests = await agency.query<{ id: string; caseReference: string }[]>('agency.requests');
	const requestId = requests.find((r) => r.caseReference === reference)?.id ?? '';
	expect(requestId).not.toBe('');

	const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * MB - 9)]);
	const b64 = (value: string) => Buffer.from(value).toString('base64');
	/** A new upload of `bytes` for the request: its address. */
	const create = async (bytes: Buffer) => {
		const created = await agency.request.post('/api/uploads', {
			headers: {
				'Tus-Resumable': '1.0.0',
				'Upload-Length': String(bytes.byteLength),
				'Upload-Metadata': [
					`requestId ${b64(requestId)}`,
					`filename ${b64('chronology.pdf')}`,
					`filetype ${b64('application/pdf')}`,
					`sha256 ${b64(createHash('sha256').update(bytes).digest('hex'))}`
				].join(',')
			}
		});
		expect(created.status()).toBe(201);
		const address = created.headers()['location'] ?? '';
		expect(address).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}$/);
		return address;
	};
	const patch = (address: string, offset: number, body: Buffer) =>
		agency.request.fetch(address, {
			method: 'PATCH',
			headers: {
				'Tus-Resumable': '1.0.0',
				'Upload-Offset': String(offset),
				'Content-Type': 'application/offset+octet-stream'
			},
			data: body
		});

	const location = await create(file);
	expect((await patch(location, 0, file.subarray(0, RESUMABLE_CHUNK_BYTES))).status()).toBe(204);
	// The answer to the second chunk is lost; the device sends it again, and is told where it is.
	expect(
		(
			await patch(location, RESUMABLE_CHUNK_BYTES, file.subarray(RESUMABLE_CHUNK_BYTES, 2 * MB))
		).status()
	).toBe(204);
	expect(
		(
			await patch(location, RESUMABLE_CHUNK_BYTES, file.subarray(RESUMABLE_CHUNK_BYTES, 2 * MB))
		).status()
	).toBe(409);
	const head = await agency.request.fetch(location, {
		method: 'HEAD',
		headers: { 'Tus-Resumable': '1.0.0' }
	});
	expect(head.headers()['upload-offset']).toBe(String(2 * MB));
	const last = await patch(location, 2 * MB, file.subarray(2 * MB));
	expect(last.status()).toBe(204);
	const attachmentId = last.headers()['attachment-id'] ?? '';
	expect(attachmentId).toMatch(/^[0-9a-f-]{36}$/);

	const sent = await agency.call<{ id: string }>('agency.submitReport', {
		requestId,
		clientId: uuidv7(),
		report: validShortReport(),
		attachmentIds: [attachmentId]
	});
	expect(sent.id).toBeTruthy();

	const download = await unit.request.get(`/api/attachments/${attachmentId}`);
	expect(download.status()).toBe(200);
	expect(Buffer.compare(await download.body(), file)).toBe(0);

	// A whole file in one PATCH is more than a chunk: the server refuses it unread (last, as the
	// server then closes the connection under the rest of the body).
	const another = await create(file.subarray(0, MB));
	expect((await patch(another, 0, file.subarray(0, 2 * MB))).status()).toBe(413);

	for (const caller of [practitioner, unit, agency]) await caller.request.dispose();
});
