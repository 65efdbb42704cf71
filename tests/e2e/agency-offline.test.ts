// An agency's pages offline (docs/decisions/029): after one online sign-in the inbox, as last
// synced and saying when, and each request's facts open with no server at all, after a reload and
// from a deep link; what the device keeps is sealed under the passcode-wrapped device key; signing
// out and a disabled account remove it. Issue 14's own journey: a report written and sent with no
// server, its 5 MB PDF kept in sealed chunks; the server back, the upload cut half-way by killing
// it, resumed from the server's offset, not from zero; the Unit downloads the file byte for byte.
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import { uuidv7 } from 'uuidv7';
import { AppServer, ownPort, waitForServiceWorkerControl } from './support/app-server';
import { Api, notificationForm, seedOneOfEverything, type SeededRecords } from './support/seed';
import { addWorkingDays } from '../../src/lib/domain/calendar/working-days';
import { todayIso } from '../../src/lib/domain/calendar/iso-date';
import { signOut } from './support/case-steps';
import { expect, expectAccessible, openUnlocked, PERSONAS, reloadUnlocked, test } from './fixtures';

// This journey owns its server so it can stop it and start it again on the same database.
const server = new AppServer(ownPort(240));
test.use({
	baseURL: server.origin,
	// While the server is down, the page's own requests fail: that is the point of the test.
	expectedConsoleErrors: /Failed to load resource|ERR_CONNECTION_REFUSED/
});

let seeded: SeededRecords;

const MB = 1024 * 1024;

/** Text that runs through the 5 MB test PDF: found in a dump only if its bytes are kept clear. */
const FILE_MARKER = 'WELFARE-VISIT-FILE-BYTES';
const FIVE_MB_PDF = Buffer.concat([
	Buffer.from('%PDF-1.4\n'),
	Buffer.alloc(5 * 1024 * 1024 - 9, `${FILE_MARKER} `)
]);
let requests: { id: string; caseReference: string; children: { name: string }[] }[];
const contexts: APIRequestContext[] = [];
let admin: Api;
let imrCaseReference: string;

/** An SCR decided today and its IMR letter sent to the agency's police force (§13.6). */
async function imrRequested(practitioner: Api, unit: Api, chair: Api): Promise<string> {
	const notificationId = uuidv7();
	await practitioner.call('notifications.submit', {
		id: notificationId,
		form: notificationForm({ incidentType: 'death' })
	});
	const { caseId, reference } = await unit.call<{ caseId: string; reference: string }>(
		'triage.openCase',
		{ notificationId, classification: 'child_death' }
	);
	const agencies = await unit.query<{ id: string; name: string }[]>('agencies.list');
	const police = agencies.find((a) => a.name === 'North Yorkshire Police')?.id;
	const toChair = await unit.call<{ version: number }>('cases.transition', {
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification: 'child_death',
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: todayIso()
		}
	});
	const decided = await chair.call<{ version: number }>('cases.transition', {
		id: caseId,
		version: toChair.version,
		to: 'scr_initiated',
		payload: { decidedOn: todayIso(), rationale: 'The criteria in §13.2 are met' }
	});
	await unit.call('imrs.send', {
		id: caseId,
		version: decided.version,
		agencyIds: [police],
		dueOn: addWorkingDays(todayIso(), 20)
	});
	return reference;
}

test.beforeAll(async ({ playwright }) => {
	await server.start();
	for (let i = 0; i < 5; i += 1) {
		contexts.push(await playwright.request.newContext({ baseURL: server.origin }));
	}
	const [practitioner, unit, agency, administrator, chair] = contexts.map((c) => new Api(c)) as [
		Api,
		Api,
		Api,
		Api,
		Api
	];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	await agency.signIn('agency');
	await administrator.signIn('admin');
	await chair.signIn('chair');
	admin = administrator;
	seeded = await seedOneOfEverything(practitioner, unit, agency);
	imrCaseReference = await imrRequested(practitioner, unit, chair);
	requests = await agency.query('agency.requests');
});
test.afterAll(async () => {
	for (const context of contexts) await context.dispose();
	await server.stop();
});

