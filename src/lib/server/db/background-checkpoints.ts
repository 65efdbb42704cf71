import { Worker } from 'node:worker_threads';
import { logProblem } from '$lib/server/infra/log';

/**
 * WAL checkpoints on another thread (docs/decisions/012-performance.md).
 *
 * In WAL mode a commit appends to the log, and a checkpoint later copies the log into the
 * database file and flushes it. By default the connection that commits does that copy itself,
 * every 1,000 pages, and libSQL's calls are synchronous: the server's one thread stopped serving
 * requests while it copied and flushed. Here a worker thread with its own connection checkpoints
 * PASSIVE (it never waits for, or blocks, the app's reads and writes) a few times a second, so
 * the copying runs on another core while the app goes on answering.
 *
 * Durability is unchanged: a commit is still durable once its log frames are flushed
 * (synchronous=FULL); checkpoints only move already-durable pages. If the worker stops, the
 * app's own connection still checkpoints once the log reaches BACKSTOP_CHECKPOINT_PAGES.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;
export const CHECKPOINT_INTERVAL_MS = 250;
/** After a failed checkpoint, the worker waits this long; failures are logged this often at most. */
const RETRY_MS = 5_000;
const LOG_EVERY_MS = 60_000;

// Plain CommonJS run with `eval`, so the worker needs no file of its own in the build. It
// loads @libsql/client from where this module was loaded, so it finds the app's node_modules.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { createClient } = createRequire(workerData.base)('@libsql/client');
const client = createClient({ url: workerData.url });
let stopping = false;
let wake = () => {};
const pause = (ms) => new Promise((done) => {
	const timer = setTimeout(done, ms);
	wake = () => { clearTimeout(timer); done(); };
});
// Asked to stop, the worker finishes the checkpoint it is in, closes its connection and ends.
// Cut off mid-call instead (as when the process simply exits), the native libSQL addon can panic.
parentPort.on('message', (message) => {
	if (message !== 'stop') return;
	stopping = true;
	wake();
});
(async () => {
	await client.execute('PRAGMA synchronous = FULL');
	while (!stopping) {
		await pause(workerData.intervalMs);
		if (stopping) break;
		try {
			await client.execute('PRAGMA wal_checkpoint(PASSIVE)');
		} catch (error) {
			// Tell the app (it logs the kind, never the message) and try again later: one
			// failure (a full disk, say) must not end checkpointing for good.
			parentPort.postMessage({ failed: error && error.code ? String(error.code) : 'error' });
			await pause(workerData.retryMs);
		}
	}
	client.close();
	parentPort.close();
})();
`;

/** Starts checkpointing the `file:` database at `url`; the worker never keeps the process up. */
export function startBackgroundCheckpoints(
	url: string,
	intervalMs = CHECKPOINT_INTERVAL_MS
): Worker {
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { url, intervalMs, retryMs: RETRY_MS, base: import.meta.url }
	});
	let lastLogged = 0;
	worker.on('message', (message: { failed?: string }) => {
		if (!message.failed || Date.now() - lastLogged < LOG_EVERY_MS) return;
		lastLogged = Date.now();
		logProblem(
			'database',
			'background checkpoint',
			Object.assign(new Error(), { name: 'CheckpointFailed', code: message.failed })
		);
	});
	// Should the worker itself die, the app connection's backstop checkpoint still runs.
	worker.on('error', (error) => logProblem('database', 'background checkpoints', error));
	// Last: adding a 'message' listener refs the worker again, and then the server would never
	// exit after SIGTERM.
	worker.unref();
	return worker;
}

/**
 * Stops the worker cleanly: it ends its current checkpoint and closes its connection. Resolves
 * once it has exited, or after `graceMs` by terminating it (a stuck disk must not hold the
 * server's shutdown forever).
 */
export async function stopBackgroundCheckpoints(worker: Worker, graceMs = 5_000): Promise<void> {
	const exited = new Promise<void>((done) => worker.once('exit', () => done()));
	worker.ref();
	worker.postMessage('stop');
	const timer = setTimeout(() => void worker.terminate(), graceMs);
	await exited;
	clearTimeout(timer);
}
