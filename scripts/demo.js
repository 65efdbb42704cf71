// `npm run demo`: serve the built app on the embedded demo database with one user per role.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '3000';
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
const env = {
	// adapter-node's one ceiling for every route: an agency's report with its 50 MB of files. Each
	// route's own, smaller limit is in src/lib/server/kit/request-handles.ts (decision 018).
	BODY_SIZE_LIMIT: '52M',
	...process.env,
	PORT: port,
	ORIGIN: origin,
	DATABASE_URL: process.env.DATABASE_URL ?? 'file:data/demo.db',
	SAFEGUARD_DEMO: '1'
};

/** @type {[string, string][]} */
const users = [
	['practitioner', 'practitioner@demo.test'],
	['agency', 'agency@demo.test'],
	['unit', 'unit@demo.test'],
	['chair', 'chair@demo.test'],
	['admin', 'admin@demo.test']
];

const server = spawn(process.execPath, ['build'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
server.stdout.on('data', (chunk) => {
	process.stdout.write(chunk);
	if (String(chunk).includes('Listening')) {
		console.log(`\nSafeguard Tracker demo is running at ${origin}`);
		console.log('Sign in with any of these accounts (password: demo-password-2026):');
		for (const [role, email] of users) console.log(`  ${role.padEnd(13)} ${email}`);
		console.log('Demo data lives in data/demo.db. Press Ctrl+C to stop.\n');
	}
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
