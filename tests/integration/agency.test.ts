import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { uuidv7 } from 'uuidv7';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, type PersonaName } from '../support/factories';
import { callerFor, signedIn, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { validShortReport } from '../support/short-report';
import { morningOf, notificationReceivedAt, sessionUser } from '../support/triage';
import type { Database } from '$lib/server/db';
import {
	attachments,
	auditEvents,
	shortReportAttachments,
	shortReportRequests,
	shortReports
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { createUser } from '$lib/server/services/users/users';
import { openAttachment, storeAttachment } from '$lib/server/services/agency/attachments';
import type { Problem } from '$lib/server/infra/problem';
import { todayIso } from '$lib/domain/calendar/iso-date';

// Agencies answering short report requests (§13.5, docs/decisions/011): scope, immutability and
// versions, nil returns, idempotent submission, and the files they attach.

let database: Database & { url: string };
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName | 'hana', Signed>;
let users: Record<PersonaName | 'hana', SessionUser>;
let police: string;
let health: string;
let dir: string;
const today = todayIso();

beforeAll(async () => {
	database = await freshDatabase();
	const personas = await createPersonas(database.db);
	police = personas.agencies.police.id;
	health = personas.agencies.health.id;
	// Hana works for the health trust: another agency's safeguarding lead.
	const hana = await createUser(database.db, {
		name: 'Hana Health',
		email: 'hana@example.org',
		role: 'agency',
		password: PASSWORD,
		agencyId: health
	});
	if (!hana) throw new Error('hana not created');
	users = {} as typeof users;
	for (const p of ['priya', 'uma', 'agnes', 'chris'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
		users[p] = await sessionUser(database.db, personas.ids[p]);
	}
	users.hana = await sessionUser(database.db, hana.id);
	const jar = new TestCookieJar();
	await (
		await callerFor(database.db, jar)
	).auth.signIn({
		email: 'hana@example.org',
		password: PASSWORD
	});
	as.hana = await callerFor(database.db, jar);
	dir = mkdtempSync(join(tmpdir(), 'safeguard-attachments-'));
	process.env.DATABASE_URL = database.url;
	process.env.ATTACHMENTS_DIR = dir;
});

/** A case with a request to each agency named; returns the request ids by agency. */
async function caseWithRequests(agencyIds: string[], childName = 'Jamie Example') {
	const notificationId = await notificationReceivedAt(database.db, users.priya, morningOf(today), {
		children: [
			{
				name: childName,
				otherNames: 'JJ',
				dobKnown: 'yes',
				dateOfBirth: '2021-04-02',
				approximateAge: '',
				gender: 'not_known',
				ethnicity: ''
			}
		]
	});
	const { caseId } = await as.uma.triage.openCase({
		notificationId,
		classification: 'serious_harm'
	});
	await as.uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'gathering',
		payload: { classification: 'serious_harm', agencyIds, filesSecureRequestedOn: today }
	});
	const rows = await database.db
		.select()
		.from(shortReportRequests)
		.where(eq(shortReportRequests.caseId, caseId));
	const byAgency = new Map(rows.map((r) => [r.agencyId, r.id]));
	return { caseId, byAgency };
}

const validReport = validShortReport;

const PDF = new TextEncoder().encode(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);
/** A Windows executable's header, under a name that claims a PDF. */
const EXE = (() => {
	const bytes = new Uint8Array(512);
	bytes.set([0x4d, 0x5a, 0x90, 0x00]);
	bytes.set([0x50, 0x45, 0x00, 0x00], 0x80);
	new DataView(bytes.buffer).setUint32(0x3c, 0x80, true);
	return bytes;
})();

function storedFiles(): string[] {
	const out: string[] = [];
	for (const sub of readdirSync(dir)) out.push(...readdirSync(join(dir, sub)));
	return out;
}

describe('agency inbox', () => {
	it('lists only requests to the caller’s agency, with the facts to search their records', async () => {
		const { byAgency } = await caseWithRequests([police, health], 'Robin Inbox');
		const agnesList = await as.agnes.agency.requests();
		const mine = agnesList.find((r) => r.id === byAgency.get(police));
		expect(mine).toBeDefined();
		expect(agnesList.some((r) => r.id === byAgency.get(health))).toBe(false);
		expect(mine?.agencyName).toBe('North Yorkshire Police');
		expect(mine?.children).toEqual([
			{ name: 'Robin Inbox', otherNames: 'JJ', dateOfBirth: '2021-04-02', approximateAge: '' }
		]);
		expect(mine?.locations).toEqual(['Harrogate']);
		expect(mine?.incidentDates).toEqual(['2026-11-19']);
		expect(mine?.status).toBe('requested');
		// Nothing of the narrative reaches the agency.
		expect(JSON.stringify(mine)).not.toContain('outline');
		const hanaList = await as.hana.agency.requests();
		expect(hanaList.some((r) => r.id === byAgency.get(police))).toBe(false);
		expect(hanaList.some((r) => r.id === byAgency.get(health))).toBe(true);
	});

	it('puts outstanding requests first by due date and marks the overdue', async () => {
		const { byAgency } = await caseWithRequests([police]);
		const id = byAgency.get(police) ?? '';
		await database.db
			.update(shortReportRequests)
			.set({ dueOn: '2026-01-05' })
			.where(eq(shortReportRequests.id, id));
		const list = await as.agnes.agency.requests();
		expect(list[0]?.id).toBe(id);
		expect(list[0]?.overdue).toBe(true);
		expect(list[0]?.status).toBe('overdue');
		const dues = list.filter((r) => !r.submittedOn).map((r) => r.dueOn);
		expect(dues).toEqual([...dues].sort());
	});

	it('answers another agency’s request, or a guessed id, with NOT_FOUND; every view is audited', async () => {
		const { byAgency } = await caseWithRequests([police, health]);
		await expectProblem(as.agnes.agency.request({ id: byAgency.get(health) ?? '' }), 'NOT_FOUND');
		await expectProblem(as.agnes.agency.request({ id: crypto.randomUUID() }), 'NOT_FOUND');
		await expectProblem(
			as.agnes.agency.submitReport({
				requestId: byAgency.get(health) ?? '',
				clientId: uuidv7(),
				report: validReport(),
				attachmentIds: []
			}),
			'NOT_FOUND'
		);
		await expectProblem(as.priya.agency.requests(), 'FORBIDDEN_ROLE');
		const view = await as.agnes.agency.request({ id: byAgency.get(police) ?? '' });
		expect(view.caseReference).toMatch(/^SCR-/);
		expect(view.caseId).toBeNull();
		const views = await database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.recordId, byAgency.get(police) ?? ''));
		expect(views.map((v) => v.action)).toContain('short_report_request.viewed');
		// The Unit may read any request.
		const unitView = await as.uma.agency.request({ id: byAgency.get(health) ?? '' });
		expect(unitView.agencyName).toBe('Harrogate District NHS Foundation Trust');
	});
});

