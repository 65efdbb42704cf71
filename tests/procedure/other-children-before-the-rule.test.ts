import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas } from '../support/factories';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { migrationsFrom, rollBackTo } from '../support/migration-rollback';
import { notificationReceivedAt, OTHER_CHILDREN_AT_RISK, sessionUser } from '../support/triage';
import { migrateDatabase, type Database } from '$lib/server/db';
import { notifications } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';

// Notifications and cases stored before §13.1 was enforced (migration 0006): "the first priority
// must be to consider immediately whether there are other children who are likely to be placed in
// the same situation". They must load cleanly, keep their flag, and wait for the action where the
// rule says so.

const FIRST_PRIORITY =
	'§13.1 "the first priority must be to consider immediately whether there are other children who are likely to be placed in the same situation"';

let database: Database;
let uma: Awaited<ReturnType<typeof signedIn>>['caller'];
/** Stored before 0006: yes and not known waiting, yes with an action, no, and not known in a case. */
const stored = {} as Record<'yes' | 'notKnown' | 'actioned' | 'no' | 'inCase', string>;
let caseId: string;

beforeAll(async () => {
	database = await freshDatabase();
	const { ids } = await createPersonas(database.db);
	uma = (await signedIn(database.db, 'uma')).caller;
	const priya = await sessionUser(database.db, ids.priya);
	const at = (day: number) => new Date(Date.now() - (10 - day) * 86_400_000);
	stored.yes = await notificationReceivedAt(database.db, priya, at(1), OTHER_CHILDREN_AT_RISK);
	stored.notKnown = await notificationReceivedAt(database.db, priya, at(2), {
		otherChildrenAtRisk: 'not_known'
	});
	stored.actioned = await notificationReceivedAt(database.db, priya, at(3), OTHER_CHILDREN_AT_RISK);
	stored.no = await notificationReceivedAt(database.db, priya, at(4));
	stored.inCase = await notificationReceivedAt(database.db, priya, at(5), {
		otherChildrenAtRisk: 'not_known'
	});
	for (const id of [stored.actioned, stored.inCase]) {
		await uma.triage.recordOtherChildrenAction({
			notificationId: id,
			action: 'Siblings seen by the duty social worker.',
			chapter6Referral: 'yes'
		});
	}
	({ caseId } = await uma.triage.openCase({
		notificationId: stored.inCase,
		classification: 'serious_harm'
	}));

	// Back to the data as it stood before 0006: `pinned` a boolean set only for "yes" without an
	// action, no Chapter 6 column, and a case opened from a "not known" notification with no
	// action, which the old rule allowed. Then 0006 is applied as a server start would.
	const { client } = database;
	// Later migrations are undone first; 0006 is undone below, as the data stood before it.
	const removed = await rollBackTo(client, '0006_other_children_action');
	expect(removed).toBe(migrationsFrom('0006_other_children_action'));
	await client.execute({
		sql: 'UPDATE notifications SET other_children_action = NULL, other_children_action_at = NULL, other_children_action_by = NULL WHERE id = ?',
		args: [stored.inCase]
	});
	await client.execute(
		"UPDATE notifications SET pinned = (other_children_at_risk = 'yes' AND other_children_action_at IS NULL)"
	);
	await client.execute('ALTER TABLE notifications DROP COLUMN other_children_chapter6_referral');
	await migrateDatabase(database);
});

async function rowOf(id: string) {
	const [row] = await database.db.select().from(notifications).where(eq(notifications.id, id));
	if (!row) throw new Error(`no notification ${id}`);
	return row;
}

describe('§13.1 Other children first, for data stored before the rule', () => {
	it(`${FIRST_PRIORITY}: the migration ranks yes without an action 2 and not known without an action 1, everything else 0`, async () => {
		expect((await rowOf(stored.yes)).pinRank).toBe(2);
		expect((await rowOf(stored.notKnown)).pinRank).toBe(1);
		expect((await rowOf(stored.actioned)).pinRank).toBe(0);
		expect((await rowOf(stored.no)).pinRank).toBe(0);
		expect((await rowOf(stored.inCase)).pinRank).toBe(1);
		// An action recorded before the Chapter 6 question was asked says so.
		expect(await rowOf(stored.actioned)).toMatchObject({
			otherChildrenChapter6Referral: null,
			otherChildrenAction: 'Siblings seen by the duty social worker.'
		});
		const detail = await uma.triage.notification({ id: stored.actioned });
		expect(detail).toMatchObject({
			otherChildrenChapter6Referral: null,
			otherChildrenActionNeeded: false
		});

		const queue = await uma.triage.queue({ limit: 100, sort: 'newest' });
		expect(queue.items.map((r) => r.id)).toEqual([
			stored.yes,
			stored.notKnown,
			stored.no,
			stored.actioned
		]);
	});

	it(`${FIRST_PRIORITY}: a case opened before the rule loads and shows its flag with "No action recorded"`, async () => {
		const view = await uma.cases.get({ id: caseId });
		expect(view.otherChildren).toEqual([
			{
				notificationId: stored.inCase,
				reference: (await rowOf(stored.inCase)).reference,
				answer: 'not_known',
				label: 'Not known whether other children are at risk',
				action: null
			}
		]);
	});

	it(`${FIRST_PRIORITY}: a case holding a notification without its action cannot be closed until the action is recorded`, async () => {
		const { version } = await uma.cases.get({ id: caseId });
		const close = (v: number) =>
			uma.cases.transition({
				id: caseId,
				version: v,
				to: 'closed',
				payload: {
					closeAs: 'out_of_scope',
					reason:
						'An incident in a residential unit: referred to the Manager for Residential Services (§13.20)',
					residentialReferralOn: new Date().toISOString().slice(0, 10)
				}
			});
		const refused = await expectProblem(close(version), 'OTHER_CHILDREN_FIRST');
		const { reference } = await rowOf(stored.inCase);
		expect(refused.message).toContain(`on notification ${reference}`);
		expect(refused.message).toContain('Then the case can be closed.');
		expect((await uma.cases.get({ id: caseId })).state).toBe('triage');

		// The Unit records it from the notification, now in the case.
		await uma.triage.recordOtherChildrenAction({
			notificationId: stored.inCase,
			action: 'Checked with children’s social care: no other children in the household.',
			chapter6Referral: 'no'
		});
		const view = await uma.cases.get({ id: caseId });
		expect(view.otherChildren[0]?.action).toMatchObject({
			what: 'Checked with children’s social care: no other children in the household.',
			byName: 'Uma Unit',
			chapter6Referral: false
		});
		await close(view.version);
		const closed = await uma.cases.get({ id: caseId });
		expect(closed.state).toBe('closed');
		// The flag and its action stay on the closed case.
		expect(closed.otherChildren).toEqual(view.otherChildren);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});
