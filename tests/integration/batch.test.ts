import { beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { ZodError } from 'zod';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId, validNotificationForm } from '../support/factories';
import { callerFor, signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database } from '$lib/server/db';
import { auditEvents, notifications } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { receiptPublicKey, verifyReceipt } from '$lib/server/services/notifications/receipts';
import { MAX_BATCH, type BatchItemResult } from '$lib/domain/notification/batch';
import type { SignedReceipt } from '$lib/domain/receipt';
import type { PersonaName } from '../support/factories';
import { ERRORS } from '$lib/errors';

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;
let publicKey: string;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
	for (const p of ['priya', 'pete', 'uma', 'chris', 'ada', 'agnes'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
	publicKey = (await receiptPublicKey(database.db)).publicKey;
});

type Form = ReturnType<typeof validNotificationForm>;
function item(overrides: Partial<Form> = {}) {
	return { id: newClientId(), form: validNotificationForm(overrides) as unknown };
}

function accepted(result: BatchItemResult | undefined) {
	if (result?.status !== 'accepted') {
		throw new Error(`expected accepted, got ${JSON.stringify(result)}`);
	}
	return result;
}

async function rowsFor(ids: string[]) {
	return database.db.select().from(notifications).where(inArray(notifications.id, ids));
}

