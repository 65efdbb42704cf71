import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { policeAskedForAReport, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { validShortReport } from '../support/short-report';
import { sessionUser } from '../support/triage';
import { shortReports } from '$lib/server/db/schema';
import { storeAttachment } from '$lib/server/services/agency/attachments';
import { reportReceiptHash } from '$lib/server/services/agency/report-receipts';
import { checkReceipt, receiptSigningKey } from '$lib/server/services/notifications/receipts';

// Issue 14 (docs/decisions/029): each short report, correction and nil return is answered with a
// signed receipt covering its content and its files' SHA-256, the same every time it is sent
// again, checked by `npm run receipt:verify`; and each answer is on the case's timeline.

const run = promisify(execFile);
let world: ProcedureWorld;
let dir: string;

const PDF = new TextEncoder().encode(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

beforeAll(async () => {
	world = await procedureWorld(['uma', 'agnes']);
	dir = mkdtempSync(join(tmpdir(), 'safeguard-receipt-files-'));
	process.env.DATABASE_URL = world.database.url;
	process.env.ATTACHMENTS_DIR = dir;
});

const policeRequest = () => policeAskedForAReport(world);

describe('a short report’s signed receipt', () => {
	it('covers the stored report and its file’s SHA-256, verifies, and is the same when sent again', async () => {
		const { requestId } = await policeRequest();
		const agnes = await sessionUser(world.database.db, world.ids.agnes);
		const file = await storeAttachment(
			world.database.db,
			agnes,
			{ name: 'visit.pdf', bytes: PDF },
			dir
		);
		const input = {
			requestId,
			clientId: uuidv7(),
			report: validShortReport(),
			attachmentIds: [file.id]
		};
		const first = await world.as.agnes.agency.submitReport(input);
		const again = await world.as.agnes.agency.submitReport(input);
		expect(again.replayed).toBe(true);
		expect(again.receipt).toEqual(first.receipt);

		const [row] = await world.database.db
			.select()
			.from(shortReports)
			.where(eq(shortReports.id, first.id));
		expect(first.receipt.id).toBe(input.clientId);
		expect(first.receipt.contentHash).toBe(
			reportReceiptHash(row?.contentHash ?? '', [file.sha256])
		);
		// Another file's hash gives another receipt hash: the files are covered.
		expect(first.receipt.contentHash).not.toBe(
			reportReceiptHash(row?.contentHash ?? '', ['0'.repeat(64)])
		);
		const key = await receiptSigningKey(world.database.db);
		expect(checkReceipt(first.receipt, key.publicKey).valid).toBe(true);
		expect(
			checkReceipt({ ...first.receipt, contentHash: '0'.repeat(64) }, key.publicKey).valid
		).toBe(false);

		// The command the device's owner or an auditor runs on the receipt kept on the device.
		const receiptFile = join(mkdtempSync(join(tmpdir(), 'report-receipt-')), 'receipt.json');
		writeFileSync(receiptFile, JSON.stringify({ receipt: first.receipt }));
		const { stdout } = await run(
			resolve('node_modules/.bin/tsx'),
			[resolve('scripts/receipt-verify.ts'), receiptFile],
			{ env: { ...process.env, DATABASE_URL: world.database.url }, timeout: 20_000 }
		);
		expect(stdout).toBe(
			`VALID ${first.receipt.reference} (signed by key ${first.receipt.keyId})\n`
		);
	});

	it('answers a nil return and a correction with receipts of their own', async () => {
		const { requestId } = await policeRequest();
		const first = await world.as.agnes.agency.submitReport({
			requestId,
			clientId: uuidv7(),
			report: validShortReport(),
			attachmentIds: []
		});
		const correction = await world.as.agnes.agency.correctReport({
			requestId,
			clientId: uuidv7(),
			correctsId: first.id,
			report: validShortReport({ earlyLearning: 'A missed referral in March.' }),
			attachmentIds: []
		});
		expect(correction.receipt.reference).toMatch(/short report v2$/);
		expect(correction.receipt.contentHash).not.toBe(first.receipt.contentHash);

		const other = await policeRequest();
		const nil = await world.as.agnes.agency.nilReturn({
			requestId: other.requestId,
			clientId: uuidv7(),
			author: { name: 'Agnes Agency', role: 'Detective Sergeant' },
			confirm: true
		});
		expect(nil.receipt.id).toBe(nil.id);
	});
});

describe('the case timeline', () => {
	it('shows each answer as it was received, without changing the case’s version', async () => {
		const { caseId, requestId } = await policeRequest();
		const before = await world.as.uma.cases.get({ id: caseId });
		const first = await world.as.agnes.agency.submitReport({
			requestId,
			clientId: uuidv7(),
			report: validShortReport(),
			attachmentIds: []
		});
		await world.as.agnes.agency.correctReport({
			requestId,
			clientId: uuidv7(),
			correctsId: first.id,
			report: validShortReport({ earlyLearning: 'A missed referral in March.' }),
			attachmentIds: []
		});
		const after = await world.as.uma.cases.get({ id: caseId });
		expect(after.version).toBe(before.version);
		const answers = after.timeline.filter((e) => e.action === 'short_report_received');
		expect(answers.map((e) => [e.actorName, e.summary])).toEqual([
			['Agnes Agency', 'sent North Yorkshire Police’s short report'],
			['Agnes Agency', 'sent a correction of North Yorkshire Police’s short report (version 2)']
		]);
		// In time order with the case's own events: the answers come after the request was made.
		const times = after.timeline.map((e) => e.at);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(after.timeline.at(-1)?.action).toBe('short_report_received');
	});
});
