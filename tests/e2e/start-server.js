// Starts the built app for the browser tests on a brand-new database seeded with demo personas.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'safeguard-e2e-'));
const server = spawn(process.execPath, ['build'], {
	env: { ...process.env, DATABASE_URL: `file:${join(dir, 'e2e.db')}`, SAFEGUARD_DEMO: '1' },
	stdio: 'inherit'
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
