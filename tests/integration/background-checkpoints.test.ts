import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { freshDatabase } from '../support/database';
import {
	startBackgroundCheckpoints,
	stopBackgroundCheckpoints
} from '$lib/server/db/background-checkpoints';

// The app's own connection leaves checkpoints to a worker thread (docs/decisions/012). A commit
// only appends to the write-ahead log; the database file grows only when a checkpoint copies
// pages into it. So the file's size shows whether the worker did its job.

const workers: Worker[] = [];
afterAll(async () => {
	await Promise.all(workers.map((w) => w.terminate()));
});

async function writeMegabytes(client: Awaited<ReturnType<typeof freshDatabase>>['client']) {
	await client.execute('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
	const body = 'x'.repeat(4000);
	await client.batch(
		Array.from({ length: 1000 }, (_, i) => ({
			sql: 'INSERT INTO filler VALUES (?, ?)',
			args: [i, body]
		})),
		'write'
	);
}

async function fileSizeSettles(path: string, atLeast: number): Promise<number> {
	for (let tries = 0; tries < 50; tries++) {
		const size = statSync(path).size;
		if (size >= atLeast) return size;
		await new Promise((done) => setTimeout(done, 100));
	}
	return statSync(path).size;
}

describe('background checkpoints', () => {
	it('copy committed pages into the database file without the app connection doing it', async () => {
		const database = await freshDatabase();
		const path = database.url.slice('file:'.length);
		const before = statSync(path).size;
		workers.push(startBackgroundCheckpoints(database.url, 50));
		await writeMegabytes(database.client);
		// About 4 MB was committed; once checkpointed the file holds it.
		expect(await fileSizeSettles(path, before + 3_500_000)).toBeGreaterThanOrEqual(
			before + 3_500_000
		);
	});

	it('without the worker, the app connection alone leaves such a commit in the log', async () => {
		const database = await freshDatabase();
		const path = database.url.slice('file:'.length);
		const before = statSync(path).size;
		await writeMegabytes(database.client);
		await new Promise((done) => setTimeout(done, 300));
		expect(statSync(path).size).toBeLessThan(before + 1_000_000);
		expect(statSync(`${path}-wal`).size).toBeGreaterThan(3_500_000);
	});

	it('never keeps the process alive', async () => {
		const database = await freshDatabase();
		// A process that starts the worker and has nothing else to do must end by itself, as the
		// server must after SIGTERM.
		const script = join(mkdtempSync(join(tmpdir(), 'checkpoints-')), 'start.ts');
		const module = resolve('src/lib/server/db/background-checkpoints.ts');
		writeFileSync(
			script,
			`import { startBackgroundCheckpoints } from ${JSON.stringify(module)};
			startBackgroundCheckpoints(${JSON.stringify(database.url)}, 50);
			// Long enough for the worker to have checkpointed: it must be running, not crashed.
			setTimeout(() => console.log('started'), 500);`
		);
		const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
			timeout: 20_000,
			encoding: 'utf8'
		});
		expect(run.stderr).toBe('');
		expect(run.stdout.trim()).toBe('started');
		expect(run.signal).toBeNull();
		expect(run.status).toBe(0);
	});

	it('stops when asked: ends its checkpoint, closes its connection and exits by itself', async () => {
		const database = await freshDatabase();
		const worker = startBackgroundCheckpoints(database.url, 10);
		const exitCode = new Promise<number>((done) => worker.once('exit', done));
		await new Promise((done) => setTimeout(done, 200));
		// A grace far longer than the test: had the worker not ended by itself, it would be
		// terminated (exit code 1) only after the test timed out.
		await stopBackgroundCheckpoints(worker, 60_000);
		// terminate() would give 1; a worker that ends its own loop exits with 0.
		expect(await exitCode).toBe(0);
	});
});