describe('short reports', () => {
	it('refuses a report with bad fields, with a message for each', async () => {
		const { byAgency } = await caseWithRequests([police]);
		const error = await expectProblem(
			as.agnes.agency.submitReport({
				requestId: byAgency.get(police) ?? '',
				clientId: uuidv7(),
				report: validReport({
					involvementFrom: '2025-05-01',
					involvementTo: '2025-01-01',
					recordsSecured: 'yes',
					recordsSecuredOn: '',
					concernsAndAction: ' ',
					signOff: { leadName: '', confirmed: false as true }
				}),
				attachmentIds: []
			}),
			'INVALID_INPUT'
		);
		const paths = (error as { issues: { path: PropertyKey[]; message: string }[] }).issues.map(
			(i) => `${i.path.join('.')}: ${i.message}`
		);
		expect(paths).toEqual(
			expect.arrayContaining([
				'report.concernsAndAction: Enter the concerns your agency had and the action taken',
				'report.signOff.leadName: Enter the name of the safeguarding lead who signed off the report',
				'report.signOff.confirmed: Confirm that your safeguarding lead has signed off this report'
			])
		);
	});

	it('stores a report once for a retried client id, marks the request received, and refuses a second answer', async () => {
		const { byAgency } = await caseWithRequests([police]);
		const requestId = byAgency.get(police) ?? '';
		const clientId = uuidv7();
		const input = { requestId, clientId, report: validReport(), attachmentIds: [] };
		const first = await as.agnes.agency.submitReport(input);
		const again = await as.agnes.agency.submitReport(input);
		expect(first).toMatchObject({ id: clientId, version: 1, requestStatus: 'received' });
		expect(again).toMatchObject({ id: clientId, version: 1, replayed: true });
		const rows = await database.db
			.select()
			.from(shortReports)
			.where(eq(shortReports.requestId, requestId));
		expect(rows).toHaveLength(1);
		const [request] = await database.db
			.select()
			.from(shortReportRequests)
			.where(eq(shortReportRequests.id, requestId));
		expect(request?.status).toBe('received');
		expect(request?.submittedOn).toBe(today);
		// The same id with other content is a different report: refused.
		await expectProblem(
			as.agnes.agency.submitReport({
				...input,
				report: validReport({ earlyLearning: 'Changed' })
			}),
			'REPORT_ID_CONFLICT'
		);
		// A second, new answer is refused: changes are corrections.
		await expectProblem(
			as.agnes.agency.submitReport({ ...input, clientId: uuidv7() }),
			'REQUEST_ANSWERED'
		);
		await expectProblem(
			as.agnes.agency.nilReturn({
				requestId,
				clientId: uuidv7(),
				author: { name: 'Agnes', role: 'DS' },
				confirm: true
			}),
			'REQUEST_ANSWERED'
		);
		const unitCase = await as.uma.cases.get({ id: request?.caseId ?? '' });
		expect(unitCase.requests.find((r) => r.id === requestId)?.status).toBe('received');
	});

	it('keeps a submitted report unchanged; a correction is a new version linked to it', async () => {
		const { byAgency } = await caseWithRequests([police]);
		const requestId = byAgency.get(police) ?? '';
		const first = await as.agnes.agency.submitReport({
			requestId,
			clientId: uuidv7(),
			report: validReport(),
			attachmentIds: []
		});
		const correction = await as.agnes.agency.correctReport({
			requestId,
			clientId: uuidv7(),
			correctsId: first.id,
			report: validReport({ earlyLearning: 'Information sharing with schools was slow.' }),
			attachmentIds: []
		});
		expect(correction.version).toBe(2);
		// Correcting a version that is no longer the latest is refused.
		await expectProblem(
			as.agnes.agency.correctReport({
				requestId,
				clientId: uuidv7(),
				correctsId: first.id,
				report: validReport(),
				attachmentIds: []
			}),
			'REPORT_SUPERSEDED'
		);
		const view = await as.agnes.agency.request({ id: requestId });
		expect(view.versions.map((v) => v.version)).toEqual([2, 1]);
		expect(view.versions[0]?.correctsId).toBe(first.id);
		expect(view.versions[1]?.report?.earlyLearning).toBe('None identified yet.');
		expect(view.versions[0]?.report?.earlyLearning).toBe(
			'Information sharing with schools was slow.'
		);
	});

	it('takes a nil return in one step with the author’s confirmation', async () => {
		const { byAgency } = await caseWithRequests([police]);
		const requestId = byAgency.get(police) ?? '';
		await expectProblem(
			as.agnes.agency.nilReturn({
				requestId,
				clientId: uuidv7(),
				author: { name: 'Agnes Agency', role: 'DS' },
				confirm: false as true
			}),
			'INVALID_INPUT'
		);
		const result = await as.agnes.agency.nilReturn({
			requestId,
			clientId: uuidv7(),
			author: { name: 'Agnes Agency', role: 'DS' },
			confirm: true
		});
		expect(result.requestStatus).toBe('nil_return');
		const view = await as.agnes.agency.request({ id: requestId });
		expect(view.status).toBe('nil_return');
		expect(view.versions[0]?.nilReturn?.author.name).toBe('Agnes Agency');
	});

	it('records the acknowledgement of the files-secured instruction', async () => {
		const { byAgency, caseId } = await caseWithRequests([police]);
		const requestId = byAgency.get(police) ?? '';
		const instructionId = (await as.agnes.agency.request({ id: requestId })).filesSecured?.id ?? '';
		await expectProblem(as.hana.agency.acknowledgeFilesSecured({ instructionId }), 'NOT_FOUND');
		const { acknowledgedOn } = await as.agnes.agency.acknowledgeFilesSecured({ instructionId });
		expect(acknowledgedOn).toBe(today);
		const unitCase = await as.uma.cases.get({ id: caseId });
		expect(unitCase.requests[0]?.filesSecuredAcknowledgedOn).toBe(today);
	});
});

