// `npm start`: the production server. No demo accounts; create an admin with `npm run admin:create`.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '3000';
if (!process.env.ORIGIN) {
	// adapter-node needs the public origin for cookies (Secure on https) and the CSRF check.
	console.error('Set ORIGIN to the address people use, e.g. ORIGIN=https://safeguard.example.org');
	process.exit(1);
}
if (!process.env.RECEIPT_KEY_SECRET || process.env.RECEIPT_KEY_SECRET.length < 32) {
	// The receipt signing key is kept in the database sealed under this secret (decision 018).
	console.error(
		'Set RECEIPT_KEY_SECRET to a random secret of at least 32 characters, kept outside the database, e.g. RECEIPT_KEY_SECRET=$(openssl rand -base64 32)'
	);
	process.exit(1);
}
const server = spawn(process.execPath, ['build'], {
	// adapter-node's one ceiling for every route: an agency's report with its 50 MB of files. Each
	// route's own, smaller limit is in src/lib/server/kit/request-handles.ts (decision 018).
	env: { BODY_SIZE_LIMIT: '52M', ...process.env, PORT: port },
	stdio: 'inherit'
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
