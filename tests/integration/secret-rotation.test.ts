import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, PASSWORD, PERSONAS } from '../support/factories';
import { callerFor, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { openDatabase } from '$lib/server/db';
import { secondFactors } from '$lib/server/db/schema';
import { CannotUnseal } from '$lib/server/infra/key-sealing';
import {
	receiptSigningKey,
	resealReceiptKeys,
	rotateReceiptKey
} from '$lib/server/services/notifications/receipts';
import { resealTotpSecrets } from '$lib/server/services/users/second-factor';
import { TEST_PERSONAS } from '$lib/server/services/users/personas';
import { totpCodeAt, totpStep } from '$lib/domain/second-factor';

// Rotating RECEIPT_KEY_SECRET (`npm run receipt:rotate-key` with RECEIPT_KEY_SECRET_PREVIOUS):
// the receipt keys and the TOTP secrets sealed under the old secret move to the new one, and
// the Unit's app keeps working (issue 15; decisions 018, 022).

const OLD = 'the old secret, more than thirty-two characters long';
const NEW = 'the new secret, also more than thirty-two characters';

afterEach(() => {
	delete process.env.RECEIPT_KEY_SECRET;
});

describe('rotating the sealing secret', () => {
	it('re-seals the receipt keys and every TOTP secret: under the new secret the app’s codes still work', async () => {
		process.env.RECEIPT_KEY_SECRET = OLD;
		const fresh = await freshDatabase();
		const { ids } = await createPersonas(fresh.db);
		const before = await receiptSigningKey(fresh.db);
		await rotateReceiptKey(fresh.db);
		const [sealedBefore] = await fresh.db
			.select({ s: secondFactors.secretSealed })
			.from(secondFactors)
			.where(eq(secondFactors.userId, ids.uma));

		// Under the new secret alone, before the re-seal, nothing opens.
		process.env.RECEIPT_KEY_SECRET = NEW;
		const early = await openDatabase(fresh.url);
		await expect(receiptSigningKey(early.db)).rejects.toThrow(/secret is not the one/);
		early.client.close();

		// Two receipt keys (the first, retired, and the current); four TOTP secrets (two Unit, Chair, admin).
		expect(await resealReceiptKeys(fresh.db, OLD, NEW)).toBe(2);
		expect(await resealTotpSecrets(fresh.db, OLD, NEW)).toBe(4);
		// Run again (a rotation that stopped half way): values already moved stay as they are.
		expect(await resealTotpSecrets(fresh.db, OLD, NEW)).toBe(4);
		const [sealedAfter] = await fresh.db
			.select({ s: secondFactors.secretSealed })
			.from(secondFactors)
			.where(eq(secondFactors.userId, ids.uma));
		expect(sealedAfter?.s).not.toBe(sealedBefore?.s);

		const later = await openDatabase(fresh.url);
		expect((await receiptSigningKey(later.db)).keyId).not.toBe(before.keyId);
		const jar = new TestCookieJar();
		await (
			await callerFor(later.db, jar)
		).auth.signIn({
			email: PERSONAS.uma.email,
			password: PASSWORD
		});
		const code = totpCodeAt(TEST_PERSONAS.totpSecret, totpStep(new Date()));
		expect((await (await callerFor(later.db, jar)).auth.secondFactor({ code })).home).toBe(
			'/unit/queue'
		);
		later.client.close();
		fresh.client.close();
	});

	it('a value sealed under neither secret stops the rotation, and nothing is half changed', async () => {
		process.env.RECEIPT_KEY_SECRET = OLD;
		const fresh = await freshDatabase();
		await createPersonas(fresh.db);
		await expect(
			resealTotpSecrets(fresh.db, 'a third secret, never used for anything here', NEW)
		).rejects.toBeInstanceOf(CannotUnseal);
		// Still under the old secret: a sign-in with the app's code works as before.
		const jar = new TestCookieJar();
		await (
			await callerFor(fresh.db, jar)
		).auth.signIn({
			email: PERSONAS.chris.email,
			password: PASSWORD
		});
		await expectProblem(
			(await callerFor(fresh.db, jar)).auth.secondFactor({ code: '000000' }),
			'SECOND_FACTOR_REFUSED'
		);
		const code = totpCodeAt(TEST_PERSONAS.totpSecret, totpStep(new Date()));
		expect((await (await callerFor(fresh.db, jar)).auth.secondFactor({ code })).home).toBe(
			'/chair'
		);
		fresh.client.close();
	});
});