/**
 * Every record of every IndexedDB database of the page (the device's, and any other a library
 * might have made), as text: strings as they are, binary values (sealed records, IVs, file
 * chunks) as Latin-1, so a name or a file's bytes kept in the clear anywhere, in any form, is
 * found. Counts are the device database's, by store.
 */
async function dumpDevice(page: Page): Promise<{ text: string; counts: Record<string, number> }> {
	const others = await page.evaluate(async () => {
		const names = (await indexedDB.databases()).map((d) => d.name ?? '');
		return names.filter((n) => n !== 'safeguard-device');
	});
	expect(others).toEqual([]);
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('safeguard-device');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(new Error('cannot open device db'));
		});
		const parts: string[] = [];
		const counts: Record<string, number> = {};
		const flatten = (value: unknown): unknown => {
			if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
				const bytes =
					value instanceof ArrayBuffer
						? new Uint8Array(value)
						: new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
				// In slices: a 1 MB chunk is more arguments than one call may take.
				let text = '';
				for (let i = 0; i < bytes.length; i += 8192) {
					text += String.fromCharCode(...bytes.subarray(i, i + 8192));
				}
				return text;
			}
			if (Array.isArray(value)) return value.map(flatten);
			if (value && typeof value === 'object') {
				return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(v)]));
			}
			return value;
		};
		for (const name of [...db.objectStoreNames]) {
			const records = await new Promise<unknown[]>((resolve) => {
				const req = db.transaction(name).objectStore(name).getAll();
				req.onsuccess = () => resolve(req.result as unknown[]);
			});
			counts[name] = records.length;
			parts.push(JSON.stringify(records.map(flatten)));
		}
		db.close();
		return { text: parts.join('\n'), counts };
	});
}

function childOf(requestId: string): string {
	const name = requests.find((r) => r.id === requestId)?.children[0]?.name;
	if (!name) throw new Error('the seeded request names no child');
	return name;
}

