// `npm run demo`: serve the built app on the embedded demo database with one user per role.
import { execFileSync, spawn } from 'node:child_process';

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
		// The Unit, the Chair and the administrator also give a code (decision 022): they are
		// enrolled with a published TOTP secret, which you can add to any authenticator app.
		const code = execFileSync(
			process.execPath,
			['node_modules/tsx/dist/cli.mjs', 'scripts/totp.ts'],
			{
				encoding: 'utf8'
			}
		);
		console.log('unit, chair and admin then ask for a code from an authenticator app:');
		console.log(`  ${code.trim().split('\n').join('\n  ')}`);
		console.log(
			'  For a later code: npm run demo:code (or add the secret to an authenticator app).'
		);
		console.log('Demo data lives in data/demo.db. Press Ctrl+C to stop.\n');
	}
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
