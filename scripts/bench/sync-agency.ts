// bench:sync's agency row (issue 14): 100 short reports, each with a 1 MB PDF, kept sealed in
// chunks (file-chunks.ts) and queued in the agency outbox (agency-outbox.ts) while the server is
// down; then the server comes up and the outbox drains through the real tus uploader
// (agency-outbox-tus.ts) and tRPC's agency.submitReport. Beside it, in the same run and the same
// temp dir, the machine's raw sequential disk write, so the figure has something to be read
// against. A lost report or file is a failure (ok: false), not a figure.
//
// Shims, in this bench only, for what a browser gives the page and Node does not:
// - the session cookie: tus-js-client under Node has no cookie jar, so its default headers carry
//   the cookie (and the Origin a browser sends);
// - the tRPC client: the page's (`$lib/api`) reads the device session, a Svelte rune module, so
//   the transport here makes the same agency.submitReport call through a Node tRPC client.
import { closeSync, fsyncSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { defaultOptions as tusDefaults } from 'tus-js-client';
import { uuidv7 } from 'uuidv7';
import { eq } from 'drizzle-orm';
import type { AppRouter } from '../../src/lib/server/trpc/root';
import { migrateDatabase, openDatabase } from '../../src/lib/server/db';
import { attachments, shortReportAttachments, shortReports } from '../../src/lib/server/db/schema';
import { pathFor } from '../../src/lib/server/services/agency/attachments';
import { openDeviceDb } from '../../src/lib/client/device/device-db';
import { setPasscode } from '../../src/lib/client/device/device-lock';
import { keepFile } from '../../src/lib/client/device/file-chunks';
import {
	agencyOutboxItems,
	AnswerRefused,
	drainAgencyOutbox,
	enqueueAnswer,
	retryAnswersNow,
	type AgencyTransport,
	type FileUploader
} from '../../src/lib/client/device/agency-outbox';
import { tusUploader } from '../../src/lib/client/device/agency-outbox-tus';
import { TransportError } from '../../src/lib/client/device/outbox';
import type { ShortReportDraft } from '../../src/lib/domain/agency/short-report-draft';
import { createPersonas, PASSWORD, PERSONAS } from '../../tests/support/factories';
import { signedIn } from '../../tests/support/callers';
import { sessionUser } from '../../tests/support/triage';
import { policeAskedForAReport, type ProcedureWorld } from '../../tests/support/procedure';
import { validShortReport } from '../../tests/support/short-report';
import { signInAs } from './browser';
import { startServer } from './server';

const MB = 1024 * 1024;

export interface AgencySyncResult {
	rows: [string, string][];
	ok: boolean;
}

/** A valid PDF of exactly `bytes`, its own content (attachments are stored by hash). */
function pdfOf(bytes: number, n: number): File {
	const head = new TextEncoder().encode(`%PDF-1.4\n% bench report ${n} ${uuidv7()}\n`);
	const tail = new TextEncoder().encode('\n%%EOF\n');
	const body = new Uint8Array(bytes).fill(0x20);
	body.set(head);
	body.set(tail, bytes - tail.length);
	return new File([body], `report-${n}.pdf`, { type: 'application/pdf' });
}

/** The database the server will open: the test personas and `count` requests to the police. */
async function seedRequests(url: string, count: number): Promise<string[]> {
	const database = await openDatabase(url);
	await migrateDatabase(database);
	const { ids, agencies } = await createPersonas(database.db);
	const uma = (await signedIn(database.db, 'uma')).caller;
	const priya = await sessionUser(database.db, ids.priya);
	const world = { database, ids, agencies, as: { uma }, priya } as unknown as ProcedureWorld;
	const requestIds: string[] = [];
	for (let i = 0; i < count; i++) requestIds.push((await policeAskedForAReport(world)).requestId);
	database.client.close();
	return requestIds;
}

/** agency.submitReport as the page's transport calls it, through a Node tRPC client. */
function nodeTransport(origin: string, cookie: string): AgencyTransport {
	const client = createTRPCClient<AppRouter>({
		links: [httpLink({ url: `${origin}/api/trpc`, headers: { cookie } })]
	});
	return {
		async send(clientId, answer, attachmentIds) {
			try {
				const report = answer.report as unknown as Parameters<
					typeof client.agency.submitReport.mutate
				>[0]['report'];
				const sent = await client.agency.submitReport.mutate({
					requestId: answer.requestId,
					clientId,
					report,
					attachmentIds
				});
				return sent.receipt;
			} catch (error) {
				if (error instanceof TRPCClientError && error.data) {
					throw new AnswerRefused(error.message, {});
				}
				throw new TransportError('network', 'The server could not be reached');
			}
		}
	};
}

/** Writes `totalMb` MB sequentially, fsync at the end or after every MB: MB/s. */
function rawWrite(dir: string, totalMb: number, syncEachMb: boolean): number {
	const path = join(dir, `raw-write-${syncEachMb ? 'each' : 'end'}.bin`);
	const block = new Uint8Array(MB).fill(0x5a);
	const started = performance.now();
	const fd = openSync(path, 'w');
	for (let i = 0; i < totalMb; i++) {
		writeSync(fd, block);
		if (syncEachMb) fsyncSync(fd);
	}
	fsyncSync(fd);
	closeSync(fd);
	const seconds = (performance.now() - started) / 1000;
	unlinkSync(path);
	return totalMb / seconds;
}

export async function benchAgencySync(options: {
	dir: string;
	port: number;
	reports?: number;
	fileBytes?: number;
}): Promise<AgencySyncResult> {
	const { dir, port } = options;
	const reports = options.reports ?? 100;
	const fileBytes = options.fileBytes ?? MB;
	const databaseFile = join(dir, 'agency.db');
	const attachmentsDir = join(dir, 'attachments');
	const origin = `http://localhost:${port}`;

	// 1. The server's database: 100 requests for the police's short report, nothing answered.
	const requestIds = await seedRequests(`file:${databaseFile}`, reports);

	// 2. The device, no server running: each report's PDF kept sealed, the answer queued.
	const db = await openDeviceDb();
	const userId = 'bench-agency-user';
	const key = await setPasscode(db, userId, 'bench passcode', 0, 1000);
	const device = { db, key, userId };
	const hashes = new Map<string, number>();
	const queueStart = performance.now();
	for (const [n, requestId] of requestIds.entries()) {
		const kept = await keepFile(device, pdfOf(fileBytes, n));
		hashes.set(kept.sha256, kept.size);
		const report = validShortReport() as unknown as ShortReportDraft;
		await enqueueAnswer(device, uuidv7(), {
			kind: 'report',
			requestId,
			report,
			files: [kept],
			uploaded: []
		});
	}
	const queueMs = performance.now() - queueStart;

	// 3. The server comes up; Agnes signs in; the outbox drains as the page's runner does.
	const server = await startServer(['build'], port, {
		// As `npm start` sets it (scripts/start.js): adapter-node's default of 512 kB would cut a
		// 1 MB tus chunk off half-way.
		BODY_SIZE_LIMIT: '52M',
		ORIGIN: origin,
		DATABASE_URL: `file:${databaseFile}`,
		ATTACHMENTS_DIR: attachmentsDir
	});
	let drainMs = 0;
	let rounds = 0;
	const spent = { upload: 0, send: 0 };
	async function timed<T>(part: keyof typeof spent, call: () => Promise<T>): Promise<T> {
		const started = performance.now();
		try {
			return await call();
		} finally {
			spent[part] += performance.now() - started;
		}
	}
	try {
		const cookie = await signInAs(origin, PERSONAS.agnes.email, PASSWORD);
		tusDefaults.headers = { ...tusDefaults.headers, cookie, origin };
		// The drain's time split between the files and the reports naming them.
		const tus = tusUploader(device, `${origin}/api/uploads`);
		const trpc = nodeTransport(origin, cookie);
		const uploader: FileUploader = {
			upload: (...args) => timed('upload', () => tus.upload(...args))
		};
		const transport: AgencyTransport = {
			send: (...args) => timed('send', () => trpc.send(...args))
		};
		await retryAnswersNow(device);
		const drainStart = performance.now();
		for (;;) {
			rounds += 1;
			const report = await drainAgencyOutbox(device, transport, uploader);
			if (report.stopped) throw new Error(`agency outbox stopped: ${report.stopped}`);
			const left = (await agencyOutboxItems(db, userId)).filter((i) => i.state !== 'sent');
			const refused = left.find((i) => i.state === 'attention');
			if (refused) throw new Error(`the server refused an answer: ${refused.problem?.message}`);
			if (left.length === 0) break;
		}
		drainMs = performance.now() - drainStart;
	} finally {
		await server.stop();
	}

	// 4. What the server holds: every report, every file, each the size and hash sent.
	const receipts = (await agencyOutboxItems(db, userId)).filter((i) => i.receipt).length;
	const database = await openDatabase(`file:${databaseFile}`);
	const storedReports = await database.db.select({ id: shortReports.id }).from(shortReports);
	const stored = await database.db
		.select({ sha256: attachments.sha256, size: attachments.size })
		.from(attachments)
		.innerJoin(shortReportAttachments, eq(shortReportAttachments.attachmentId, attachments.id));
	database.client.close();
	const rightFiles = stored.filter((a) => hashes.get(a.sha256) === a.size).length;
	const onDisk = stored.filter((a) => {
		try {
			return statSync(pathFor(attachmentsDir, a.sha256)).size === a.size;
		} catch {
			return false;
		}
	}).length;

	// 5. The same machine's raw sequential write, in the same run and the same directory. Three
	// of each, taken in turn: the first write after the server's can wait on its writeback.
	const rawMb = Math.round((reports * fileBytes) / MB);
	const rawEnd: number[] = [];
	const rawEach: number[] = [];
	for (let run = 0; run < 3; run++) {
		rawEnd.push(rawWrite(dir, rawMb, false));
		rawEach.push(rawWrite(dir, rawMb, true));
	}
	const range = (figures: number[]) =>
		`${Math.min(...figures).toFixed(0)}–${Math.max(...figures).toFixed(0)} MB/s (3 runs)`;

	const totalMb = (reports * fileBytes) / MB;
	const seconds = drainMs / 1000;
	return {
		ok:
			receipts === reports &&
			storedReports.length === reports &&
			stored.length === reports &&
			rightFiles === reports &&
			onDisk === reports,
		rows: [
			['agency reports queued (1 file each)', String(reports)],
			['files queued', `${totalMb.toFixed(0)} MB`],
			['time to queue (seal chunks + store)', `${(queueMs / 1000).toFixed(2)} s`],
			['time to drain (tus + submit)', `${seconds.toFixed(2)} s`],
			['agency drain rate', `${(reports / seconds).toFixed(1)} reports/s`],
			['agency drain throughput', `${(totalMb / seconds).toFixed(1)} MB/s`],
			['  of which tus uploads', `${(spent.upload / 1000).toFixed(2)} s`],
			['  of which report submits', `${(spent.send / 1000).toFixed(2)} s`],
			['agency drain calls', String(rounds)],
			['agency receipts on the device', String(receipts)],
			['short reports on the server', String(storedReports.length)],
			['attachments, right size and hash', String(rightFiles)],
			['attachment files on disk, right size', String(onDisk)],
			[`raw write ${rawMb} MB, fsync at end`, range(rawEnd)],
			[`raw write ${rawMb} MB, fsync per MB`, range(rawEach)]
		]
	};
}