describe('submitting a batch', () => {
	it('stores each form, in order, and answers each with a receipt that verifies', async () => {
		const items = [item(), item(), item()];
		const { results } = await as.priya.notifications.submitBatch({ items });
		expect(results.map((r) => r.id)).toEqual(items.map((i) => i.id));
		const receipts = results.map((r) => accepted(r).receipt);
		expect(results.every((r) => r.status === 'accepted' && !r.duplicate)).toBe(true);
		for (const receipt of receipts) expect(verifyReceipt(receipt, publicKey)).toBe(true);
		// References follow the order the forms were sent in.
		const seq = (r: SignedReceipt) => Number(r.reference.split('-')[2]);
		expect(receipts.map(seq)).toEqual([
			seq(receipts[0]!),
			seq(receipts[0]!) + 1,
			seq(receipts[0]!) + 2
		]);
		expect(await rowsFor(items.map((i) => i.id))).toHaveLength(3);
	});

	it('keeps one row for a form sent twice in one batch, with the same receipt', async () => {
		const once = item();
		const { results } = await as.priya.notifications.submitBatch({ items: [once, once] });
		const [first, second] = results.map(accepted);
		expect(first?.duplicate).toBe(false);
		expect(second?.duplicate).toBe(true);
		expect(second?.receipt).toEqual(first?.receipt);
		expect(await rowsFor([once.id])).toHaveLength(1);
	});

	it('answers a whole batch sent again with the same receipts and stores nothing new', async () => {
		const items = [item(), item()];
		const first = await as.priya.notifications.submitBatch({ items });
		const again = await as.priya.notifications.submitBatch({ items });
		expect(again.results.map((r) => accepted(r).duplicate)).toEqual([true, true]);
		expect(again.results.map((r) => accepted(r).receipt)).toEqual(
			first.results.map((r) => accepted(r).receipt)
		);
		expect(await rowsFor(items.map((i) => i.id))).toHaveLength(2);
	});

	it('gives the same references when a retry sends the forms in another order', async () => {
		const [a, b, c] = [item(), item(), item()];
		const first = await as.priya.notifications.submitBatch({ items: [a, b] });
		// The retry carries the two already stored, in reverse, plus one new form in front.
		const retry = await as.priya.notifications.submitBatch({ items: [c, b, a] });
		const referenceOf = (results: BatchItemResult[], id: string) =>
			accepted(results.find((r) => r.id === id)).receipt.reference;
		expect(referenceOf(retry.results, a.id)).toBe(referenceOf(first.results, a.id));
		expect(referenceOf(retry.results, b.id)).toBe(referenceOf(first.results, b.id));
		expect(retry.results.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
		expect(retry.results.map((r) => accepted(r).duplicate)).toEqual([false, true, true]);
		expect(await rowsFor([a.id, b.id, c.id])).toHaveLength(3);
	});

	it('agrees with the single submit: a form sent alone and then in a batch is one row', async () => {
		const single = item();
		const receipt = await as.priya.notifications.submit({
			id: single.id,
			form: single.form as Parameters<typeof as.priya.notifications.submit>[0]['form']
		});
		const { results } = await as.priya.notifications.submitBatch({ items: [single] });
		const { duplicate: _d, ...signed } = receipt;
		expect(accepted(results[0])).toMatchObject({ duplicate: true, receipt: signed });
	});

	it('refuses a changed resubmission as a conflict and keeps the original', async () => {
		const original = item();
		await as.priya.notifications.submitBatch({ items: [original] });
		const changed = {
			id: original.id,
			form: validNotificationForm({ outline: 'A different account of what happened.' })
		};
		const { results } = await as.priya.notifications.submitBatch({ items: [changed] });
		expect(results).toEqual([
			{ id: original.id, status: 'conflict', message: ERRORS.SUBMISSION_CONFLICT.message }
		]);
		const [row] = await rowsFor([original.id]);
		expect((row?.form as { outline: string }).outline).toBe(validNotificationForm().outline);
	});

	it("treats another practitioner's id as a conflict without revealing anything", async () => {
		const priyas = item();
		await as.priya.notifications.submitBatch({ items: [priyas] });
		const { results } = await as.pete.notifications.submitBatch({ items: [priyas] });
		expect(results[0]?.status).toBe('conflict');
		expect(JSON.stringify(results)).not.toContain('Jamie');
		const rows = await rowsFor([priyas.id]);
		expect(rows.map((r) => r.submittedBy)).toEqual([ids.priya]);
	});

	it('stores the valid forms of a mixed batch and reports the others with form field paths', async () => {
		const taken = item();
		await as.pete.notifications.submitBatch({ items: [taken] });
		const good = item();
		const badChild = item({
			children: [{ ...validNotificationForm().children[0]!, name: '' }]
		});
		const badId = { ...item(), id: 'not-a-uuid' };
		const notAForm = { id: newClientId(), form: 'hello' };
		const alsoGood = item();
		const { results } = await as.priya.notifications.submitBatch({
			items: [good, badChild, taken, badId, notAForm, alsoGood]
		});
		expect(results.map((r) => r.status)).toEqual([
			'accepted',
			'invalid',
			'conflict',
			'invalid',
			'invalid',
			'accepted'
		]);
		const invalid = results[1];
		if (invalid?.status !== 'invalid') throw new Error('expected invalid');
		expect(invalid.message).toBe(ERRORS.INVALID_INPUT.message);
		expect(Object.keys(invalid.fieldErrors)).toEqual(['children.0.name']);
		expect(invalid.fieldErrors['children.0.name']).toBeTruthy();
		const badIdResult = results[3];
		if (badIdResult?.status !== 'invalid') throw new Error('expected invalid');
		expect(Object.keys(badIdResult.fieldErrors)).toEqual(['id']);
		const notAFormResult = results[4];
		if (notAFormResult?.status !== 'invalid') throw new Error('expected invalid');
		expect(Object.keys(notAFormResult.fieldErrors)).toEqual(['_form']);
		expect(await rowsFor([good.id, alsoGood.id])).toHaveLength(2);
		expect(await rowsFor([badChild.id, badId.id, notAForm.id])).toHaveLength(0);
	});

	it('reports every bad field of an invalid form, with paths relative to the form', async () => {
		const bad = item({
			notifier: { name: '', role: 'Nurse', agency: 'NHS', phone: 'call me', email: 'nope' },
			otherChildrenAtRisk: 'yes',
			otherChildrenDetails: '',
			declaration: false
		});
		const { results } = await as.priya.notifications.submitBatch({ items: [bad] });
		const result = results[0];
		if (result?.status !== 'invalid') throw new Error('expected invalid');
		expect(Object.keys(result.fieldErrors)).toEqual(
			expect.arrayContaining([
				'notifier.name',
				'notifier.phone',
				'notifier.email',
				'otherChildrenDetails',
				'declaration'
			])
		);
		expect(Object.keys(result.fieldErrors).some((k) => k.startsWith('form.'))).toBe(false);
		// Messages come from the schema: they say what is wrong, not what was typed.
		expect(JSON.stringify(result)).not.toContain('call me');
	});

	it(`takes 1 to ${MAX_BATCH} forms; an empty or larger batch is refused whole`, async () => {
		await expectProblem(as.priya.notifications.submitBatch({ items: [] }), 'INVALID_INPUT');
		const tooMany = Array.from({ length: MAX_BATCH + 1 }, () => item());
		const error = (await expectProblem(
			as.priya.notifications.submitBatch({ items: tooMany }),
			'INVALID_INPUT'
		)) as ZodError;
		expect(error.issues[0]?.message).toContain(String(MAX_BATCH));
		expect(await rowsFor(tooMany.map((i) => i.id))).toHaveLength(0);
		const full = Array.from({ length: MAX_BATCH }, () => item());
		const { results } = await as.priya.notifications.submitBatch({ items: full });
		expect(results.filter((r) => r.status === 'accepted')).toHaveLength(MAX_BATCH);
		expect(await rowsFor(full.map((i) => i.id))).toHaveLength(MAX_BATCH);
	});

	it('is for practitioners only', async () => {
		for (const p of ['uma', 'chris', 'ada', 'agnes'] as const) {
			const one = item();
			await expectProblem(as[p].notifications.submitBatch({ items: [one] }), 'FORBIDDEN_ROLE');
			expect(await rowsFor([one.id])).toHaveLength(0);
		}
		const anonymous = await callerFor(database.db);
		await expectProblem(
			anonymous.notifications.submitBatch({ items: [item()] }),
			'UNAUTHENTICATED'
		);
	});

	it('audits each stored form once, in an unbroken chain', async () => {
		const items = [item(), item()];
		await as.priya.notifications.submitBatch({ items: [...items, items[0]!] });
		for (const { id } of items) {
			const events = await database.db
				.select()
				.from(auditEvents)
				.where(eq(auditEvents.recordId, id));
			expect(events.map((e) => e.action)).toEqual(['notification.submitted']);
		}
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});
