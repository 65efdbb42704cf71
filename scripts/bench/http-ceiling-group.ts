// The second ingest ceiling for `npm run bench` (issue 20): a bare node:http server that stores
// each posted form with the app's own group commit (src/lib/server/db/group-commit.ts) on the
// app's own connection (openDatabase: one connection taken in turns, WAL, synchronous=FULL).
// Each request is answered only after the COMMIT holding its row, as the app answers. No
// framework, no validation, no audit trail: the limit of durable ingest with shared commits.
import { createServer } from 'node:http';
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { openDatabase } from '../../src/lib/server/db';
import { inGroupCommit, type GroupStore } from '../../src/lib/server/db/group-commit';

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!url || !port) throw new Error('Set DATABASE_URL and PORT');

const submissions = sqliteTable('submissions', {
	id: text('id').primaryKey(),
	receivedAt: integer('received_at').notNull(),
	form: text('form').notNull()
});
type Submission = typeof submissions.$inferInsert;

const { db, client } = await openDatabase(url);
await client.execute(
	'CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, form TEXT NOT NULL)'
);

// As the app writes a group: multi-row INSERTs (100 rows of three values each at most).
const store: GroupStore<Submission, void> = {
	async storeGroup(tx, items) {
		for (let i = 0; i < items.length; i += 100) {
			await tx.insert(submissions).values(items.slice(i, i + 100));
		}
		return items.map(() => undefined);
	},
	async storeOne(tx, item) {
		await tx.insert(submissions).values(item);
	}
};

const server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		const body = Buffer.concat(chunks).toString('utf8');
		const { id } = JSON.parse(body) as { id: string };
		inGroupCommit(db, store, { id, receivedAt: Date.now(), form: body })
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
