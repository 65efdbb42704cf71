// `npm run bench:sync`: queue 1,000 forms on a device while the server is down, bring the server
// up, and time how long the outbox takes to drain. The device is the app's own outbox code running
// under Node (fake-indexeddb, Node's WebCrypto) against the real built server over HTTP. Then the
// agency's row (scripts/bench/sync-agency.ts): 100 short reports with a 1 MB file each, queued and
// drained the same way, beside the machine's raw sequential disk write.
// A benchmark, not a test: it prints figures and asserts nothing about time.
import 'fake-indexeddb/auto';
import './bench/svelte-runes-shim';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { uuidv7 } from 'uuidv7';
import { openDeviceDb } from '../src/lib/client/device/device-db';
import { setPasscode } from '../src/lib/client/device/device-lock';
import { drainOutbox, enqueue, outboxItems, retryNow } from '../src/lib/client/device/outbox';
import { httpTransport } from '../src/lib/client/device/transport';
import { notificationFormSchema } from '../src/lib/domain/notification/notification-form';
import { validNotificationForm } from '../tests/support/factories';
import { DEMO_PERSONAS } from '../src/lib/server/services/users/personas';
import { signIn } from './bench/browser';
import { benchAgencySync } from './bench/sync-agency';

const FORMS = Number(process.env.BENCH_FORMS ?? 1000);
const AGENCY_REPORTS = Number(process.env.BENCH_AGENCY_REPORTS ?? 100);
const PORT = Number(process.env.BENCH_PORT ?? 4390);
const origin = `http://localhost:${PORT}`;
const dir = mkdtempSync(join(tmpdir(), 'safeguard-bench-sync-'));
const databaseFile = join(dir, 'bench.db');

// 1. The device: a user key and 1,000 encrypted forms in the outbox, with no server to send to.
const db = await openDeviceDb();
const userId = 'bench-device-user';
// The passcode's cost is not what this measures: a low PBKDF2 count.
const key = await setPasscode(db, userId, 'bench passcode', 0, 1000);
const queueStart = performance.now();
for (let i = 0; i < FORMS; i++) {
	const form = notificationFormSchema.parse(
		validNotificationForm({ outline: `Benchmark notification ${i}. ${'Narrative. '.repeat(120)}` })
	);
	await enqueue(db, key, userId, uuidv7(), form);
}
const queueMs = performance.now() - queueStart;

// 2. The server comes up on a fresh database with the demo practitioner.
const server = spawn(process.execPath, ['build'], {
	env: {
		...process.env,
		PORT: String(PORT),
		ORIGIN: origin,
		DATABASE_URL: `file:${databaseFile}`,
		SAFEGUARD_DEMO: '1'
	},
	stdio: ['ignore', 'pipe', 'inherit']
});
await new Promise<void>((resolve, reject) => {
	server.stdout.on('data', (chunk: Buffer) => {
		if (String(chunk).includes('Listening')) resolve();
	});
	server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const rows: [string, string][] = [];
try {
	const cookie = await signIn(origin, DEMO_PERSONAS.people.practitioner.email);
	const withSession: typeof fetch = (input, init) =>
		fetch(input, { ...init, headers: { ...init?.headers, cookie } });

	// 3. Drain, as the app does after sign-in: in order, in batches, until nothing is waiting.
	await retryNow(db, userId);
	const drainStart = performance.now();
	let rounds = 0;
	for (;;) {
		rounds += 1;
		const report = await drainOutbox(db, key, userId, httpTransport(origin, withSession));
		if (report.stopped) throw new Error(`outbox stopped: ${report.stopped}`);
		const left = (await outboxItems(db, userId)).filter((i) => i.state !== 'sent').length;
		if (left === 0) break;
	}
	const drainMs = performance.now() - drainStart;

	const items = await outboxItems(db, userId);
	const receipts = items.filter((i) => i.receipt).length;
	const client = createClient({ url: `file:${databaseFile}` });
	const stored = Number((await client.execute('SELECT count(*) FROM notifications')).rows[0]?.[0]);
	const distinct = Number(
		(await client.execute('SELECT count(DISTINCT id) FROM notifications')).rows[0]?.[0]
	);
	client.close();

	rows.push(
		['forms queued on the device', String(FORMS)],
		['time to queue (encrypt + store)', `${(queueMs / 1000).toFixed(2)} s`],
		['time to drain the outbox', `${(drainMs / 1000).toFixed(2)} s`],
		['drain rate', `${(FORMS / (drainMs / 1000)).toFixed(0)} forms/s`],
		['drain calls', String(rounds)],
		['receipts on the device', String(receipts)],
		['notifications on the server', String(stored)],
		['distinct ids on the server', String(distinct)]
	);
	if (receipts !== FORMS || stored !== FORMS || distinct !== FORMS) {
		console.error('MISMATCH: every queued form must be stored exactly once with one receipt');
		process.exitCode = 1;
	}
} finally {
	// Gone before the agency's server takes the port.
	const exited = new Promise((resolve) => server.once('exit', resolve));
	server.kill('SIGTERM');
	await exited;
}

// 4. The agency's row (issue 14): reports with files, then the raw disk write to read it against.
const agency = await benchAgencySync({ dir, port: PORT, reports: AGENCY_REPORTS });
rows.push(...agency.rows, ['load average (1 min) at the end', (loadavg()[0] ?? 0).toFixed(1)]);
console.log('\nbench:sync');
for (const [k, v] of rows) console.log(`  ${k.padEnd(38)} ${v}`);
if (!agency.ok) {
	console.error('MISMATCH: every queued report must be on the server with its file, right size');
	process.exitCode = 1;
}
