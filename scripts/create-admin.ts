// `npm run admin:create -- --email a@b.org --name "A Person"`, password from ADMIN_PASSWORD or
// typed at the prompt (never a command-line argument: it would land in shell history).
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { migrateDatabase, openDatabase } from '../src/lib/server/db';
import { createUser } from '../src/lib/server/services/users/users';
import { newAccountSchema } from '../src/lib/domain/account';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	password = await rl.question('Password for the new administrator: ');
	rl.close();
}
const parsed = newAccountSchema.safeParse({ ...values, role: 'admin', password });
if (!parsed.success) {
	for (const issue of parsed.error.issues)
		console.error(`${issue.path.join('.')}: ${issue.message}`);
	process.exit(2);
}
const database = await openDatabase();
await migrateDatabase(database);
const { db, client } = database;
const created = await createUser(db, parsed.data);
client.close();
if (!created) {
	console.error('An account with this email address already exists.');
	process.exit(1);
}
console.log(`Administrator ${created.email} created.`);
