import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import type { Database } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionIdFromToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { sessionReaderOf } from '$lib/server/auth/session-reader';

// Sessions are looked up on a read connection of their own (docs/decisions/012). It must see
// every committed change at once, and it must not wait for the app connection's transactions.

let database: Database;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
});

describe('the session reader', () => {
	it('is what a file database uses', () => {
		expect(sessionReaderOf(database.db)).toBeDefined();
	});

	it('sees a session from the moment it is stored until the moment it is deleted', async () => {
		const token = generateSessionToken();
		expect((await validateSessionToken(database.db, token)).problem).toBe('expired');
		await createSession(database.db, token, ids.priya);
		const found = await validateSessionToken(database.db, token);
		expect(found.user).toMatchObject({ id: ids.priya, role: 'practitioner' });
		expect(found.session?.expiresAt).toBeInstanceOf(Date);
		await invalidateSession(database.db, sessionIdFromToken(token));
		expect((await validateSessionToken(database.db, token)).problem).toBe('expired');
	});

	it('sees an account disabled after its session was last looked up', async () => {
		const token = generateSessionToken();
		await createSession(database.db, token, ids.pete);
		expect((await validateSessionToken(database.db, token)).user?.id).toBe(ids.pete);
		await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, ids.pete));
		expect((await validateSessionToken(database.db, token)).problem).toBe('revoked');
	});

	it('answers while a write transaction holds the app connection, and never sees it uncommitted', async () => {
		const token = generateSessionToken();
		let finish = () => {};
		const held = new Promise<void>((done) => (finish = done));
		let inside = () => {};
		const started = new Promise<void>((done) => (inside = done));
		const writing = database.db.transaction(async (tx) => {
			await createSession(tx as unknown as Database['db'], token, ids.chris);
			inside();
			await held;
		});
		await started;
		// The app connection is busy until `finish`; through it, this lookup would wait.
		expect((await validateSessionToken(database.db, token)).problem).toBe('expired');
		finish();
		await writing;
		expect((await validateSessionToken(database.db, token)).user?.id).toBe(ids.chris);
	});
});
