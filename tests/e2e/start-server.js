// Starts the built app for the browser tests on a brand-new database seeded with demo personas.
// E2E_DATABASE_FILE lets tests open the same file to count what the server stored.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const file = resolve(process.env.E2E_DATABASE_FILE ?? 'test-results/e2e-db/e2e.db');
rmSync(dirname(file), { recursive: true, force: true });
mkdirSync(dirname(file), { recursive: true });
const server = spawn(process.execPath, ['build'], {
	env: {
		...process.env,
		DATABASE_URL: `file:${file}`,
		// Uploaded files go beside the test database and are removed with it.
		ATTACHMENTS_DIR: resolve(dirname(file), 'attachments'),
		// Reminder emails are written as .eml files beside it; messages arrive within a second.
		MAIL_DIR: resolve(dirname(file), 'mail'),
		REMINDERS_INTERVAL_MS: '1000',
		// As `npm start` sets it: adapter-node's one ceiling; the app's own limits are per route.
		BODY_SIZE_LIMIT: '52M',
		SAFEGUARD_DEMO: '1'
	},
	stdio: 'inherit'
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