describe('attachments', () => {
	it('stores a PDF by content, once for the same bytes, and links it to a report', async () => {
		const a = await storeAttachment(
			database.db,
			users.agnes,
			{ name: 'visit.pdf', bytes: PDF },
			dir
		);
		const b = await storeAttachment(
			database.db,
			users.agnes,
			{ name: 'retry.pdf', bytes: PDF },
			dir
		);
		expect(b.id).toBe(a.id);
		expect(a.mime).toBe('application/pdf');
		expect(storedFiles()).toEqual([a.sha256]);
		const { byAgency } = await caseWithRequests([police]);
		const requestId = byAgency.get(police) ?? '';
		const report = await as.agnes.agency.submitReport({
			requestId,
			clientId: uuidv7(),
			report: validReport(),
			attachmentIds: [a.id]
		});
		const links = await database.db
			.select()
			.from(shortReportAttachments)
			.where(eq(shortReportAttachments.reportId, report.id));
		expect(links.map((l) => l.attachmentId)).toEqual([a.id]);
		const view = await as.uma.agency.request({ id: requestId });
		expect(view.versions[0]?.attachments.map((f) => f.name)).toEqual(['visit.pdf']);
	});

	it('refuses an executable renamed .pdf, a file over 20 MB and an empty file, storing nothing', async () => {
		const before = (await database.db.select().from(attachments)).length;
		const filesBefore = storedFiles().length;
		const exe = await expectProblem(
			storeAttachment(database.db, users.agnes, { name: 'report.pdf', bytes: EXE }, dir),
			'ATTACHMENT_REFUSED'
		);
		expect(exe.message).toContain('report.pdf is not a PDF, Word (DOCX), PNG or JPEG file');
		expect((exe as Problem).fieldErrors?.attachments).toContain('EXE');
		const big = new Uint8Array(21 * 1024 * 1024);
		big.set(PDF);
		const tooBig = await expectProblem(
			storeAttachment(database.db, users.agnes, { name: 'scan.pdf', bytes: big }, dir),
			'ATTACHMENT_REFUSED'
		);
		expect(tooBig.message).toBe(
			'scan.pdf is 21.0 MB, which is larger than 20 MB. Attach a PDF, Word (DOCX), PNG or JPEG file of 20 MB or less, or split it into smaller files.'
		);
		const empty = await expectProblem(
			storeAttachment(
				database.db,
				users.agnes,
				{ name: 'blank.docx', bytes: new Uint8Array() },
				dir
			),
			'ATTACHMENT_REFUSED'
		);
		expect(empty.message).toBe(
			'blank.docx is empty. Attach a PDF, Word (DOCX), PNG or JPEG file of 20 MB or less.'
		);
		expect((await database.db.select().from(attachments)).length).toBe(before);
		expect(storedFiles().length).toBe(filesBefore);
	});

	it('stores and offers a file under the extension of its detected type: a PNG named x.html is x.html.png', async () => {
		const png = new Uint8Array([
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0,
			0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0
		]);
		const stored = await storeAttachment(
			database.db,
			users.agnes,
			{ name: 'x.html', bytes: png },
			dir
		);
		expect(stored.mime).toBe('image/png');
		expect(stored.name).toBe('x.html.png');
		const [row] = await database.db.select().from(attachments).where(eq(attachments.id, stored.id));
		expect(row?.originalName).toBe('x.html.png');
		// A name already ending in its type's extension is kept as it is.
		const jpegNamed = await storeAttachment(
			database.db,
			users.agnes,
			{ name: 'Photo.PNG', bytes: png.map((b, i) => (i === 19 ? 3 : b)) },
			dir
		);
		expect(jpegNamed.name).toBe('Photo.PNG');
		// The download offers the same name.
		const opened = await openAttachment(database.db, users.agnes, stored.id, dir);
		expect(opened.attachment.name).toBe('x.html.png');
	});

	it('refuses another agency’s file on a report as not found', async () => {
		const png = new Uint8Array([
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0,
			0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0
		]);
		const hanas = await storeAttachment(
			database.db,
			users.hana,
			{ name: 'x.png', bytes: png },
			dir
		);
		expect(hanas.mime).toBe('image/png');
		const { byAgency } = await caseWithRequests([police]);
		const error = await expectProblem(
			as.agnes.agency.submitReport({
				requestId: byAgency.get(police) ?? '',
				clientId: uuidv7(),
				report: validReport(),
				attachmentIds: [hanas.id]
			}),
			'INVALID_INPUT'
		);
		expect((error as Problem).fieldErrors?.attachments).toMatch(/could not be found/);
	});
});

