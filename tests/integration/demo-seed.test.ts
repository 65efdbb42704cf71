import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { users } from '$lib/server/db/schema';
import { NotADemoDatabase, seedDemo } from '$lib/server/services/users/demo-seed';
import { DEMO_PERSONAS } from '$lib/server/services/users/personas';

// Issue 15: `npm run demo` honoured DATABASE_URL, so pointed at a real database it added five
// accounts with a public password.

describe('the demo seed', () => {
	it('refuses a database holding accounts other than the demo’s, adding nobody', async () => {
		const { db } = await freshDatabase();
		await createPersonas(db);
		const before = await db.select().from(users);
		await expect(seedDemo(db)).rejects.toBeInstanceOf(NotADemoDatabase);
		await expect(seedDemo(db)).rejects.toThrow(/not a demo database/);
		const after = await db.select().from(users);
		expect(after).toHaveLength(before.length);
		const demoEmails: string[] = Object.values(DEMO_PERSONAS.people).map((p) => p.email);
		expect(after.some((u) => demoEmails.includes(u.email))).toBe(false);
	});

	it('seeds an empty database, and starts again on its own demo database', async () => {
		const { db } = await freshDatabase();
		await seedDemo(db);
		await seedDemo(db);
		expect(await db.select().from(users)).toHaveLength(Object.keys(DEMO_PERSONAS.people).length);
	});
});