test('with the server stopped: the inbox as last synced and each request’s facts, by reload and deep link, and a report typed offline, all sealed on the device; signing out removes them', async ({
	page,
	login
}) => {
	test.setTimeout(5 * 60_000);
	const opened = requests.find((r) => r.id === seeded.openRequestId);
	const openChild = childOf(seeded.openRequestId);
	const answeredChild = childOf(seeded.answeredRequestId);

	await login('agency');
	await expect(page.getByRole('heading', { name: 'Requests for your agency' })).toBeVisible();
	await expect(page.getByTestId('synced-at')).toHaveCount(0);
	await expect(page.getByTestId('agency-imr-requests')).toContainText(
		`IMR for ${imrCaseReference}`
	);
	await expect(page.getByTestId('imr-online-only')).toHaveCount(0);
	await waitForServiceWorkerControl(page);
	await page
		.getByRole('link', { name: opened?.caseReference ?? '' })
		.first()
		.click();
	await expect(page.getByRole('heading', { name: 'Short report request' })).toBeVisible();
	await expect(page.getByTestId('request-facts')).toContainText(openChild);

	await server.stop();
	// A reload with no server: the passcode unlocks the device offline, the request opens sealed.
	await reloadUnlocked(page);
	await expect(page.getByRole('heading', { name: 'Short report request' })).toBeVisible();
	await expect(page.getByTestId('request-facts')).toContainText(openChild);
	await expect(page.getByTestId('synced-at')).toContainText(
		'You are offline. These request details are as they were last synced on this device'
	);
	// Written with no server: every keystroke is sealed on the device and comes back on reload.
	const typed = 'Bruising seen by PC Offline at the welfare visit on Tuesday.';
	await page.getByLabel('Concerns your agency had and the action taken').fill(typed);
	await page.locator('#author-role').fill('Detective Constable Offline');
	await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
	await expectAccessible(page);
	await reloadUnlocked(page);
	await expect(page.getByLabel('Concerns your agency had and the action taken')).toHaveValue(typed);
	await expect(page.locator('#author-role')).toHaveValue('Detective Constable Offline');

	// The inbox, by its address, as last synced and saying when.
	await openUnlocked(page, '/agency');
	await expect(page.getByRole('heading', { name: 'Requests for your agency' })).toBeVisible();
	await expect(page.getByTestId('synced-at')).toContainText('as they were last synced');
	await expect(page.getByTestId('agency-requests')).toContainText(answeredChild);
	// Its IMR requests too (decision 026), whose pages open only online (decision 029).
	await expect(page.getByTestId('agency-imr-requests')).toContainText(
		`IMR for ${imrCaseReference}`
	);
	await expect(page.getByTestId('imr-online-only')).toContainText('back online');
	await expectAccessible(page);

	// A deep link to a request never opened on this device: its facts as the inbox synced them.
	await openUnlocked(page, `/agency/requests/${seeded.answeredRequestId}`);
	await expect(page.getByTestId('request-facts')).toContainText(answeredChild);
	await expect(page.getByTestId('synced-at')).toBeVisible();
	await expect(page.getByTestId('offline-answer')).toBeVisible();

	// Nothing synced is on the device in the clear: no child's name, no case reference.
	const { text, counts } = await dumpDevice(page);
	expect(counts.cache).toBeGreaterThanOrEqual(2);
	expect(counts.drafts).toBe(1);
	for (const secret of [
		openChild,
		answeredChild,
		opened?.caseReference ?? 'missing',
		imrCaseReference,
		'PC Offline',
		'Constable Offline'
	]) {
		expect(text).not.toContain(secret);
	}

	// Sent with no signal (issue 14): the check-your-answers step shows it with Change links, and
	// it waits in the device's outbox, sealed, its 5 MB file kept in five sealed 1 MB chunks, the
	// page saying what waits.
	await openUnlocked(page, `/agency/requests/${seeded.openRequestId}`);
	const report = page.locator('form[action="?/submitReport"]');
	await expect(report.getByLabel('Concerns your agency had and the action taken')).toHaveValue(
		typed
	);
	const today = todayIso();
	await report.getByLabel('Involvement started').fill('2025-01-06');
	await report.getByLabel('Involvement ended').fill(today);
	await report.getByLabel('Date of your last contact').fill(today);
	await report.getByLabel('Immediate safeguarding steps taken').fill('Strategy discussion held.');
	await report.getByLabel('No', { exact: true }).check();
	await report.getByLabel('Early learning').fill('None identified yet.');
	await report
		.getByLabel('Your view on whether the criteria for a review are met')
		.fill('The criteria appear to be met.');
	await report.getByLabel('Attach files (optional)').setInputFiles({
		name: 'welfare-visit.pdf',
		mimeType: 'application/pdf',
		buffer: FIVE_MB_PDF
	});
	await report.locator('#author-name').fill('Alex Agency');
	await report.getByLabel('Name of the safeguarding lead').fill('DI Lead');
	await report.getByLabel('Our safeguarding lead has read and signed off this report').check();
	await report.getByRole('button', { name: 'Continue' }).click();
	await expect(
		page.getByRole('heading', { name: 'Check your answers before sending' })
	).toBeFocused();
	const answers = page.getByTestId('check-answers');
	await expect(answers).toContainText(typed);
	await expect(answers).toContainText('welfare-visit.pdf (5.0 MB)');
	await expectAccessible(page);
	// Change goes back to the field itself.
	await answers.getByRole('link', { name: 'Change your role' }).click();
	await expect(page.locator('#author-role')).toBeFocused();
	await report.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByText('You are offline: it will be kept on this device')).toBeVisible();
	await report.getByRole('button', { name: 'Send the short report' }).click();
	await expect(page.getByTestId('answer-waiting')).toBeVisible();
	const outbox = page.getByTestId('agency-outbox');
	await expect(outbox).toContainText('Waiting to send');
	await expect(outbox.getByTestId('file-progress')).toHaveText(
		'File 1 of 1: 0 bytes of 5.0 MB sent'
	);
	await expectAccessible(page);
	const queued = await dumpDevice(page);
	expect(queued.text.split(':file-chunks:').length - 1).toBe(5);
	expect(queued.text).toContain(':agency-outbox:');
	for (const secret of [typed, 'Constable Offline', 'welfare-visit', FILE_MARKER, openChild]) {
		expect(queued.text).not.toContain(secret);
	}
	// What waits is on the inbox too, and still there after a reload.
	await openUnlocked(page, '/agency');
	await expect(page.getByTestId('outbox-waiting-count')).toContainText(
		'One answer is waiting on this device to be sent.'
	);
	await openUnlocked(page, `/agency/requests/${seeded.openRequestId}`);
	await expect(page.getByTestId('file-progress')).toHaveText('File 1 of 1: 0 bytes of 5.0 MB sent');

	// Back online, the outbox sends by itself: the file by tus (/api/uploads, decisions 031/032) in
	// 1 MB chunks. Every chunk the page sends is counted by its Upload-Offset; the third is held
	// while the server is killed (SIGKILL, a power cut: it had confirmed 2 MB and never sees the
	// third), then let go to find no server. When the server is back the upload asks where it got
	// to (HEAD) and goes on from there, not from zero.
	const uploadPath = /\/api\/uploads\/[0-9a-f-]{36}$/;
	const patches: { offset: number; bytes: number; afterRestart: boolean }[] = [];
	const received: number[] = [];
	const headOffsets: number[] = [];
	let restarted = false;
	page.on('request', (request) => {
		if (request.method() !== 'PATCH' || !uploadPath.test(new URL(request.url()).pathname)) return;
		patches.push({
			offset: Number(request.headers()['upload-offset']),
			bytes: request.postDataBuffer()?.byteLength ?? 0,
			afterRestart: restarted
		});
	});
	page.on('requestfinished', (request) => {
		if (request.method() !== 'PATCH' || !uploadPath.test(new URL(request.url()).pathname)) return;
		received.push(request.postDataBuffer()?.byteLength ?? 0);
	});
	page.on('response', (response) => {
		const request = response.request();
		if (request.method() === 'HEAD' && uploadPath.test(new URL(request.url()).pathname)) {
			if (restarted) headOffsets.push(Number(response.headers()['upload-offset']));
		}
	});
	let held: () => void = () => {};
	const cutReached = new Promise<void>((resolve) => (held = resolve));
	let letGo: () => void = () => {};
	const cutDone = new Promise<void>((resolve) => (letGo = resolve));
	let cut = false;
	// On the context, not the page: it sees requests however they leave (the page is the service
	// worker's client).
	await page.context().route(uploadPath, async (route) => {
		const request = route.request();
		const offset = Number(request.headers()['upload-offset'] ?? 0);
		if (request.method() === 'PATCH' && !cut && offset >= 2 * MB) {
			cut = true;
			held();
			await cutDone;
		}
		// After the cut this reaches for a server that is not there: the connection is refused.
		await route.continue().catch(() => {});
	});
	await server.start();
	await reloadUnlocked(page);
	await cutReached;
	// The page shows what the server confirmed, kept on the device: two of five chunks.
	await expect(page.getByTestId('file-progress')).toHaveText('File 1 of 1: 2.0 MB of 5.0 MB sent');
	await server.kill();
	letGo();
	// Cut half-way: the answer waits again, what the server confirmed still shown (after a reload
	// too, as it is kept), and nothing on the device in the clear, the upload's address included.
	await expect(page.getByTestId('agency-outbox')).toContainText('Waiting to send');
	await reloadUnlocked(page);
	await expect(page.getByTestId('file-progress')).toHaveText('File 1 of 1: 2.0 MB of 5.0 MB sent');
	const halfway = await dumpDevice(page);
	expect(halfway.text.split(':file-chunks:').length - 1).toBe(5);
	for (const secret of [typed, 'Constable Offline', 'welfare-visit', FILE_MARKER, openChild]) {
		expect(halfway.text).not.toContain(secret);
	}
	expect(patches.map((p) => p.offset)).toEqual([0, MB, 2 * MB]);

	restarted = true;
	await server.start();
	// Within seconds of the server's return the outbox tries again (its probe), and sends.
	await expect(page.getByTestId('agency-outbox')).toContainText('Sent', { timeout: 60_000 });
	await expect(page.getByTestId('receipt-reference')).toContainText(opened?.caseReference ?? '');
	await expect(page.getByTestId('signed-receipt')).toContainText('"signature"');
	const resumed = patches.filter((p) => p.afterRestart);
	// From where the server said it had got to, which is where it stopped, not zero.
	expect(headOffsets[0]).toBe(2 * MB);
	expect(resumed[0]?.offset).toBe(2 * MB);
	expect(resumed.map((p) => p.offset)).toEqual([2 * MB, 3 * MB, 4 * MB]);
	expect(resumed.reduce((sum, p) => sum + p.bytes, 0)).toBe(FIVE_MB_PDF.byteLength - 2 * MB);
	// The server took every byte once; the page put at most the one cut chunk on the wire twice.
	expect(received.reduce((sum, n) => sum + n, 0)).toBe(FIVE_MB_PDF.byteLength);
	const putOnTheWire = patches.reduce((sum, p) => sum + p.bytes, 0);
	expect(putOnTheWire).toBeLessThanOrEqual(FIVE_MB_PDF.byteLength + MB);
	expect(putOnTheWire).toBeLessThan(2 * FIVE_MB_PDF.byteLength);
	await page.context().unroute(uploadPath);
	const sent = await dumpDevice(page);
	expect(sent.text.split(':file-chunks:').length - 1).toBe(0);
	for (const secret of [typed, 'Constable Offline', 'welfare-visit', FILE_MARKER, openChild]) {
		expect(sent.text).not.toContain(secret);
	}

	await openUnlocked(page, `/agency/requests/${seeded.answeredRequestId}`);
	await expect(page.getByTestId('request-facts')).toContainText(answeredChild);
	await expect(page.getByTestId('synced-at')).toHaveCount(0);
	await signOut(page);
	const after = await dumpDevice(page);
	expect(after.counts).toMatchObject({ locks: 0, profile: 0, cache: 0, drafts: 0 });

	// The Unit reads the report on its case and downloads the file: the PDF, byte for byte.
	await login('unit');
	await page.goto(`/requests/${seeded.openRequestId}`);
	await expect(
		page.getByRole('heading', { name: 'Short report from North Yorkshire Police' })
	).toBeVisible();
	await expect(page.getByText(typed)).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'welfare-visit.pdf' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('welfare-visit.pdf');
	expect(Buffer.compare(await readFile(await file.path()), FIVE_MB_PDF)).toBe(0);
});

test('a disabled account: the device removes the agency’s synced requests at its next contact', async ({
	page,
	login
}) => {
	await login('agency');
	await expect(page.getByTestId('agency-requests')).toContainText(childOf(seeded.openRequestId));
	expect((await dumpDevice(page)).counts.cache).toBeGreaterThanOrEqual(1);

	const users = await admin.query<{ id: string; email: string }[]>('admin.users');
	const agencyUser = users.find((u) => u.email === PERSONAS.agency.email);
	await admin.call('admin.disableUser', { userId: agencyUser?.id });

	await page.goto('/agency');
	await expect(page).toHaveURL(/\/sign-in\?reason=revoked$/);
	// Whichever way in learns of it first (the layout, the sign-in page, the service worker), the
	// wipe may still be finishing as the sign-in page shows.
	await expect
		.poll(async () => (await dumpDevice(page)).counts)
		.toMatchObject({ locks: 0, profile: 0, cache: 0 });
	await admin.call('admin.enableUser', { userId: agencyUser?.id });
});