describe('attachment endpoints', () => {
	function event(
		path: string,
		user: SessionUser | null,
		init: RequestInit = {},
		params: Record<string, string> = {}
	) {
		return {
			url: new URL(`http://localhost${path}`),
			request: new Request(`http://localhost${path}`, init),
			locals: { user, session: null },
			params,
			getClientAddress: () => '192.0.2.1'
		} as unknown as RequestEvent;
	}

	it('uploads by raw body, refuses a disguised executable with its name, and downloads only for the agency and the Unit', async () => {
		const { POST } = await import('../../src/routes/api/attachments/+server');
		const { GET } = await import('../../src/routes/api/attachments/[id]/+server');
		// Other bytes than the PDF above: the same content would be the same attachment and name.
		const chronology = new TextEncoder().encode('%PDF-1.4\n% chronology\n%%EOF\n');
		const upload = await POST(
			event('/api/attachments', users.agnes, {
				method: 'POST',
				body: chronology,
				headers: { 'x-filename': encodeURIComponent('Chronology – Jan.pdf') }
			}) as Parameters<typeof POST>[0]
		);
		expect(upload.status).toBe(201);
		const { attachment } = (await upload.json()) as { attachment: { id: string } };

		const refused = await POST(
			event('/api/attachments', users.agnes, {
				method: 'POST',
				body: EXE,
				headers: { 'x-filename': 'minutes.pdf' }
			}) as Parameters<typeof POST>[0]
		);
		expect(refused.status).toBe(400);
		const body = (await refused.json()) as {
			error: { code: string; message: string; file: string };
		};
		expect(body.error.code).toBe('ATTACHMENT_REFUSED');
		expect(body.error.file).toBe('minutes.pdf');
		expect(body.error.message).toMatch(/^minutes\.pdf is not a PDF/);

		const unitUpload = await POST(
			event('/api/attachments', users.uma, { method: 'POST', body: PDF }) as Parameters<
				typeof POST
			>[0]
		);
		expect(unitUpload.status).toBe(403);

		const get = (user: SessionUser | null) =>
			GET(
				event(`/api/attachments/${attachment.id}`, user, {}, { id: attachment.id }) as Parameters<
					typeof GET
				>[0]
			);
		const mine = await get(users.agnes);
		expect(mine.status).toBe(200);
		expect(mine.headers.get('content-type')).toBe('application/pdf');
		expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
		expect(mine.headers.get('content-disposition')).toMatch(
			/^attachment; filename="Chronology _ Jan.pdf"/
		);
		expect(new Uint8Array(await mine.arrayBuffer())).toEqual(chronology);
		expect((await get(users.uma)).status).toBe(200);
		expect((await get(users.hana)).status).toBe(404);
		expect((await get(users.priya)).status).toBe(404);
		expect((await get(users.chris)).status).toBe(404);
		expect((await get(null)).status).toBe(401);
		const downloads = await database.db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.recordId, attachment.id));
		expect(downloads.filter((d) => d.action === 'attachment.downloaded')).toHaveLength(2);
	});
	it('streams a raw upload to disk and stops reading once it passes 20 MB, leaving nothing behind', async () => {
		const { POST } = await import('../../src/routes/api/attachments/+server');
		let pulled = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled++;
				const chunk = new Uint8Array(1024 * 1024);
				if (pulled === 1) chunk.set(PDF);
				controller.enqueue(chunk);
			}
		});
		const filesBefore = storedFiles().length;
		const response = await POST(
			event('/api/attachments', users.agnes, {
				method: 'POST',
				body: endless,
				headers: { 'x-filename': 'endless.pdf' },
				duplex: 'half'
			} as RequestInit) as Parameters<typeof POST>[0]
		);
		expect(response.status).toBe(400);
		const body = (await response.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('ATTACHMENT_REFUSED');
		expect(body.error.message).toMatch(/^endless\.pdf is .* larger than 20 MB/);
		// 20 MB and the chunk that went past it, plus what the stream had queued: not the rest.
		expect(pulled).toBeLessThanOrEqual(24);
		expect(storedFiles().length).toBe(filesBefore);
	});
});
