// The ceiling for `npm run bench`: a bare node:http server that stores each posted form with one
// libSQL insert, with the app's durability settings (one connection, WAL, synchronous=FULL). No
// framework, no validation, no audit trail: what this machine's disk and one Node process allow.
import { createServer } from 'node:http';
import { createClient } from '@libsql/client';

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!url || !port) throw new Error('Set DATABASE_URL and PORT');

const client = createClient({ url, concurrency: 1 });
await client.execute('PRAGMA journal_mode = WAL');
await client.execute('PRAGMA synchronous = FULL');
await client.execute('PRAGMA busy_timeout = 5000');
await client.execute(
	'CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, form TEXT NOT NULL)'
);

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		const body = Buffer.concat(chunks).toString('utf8');
		const { id } = JSON.parse(body) as { id: string };
		client
			.execute({ sql: 'INSERT INTO submissions VALUES (?, ?, ?)', args: [id, Date.now(), body] })
			.then(() => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ id }));
			})
			.catch((error: unknown) => {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(String(error));
			});
	});
});
server.listen(port, () => console.log(`Listening on ${port}`));
