import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, newClientId, validNotificationForm } from '../support/factories';
import { callerFor, signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import type { Database } from '$lib/server/db';
import { auditEvents, notifications } from '$lib/server/db/schema';
import type { NotificationSubmission } from '$lib/domain/notification/submission';
import { verifyAuditChain } from '$lib/server/services/audit';
import type { PersonaName } from '../support/factories';
import type { ZodError } from 'zod';

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;

beforeAll(async () => {
	database = await freshDatabase();
	await createPersonas(database.db);
	for (const p of ['priya', 'pete', 'uma', 'chris', 'ada', 'agnes'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
});

function submission(
	overrides: Parameters<typeof validNotificationForm>[0] = {}
): NotificationSubmission {
	return {
		id: newClientId(),
		form: validNotificationForm(overrides) as NotificationSubmission['form']
	};
}

async function countRows(id: string) {
	return (await database.db.select().from(notifications).where(eq(notifications.id, id))).length;
}

describe('submitting a notification', () => {
	it('stores it once and answers a retry with the same receipt', async () => {
		const input = submission();
		const first = await as.priya.notifications.submit(input);
		expect(first.reference).toMatch(/^NTF-\d{4}-\d{4}$/);
		expect(first.duplicate).toBe(false);
		const again = await as.priya.notifications.submit(input);
		expect(again).toMatchObject({
			id: first.id,
			reference: first.reference,
			contentHash: first.contentHash,
			duplicate: true
		});
		expect(again.receivedAt).toBe(first.receivedAt);
		expect(await countRows(input.id)).toBe(1);
	});

	it('gives each notification the next reference in the year', async () => {
		const a = await as.priya.notifications.submit(submission());
		const b = await as.pete.notifications.submit(submission());
		const seq = (r: string) => Number(r.split('-')[2]);
		expect(seq(b.reference)).toBe(seq(a.reference) + 1);
	});

	it('refuses the same id with different content, and keeps the first', async () => {
		const input = submission();
		await as.priya.notifications.submit(input);
		const changed = { ...input, form: { ...input.form, outline: 'Something else entirely.' } };
		await expectProblem(as.priya.notifications.submit(changed), 'SUBMISSION_CONFLICT');
		const [row] = await database.db
			.select()
			.from(notifications)
			.where(eq(notifications.id, input.id));
		expect((row?.form as { outline: string }).outline).toBe(input.form.outline);
	});

	it('refuses another practitioner reusing an id, without revealing its content', async () => {
		const input = submission();
		await as.priya.notifications.submit(input);
		const error = await expectProblem(as.pete.notifications.submit(input), 'SUBMISSION_CONFLICT');
		expect(error.message).not.toContain('Jamie');
		expect(await countRows(input.id)).toBe(1);
	});

	it('reports every bad field at once and stores nothing', async () => {
		const input = submission({
			notifier: { name: '', role: 'Nurse', agency: 'NHS', phone: 'call me', email: 'not-an-email' },
			incidentType: '',
			otherChildrenAtRisk: 'yes',
			otherChildrenDetails: '',
			declaration: false
		});
		const error = (await expectProblem(
			as.priya.notifications.submit(input),
			'INVALID_INPUT'
		)) as ZodError;
		const paths = error.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(
			expect.arrayContaining([
				'form.notifier.name',
				'form.notifier.phone',
				'form.notifier.email',
				'form.incidentType',
				'form.otherChildrenDetails',
				'form.declaration'
			])
		);
		expect(await countRows(input.id)).toBe(0);
	});

	it('refuses an id that is not a UUIDv7', async () => {
		const input = { ...submission(), id: crypto.randomUUID() };
		await expectProblem(as.priya.notifications.submit(input), 'INVALID_INPUT');
	});

	it('lets only practitioners submit', async () => {
		for (const p of ['uma', 'chris', 'ada', 'agnes'] as const) {
			const input = submission();
			await expectProblem(as[p].notifications.submit(input), 'FORBIDDEN_ROLE');
			expect(await countRows(input.id)).toBe(0);
		}
		await expectProblem(
			(await callerFor(database.db)).notifications.submit(submission()),
			'UNAUTHENTICATED'
		);
	});

	it('audits the submission in the same chain', async () => {
		const { id } = await as.priya.notifications.submit(submission());
		const events = await database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
		expect(events.map((e) => e.action)).toContain('notification.submitted');
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});

describe('my notifications', () => {
	it('lists only my own, with a plain status', async () => {
		const mine = await as.priya.notifications.submit(submission());
		const theirs = await as.pete.notifications.submit(submission());
		const list = await as.priya.notifications.mine();
		expect(list.map((n) => n.id)).toContain(mine.id);
		expect(list.map((n) => n.id)).not.toContain(theirs.id);
		expect(list.find((n) => n.id === mine.id)?.status).toBe('received');
	});

	it("answers NOT_FOUND for someone else's notification, as for one that does not exist", async () => {
		const theirs = await as.pete.notifications.submit(submission());
		await expectProblem(as.priya.notifications.mineById({ id: theirs.id }), 'NOT_FOUND');
		await expectProblem(as.priya.notifications.mineById({ id: newClientId() }), 'NOT_FOUND');
		const own = await as.pete.notifications.mineById({ id: theirs.id });
		expect(own.form.children[0]?.name).toBe('Jamie Example');
	});

	it('is refused to the other roles', async () => {
		for (const p of ['uma', 'chris', 'ada', 'agnes'] as const) {
			await expectProblem(as[p].notifications.mine(), 'FORBIDDEN_ROLE');
		}
	});
});
