import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { expect, type Page } from '@playwright/test';

/**
 * A port for a test's own server: E2E_PORT plus an offset, so two suites side by side on one
 * machine (each with its own E2E_PORT) never reach for the same port.
 */
export function ownPort(offset: number): number {
	return Number(process.env.E2E_PORT ?? 4173) + offset;
}

/**
 * A server the test can stop and start again on the same database, to prove that forms made
 * while it was down arrive exactly once when it returns.
 */
export class AppServer {
	readonly dir = mkdtempSync(join(tmpdir(), 'safeguard-e2e-own-'));
	readonly databaseFile = join(this.dir, 'app.db');
	#process: ChildProcess | null = null;

	/** `env`: settings of this server beyond the test defaults (a proxy's address header...). */
	constructor(
		readonly port: number,
		readonly env: Record<string, string> = {}
	) {}

	get origin() {
		return `http://localhost:${this.port}`;
	}

	async start() {
		const child = spawn(process.execPath, ['build'], {
			env: {
				...process.env,
				PORT: String(this.port),
				ORIGIN: this.origin,
				DATABASE_URL: `file:${this.databaseFile}`,
				// Uploads (and tus's parts under resumable/) beside its database, kept across a restart.
				ATTACHMENTS_DIR: join(this.dir, 'attachments'),
				SAFEGUARD_DEMO: '1',
				// As `npm start` and the suite's own server run it: adapter-node's default (512 KB) is
				// less than one tus chunk (1 MB), and a chunk past it fails as a broken body (400).
				BODY_SIZE_LIMIT: '52M',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'inherit']
		});
		this.#process = child;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
			child.stdout?.on('data', (chunk: Buffer) => {
				if (String(chunk).includes('Listening')) {
					clearTimeout(timer);
					resolve();
				}
			});
			child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
		});
	}

	async stop() {
		await this.#end('SIGTERM');
	}

	/**
	 * Kills the server as a power cut would (SIGKILL): no shutdown, no finishing what it was
	 * writing, so what it had confirmed is all a client may rely on.
	 */
	async kill() {
		await this.#end('SIGKILL');
	}

	async #end(signal: NodeJS.Signals) {
		const child = this.#process;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			child.kill(signal);
		});
		this.#process = null;
	}
}

/** Counts rows in the app's database file (read from outside the server, as an auditor would). */
export async function countRows(databaseFile: string, sql: string): Promise<number> {
	const client = createClient({ url: `file:${databaseFile}` });
	try {
		const result = await client.execute(sql);
		return Number(result.rows[0]?.[0] ?? 0);
	} finally {
		client.close();
	}
}

/** Waits until the service worker is active and controls the page, so the app works offline. */
export async function waitForServiceWorkerControl(page: Page) {
	await expect
		.poll(
			() =>
				page.evaluate(async () => {
					const registration = await navigator.serviceWorker.getRegistration();
					return (
						registration?.active?.state === 'activated' &&
						navigator.serviceWorker.controller !== null
					);
				}),
			{ timeout: 20_000 }
		)
		.toBe(true);
}
