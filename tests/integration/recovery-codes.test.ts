import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS } from '../support/factories';
import { callerFor, signedIn, TestCookieJar, unusedTotpCode } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database, Db } from '$lib/server/db';
import { auditEvents, recoveryCodes } from '$lib/server/db/schema';
import type { Problem } from '$lib/server/infra/problem';

// A person makes new recovery codes from their account (issue 15, decisions 022 and 023): after
// their password or a code from their app; the old codes stop working at once.

let database: Database;
let db: Db;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	db = database.db;
	({ ids } = await createPersonas(db));
});

/** The password step, then a recovery code at the code step. */
async function signInWithRecoveryCode(code: string) {
	const jar = new TestCookieJar();
	await (await callerFor(db, jar)).auth.signIn({ email: PERSONAS.uma.email, password: PASSWORD });
	return (await callerFor(db, jar)).auth.secondFactor({ code });
}

describe('new recovery codes from the account page', () => {
	it('a wrong password changes nothing, says which field, and is audited', async () => {
		const { caller } = await signedIn(db, 'uma');
		const first = await caller.account.regenerateRecoveryCodes({ proof: PASSWORD });
		const refused = await expectProblem(
			caller.account.regenerateRecoveryCodes({ proof: 'not my password' }),
			'CURRENT_PASSWORD_WRONG'
		);
		expect((refused as Problem).fieldErrors).toHaveProperty('proof');
		expect((await caller.account.recoveryCodes()).unused).toBe(10);
		// The codes made first still work.
		expect((await signInWithRecoveryCode(first.recoveryCodes[0]!)).home).toBe('/unit/queue');
		const refusals = await db
			.select({ detail: auditEvents.detail })
			.from(auditEvents)
			.where(
				and(eq(auditEvents.recordId, ids.uma), eq(auditEvents.action, 'auth.second_factor_refused'))
			);
		expect(JSON.stringify(refusals)).toContain('new_recovery_codes');
	});

	it('after a code from the app, ten new codes replace the old ones, which stop working at once', async () => {
		const { caller } = await signedIn(db, 'uma');
		const old = await caller.account.regenerateRecoveryCodes({ proof: PASSWORD });
		const fresh = await caller.account.regenerateRecoveryCodes({
			proof: await unusedTotpCode(db, PERSONAS.uma.email)
		});
		expect(fresh.recoveryCodes).toHaveLength(10);
		expect(fresh.recoveryCodes).not.toEqual(old.recoveryCodes);
		await expectProblem(signInWithRecoveryCode(old.recoveryCodes[1]!), 'SECOND_FACTOR_REFUSED');
		expect((await signInWithRecoveryCode(fresh.recoveryCodes[1]!)).home).toBe('/unit/queue');
		const unused = await db
			.select({ id: recoveryCodes.id })
			.from(recoveryCodes)
			.where(and(eq(recoveryCodes.userId, ids.uma), isNull(recoveryCodes.usedAt)));
		expect(unused).toHaveLength(9);
		const replaced = await db
			.select({ detail: auditEvents.detail })
			.from(auditEvents)
			.where(
				and(
					eq(auditEvents.recordId, ids.uma),
					eq(auditEvents.action, 'user.recovery_codes_replaced')
				)
			);
		expect(replaced.map((r) => r.detail)).toContainEqual({ recoveryCodes: 10, proof: 'code' });
		// Stored hashed: no code appears in the table.
		const stored = JSON.stringify(await db.select().from(recoveryCodes));
		expect(stored).not.toContain(fresh.recoveryCodes[0]!);
	});

	it('a person with no authenticator app has no codes to replace', async () => {
		const { caller } = await signedIn(db, 'priya');
		expect(await caller.account.recoveryCodes()).toEqual({ enrolled: false, unused: 0 });
		await expectProblem(caller.account.regenerateRecoveryCodes({ proof: PASSWORD }), 'NOT_FOUND');
	});

	it('an empty or oversized answer is refused before anything is checked', async () => {
		const { caller } = await signedIn(db, 'uma');
		await expectProblem(caller.account.regenerateRecoveryCodes({ proof: '' }), 'INVALID_INPUT');
		await expectProblem(
			caller.account.regenerateRecoveryCodes({ proof: 'x'.repeat(300) }),
			'INVALID_INPUT'
		);
	});
});
