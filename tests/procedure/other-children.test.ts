import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import { createPersonas, type PersonaName } from '../support/factories';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import {
	notificationReceivedAt,
	notificationsReceivedAt,
	OTHER_CHILDREN_AT_RISK,
	sessionUser,
	type FormOverrides
} from '../support/triage';
import type { Database } from '$lib/server/db';
import { auditEvents, notifications } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { verifyAuditChain } from '$lib/server/services/audit';
import type { QueueRow } from '$lib/server/services/triage/queue';
import { QUEUE_SORTS } from '$lib/domain/triage/queue-cursor';
import type { YesNoNotKnown } from '$lib/domain/notification/notification-options';

// §13.1: "When a child dies or is seriously harmed and abuse or neglect is known or suspected, the
// first priority must be to consider immediately whether there are other children who are likely
// to be placed in the same situation. Where there are concerns about the welfare of siblings or
// other children the guidance in Chapter 6 of these procedures must be followed."
// Each test is one obligation, through the real router on a real libSQL file database.

const FIRST_PRIORITY =
	'§13.1 "the first priority must be to consider immediately whether there are other children who are likely to be placed in the same situation"';
const CHAPTER_6 =
	'§13.1 "Where there are concerns about the welfare of siblings or other children the guidance in Chapter 6 of these procedures must be followed"';

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
let priya: SessionUser;

beforeAll(async () => {
	database = await freshDatabase();
	({ ids } = await createPersonas(database.db));
	for (const p of ['priya', 'pete', 'uma', 'ursula', 'chris', 'ada', 'agnes'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
	priya = await sessionUser(database.db, ids.priya);
});

/** The answer as the practitioner gave it; details are required only for "yes". */
const ANSWERED: Record<'yes' | 'not_known', FormOverrides> = {
	yes: OTHER_CHILDREN_AT_RISK,
	not_known: { otherChildrenAtRisk: 'not_known' }
};
const WORDS = { yes: 'yes', not_known: 'not known' } as const;

async function received(answer: YesNoNotKnown, at = new Date()): Promise<string> {
	return notificationReceivedAt(database.db, priya, at, answer === 'no' ? {} : ANSWERED[answer]);
}

async function row(id: string) {
	const [found] = await database.db.select().from(notifications).where(eq(notifications.id, id));
	if (!found) throw new Error(`no notification ${id}`);
	return found;
}

async function auditCount(): Promise<number> {
	const [result] = await database.db.select({ n: count() }).from(auditEvents);
	return result?.n ?? 0;
}

async function recordAction(id: string, chapter6Referral: 'yes' | 'no' = 'yes', by = as.uma) {
	return by.triage.recordOtherChildrenAction({
		notificationId: id,
		action: 'Strategy discussion with police and children’s social care; siblings seen today.',
		chapter6Referral
	});
}

/** A case to add notifications to, opened from a notification answering "no". */
async function anOpenCase(): Promise<string> {
	const { caseId } = await as.uma.triage.openCase({
		notificationId: await received('no'),
		classification: 'serious_harm'
	});
	return caseId;
}

async function refusedForOtherChildren(call: Promise<unknown>, then: string) {
	const problem = await expectProblem(call, 'OTHER_CHILDREN_FIRST');
	expect(problem.message).toMatch(
		/^Record the action taken for the other children first \(§13\.1\)/
	);
	expect(problem.message).toContain(then);
	expect('fieldErrors' in problem ? problem.fieldErrors : {}).toHaveProperty('otherChildrenAction');
}

describe('§13.1 Other children first', () => {
	for (const answer of ['yes', 'not_known'] as const) {
		it(`${FIRST_PRIORITY}: a notification answering ${WORDS[answer]} cannot be opened as a case until the action is recorded`, async () => {
			const id = await received(answer);
			await refusedForOtherChildren(
				as.uma.triage.openCase({ notificationId: id, classification: 'serious_harm' }),
				'Then this notification can be opened as a case.'
			);
			expect(await row(id)).toMatchObject({ caseId: null, status: 'received' });

			await recordAction(id);
			const { caseId } = await as.uma.triage.openCase({
				notificationId: id,
				classification: 'serious_harm'
			});
			expect(await row(id)).toMatchObject({ caseId, status: 'under_consideration' });
		});

		it(`${FIRST_PRIORITY}: a notification answering ${WORDS[answer]} cannot be added to an existing case until the action is recorded`, async () => {
			const caseId = await anOpenCase();
			const id = await received(answer);
			await refusedForOtherChildren(
				as.uma.triage.linkToCase({ notificationId: id, caseId }),
				'Then this notification can be added to a case.'
			);
			expect((await as.uma.cases.get({ id: caseId })).version).toBe(1);

			await recordAction(id);
			const linked = await as.uma.triage.linkToCase({ notificationId: id, caseId });
			expect(linked.version).toBe(2);
			expect(await row(id)).toMatchObject({ caseId });
		});

		it(`${FIRST_PRIORITY}: a notification answering ${WORDS[answer]} cannot be sent back to the practitioner until the action is recorded`, async () => {
			const id = await received(answer);
			await refusedForOtherChildren(
				as.uma.triage.returnToPractitioner({ notificationId: id, message: 'Add the school.' }),
				'Then this notification can be sent back to the practitioner.'
			);
			expect(await row(id)).toMatchObject({ status: 'received', returnMessage: null });

			await recordAction(id, 'no');
			await as.uma.triage.returnToPractitioner({ notificationId: id, message: 'Add the school.' });
			expect(await row(id)).toMatchObject({ status: 'returned' });
		});
	}

	it(`${FIRST_PRIORITY}: a notification answering no waits for nothing`, async () => {
		const id = await received('no');
		await as.uma.triage.openCase({ notificationId: id, classification: 'serious_harm' });
		expect((await row(id)).pinRank).toBe(0);
	});

	it(`${FIRST_PRIORITY}: the queue puts yes first, then not known, above every other notification, until their action is recorded`, async () => {
		// A database of its own, so the queue holds only these: receipt times spread so that every
		// sort order would put them in another order if the pin were ignored.
		const own = await freshDatabase();
		const { ids: ownIds } = await createPersonas(own.db);
		const pat = await sessionUser(own.db, ownIds.priya);
		const uma = (await signedIn(own.db, 'uma')).caller;
		const answers: YesNoNotKnown[] = ['no', 'not_known', 'yes', 'no', 'yes', 'not_known', 'no'];
		const base = Date.now() - 20 * 86_400_000;
		const stored: string[] = [];
		for (const [i, answer] of answers.entries()) {
			const [id] = await notificationsReceivedAt(own.db, pat, new Date(base + i * 86_400_000), [
				answer === 'no' ? {} : ANSWERED[answer]
			]);
			if (id) stored.push(id);
		}
		const answerOf = new Map(stored.map((id, i) => [id, answers[i]]));

		async function queue(sort: (typeof QUEUE_SORTS)[number]): Promise<QueueRow[]> {
			const rows: QueueRow[] = [];
			let cursor: string | null = null;
			do {
				const page: { items: QueueRow[]; next: string | null } = await uma.triage.queue({
					sort,
					limit: 2,
					cursor
				});
				rows.push(...page.items);
				cursor = page.next;
			} while (cursor);
			return rows;
		}

		for (const sort of QUEUE_SORTS) {
			const rows = await queue(sort);
			expect(rows.map((r) => answerOf.get(r.id))).toEqual([
				'yes',
				'yes',
				'not_known',
				'not_known',
				'no',
				'no',
				'no'
			]);
			expect(rows.map((r) => r.pinRank)).toEqual([2, 2, 1, 1, 0, 0, 0]);
			expect(rows.map((r) => r.pinned)).toEqual([true, true, true, true, false, false, false]);
		}

		// The "other children at risk" filter includes not known.
		const filtered = await uma.triage.queue({ otherChildrenAtRisk: true, limit: 100 });
		expect(filtered.items.map((r) => answerOf.get(r.id)).sort()).toEqual([
			'not_known',
			'not_known',
			'yes',
			'yes'
		]);
		const unflagged = await uma.triage.queue({ otherChildrenAtRisk: false, limit: 100 });
		expect(unflagged.items.map((r) => answerOf.get(r.id))).toEqual(['no', 'no', 'no']);

		// Once its action is recorded, a notification takes its place among the others.
		const [firstYes] = await queue('deadline');
		if (!firstYes) throw new Error('empty queue');
		await uma.triage.recordOtherChildrenAction({
			notificationId: firstYes.id,
			action: 'Siblings seen and safe with their grandparents.',
			chapter6Referral: 'no'
		});
		const after = await queue('oldest');
		expect(after.map((r) => answerOf.get(r.id))).toEqual([
			'yes',
			'not_known',
			'not_known',
			// Received third, after one "no": among the others, oldest first.
			'no',
			'yes',
			'no',
			'no'
		]);
		expect(after.find((r) => r.id === firstYes.id)).toMatchObject({ pinRank: 0, pinned: false });
		// Among the others it keeps its place by receipt time.
		const rest = after.filter((r) => r.pinRank === 0).map((r) => r.receivedAt);
		expect(rest).toEqual([...rest].sort((a, b) => a - b));
		own.client.close();
	});

	it(`${CHAPTER_6}: the Unit records what was done, by whom, when, and whether a Chapter 6 referral was made`, async () => {
		const id = await received('not_known');
		const before = await auditCount();
		const { otherChildrenActionAt } = await recordAction(id, 'yes', as.ursula);
		const detail = await as.uma.triage.notification({ id });
		expect(detail).toMatchObject({
			otherChildrenAtRisk: 'not_known',
			otherChildrenAction: expect.stringContaining('Strategy discussion') as unknown,
			otherChildrenActionByName: 'Ursula Unit',
			otherChildrenActionAt,
			otherChildrenChapter6Referral: true,
			otherChildrenActionNeeded: false,
			pinRank: 0
		});
		expect(await row(id)).toMatchObject({ otherChildrenActionBy: ids.ursula });
		// One audit event for the action, one for the view.
		expect(await auditCount()).toBe(before + 2);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it(`${FIRST_PRIORITY}: the case shows, for its life, the flag of each notification that answered yes or not known, with the action recorded`, async () => {
		const notKnown = await received('not_known');
		await recordAction(notKnown, 'yes');
		const { caseId } = await as.uma.triage.openCase({
			notificationId: notKnown,
			classification: 'child_death'
		});
		const yes = await received('yes');
		await recordAction(yes, 'no', as.ursula);
		await as.uma.triage.linkToCase({ notificationId: yes, caseId });
		const no = await received('no');
		await as.uma.triage.linkToCase({ notificationId: no, caseId });

		const view = await as.uma.cases.get({ id: caseId });
		expect(view.notifications.map((n) => n.id)).toEqual([notKnown, yes, no]);
		expect(view.otherChildren).toEqual([
			{
				notificationId: notKnown,
				reference: (await row(notKnown)).reference,
				answer: 'not_known',
				label: 'Not known whether other children are at risk',
				action: {
					what: expect.stringContaining('Strategy discussion') as unknown,
					byName: 'Uma Unit',
					at: (await row(notKnown)).otherChildrenActionAt?.getTime(),
					chapter6Referral: true
				}
			},
			{
				notificationId: yes,
				reference: (await row(yes)).reference,
				answer: 'yes',
				label: 'Other children at risk',
				action: {
					what: expect.stringContaining('Strategy discussion') as unknown,
					byName: 'Ursula Unit',
					at: (await row(yes)).otherChildrenActionAt?.getTime(),
					chapter6Referral: false
				}
			}
		]);

		// Still there after the case moves on, and for the Chair who decides it.
		const today = new Date().toISOString().slice(0, 10);
		await as.uma.cases.transition({
			id: caseId,
			version: view.version,
			to: 'chair_decision',
			payload: {
				classification: 'child_death',
				reason: 'A child has died and neglect is suspected',
				securingAgencyIds: (await as.uma.agencies.list()).map((a) => a.id).slice(0, 1),
				filesSecureRequestedOn: today
			}
		});
		const chairView = await as.chris.cases.get({ id: caseId });
		expect(chairView.otherChildren).toEqual(view.otherChildren);
	});

	it(`${CHAPTER_6}: only the Safeguarding Unit records the action`, async () => {
		const id = await received('yes');
		const before = await row(id);
		for (const p of ['priya', 'pete', 'chris', 'ada', 'agnes'] as const) {
			await expectProblem(recordAction(id, 'yes', as[p]), 'FORBIDDEN_ROLE');
		}
		const after = await row(id);
		expect(after).toEqual(before);
		expect(after).toMatchObject({ pinRank: 2, otherChildrenActionAt: null });
	});

	it(`${CHAPTER_6}: an action without its words or its Chapter 6 answer changes nothing`, async () => {
		const id = await received('not_known');
		const before = await row(id);
		const audited = await auditCount();
		const record = as.uma.triage.recordOtherChildrenAction;
		const bad: [Parameters<typeof record>[0], string][] = [
			[{ notificationId: id, action: '   ', chapter6Referral: 'yes' }, 'action'],
			[{ notificationId: id, action: 'x'.repeat(2001), chapter6Referral: 'no' }, 'action'],
			[
				{ notificationId: id, action: 'Seen', chapter6Referral: 'maybe' as 'yes' },
				'chapter6Referral'
			],
			[{ notificationId: id, action: 'Seen' } as Parameters<typeof record>[0], 'chapter6Referral'],
			[{ notificationId: 'not-a-uuid', action: 'Seen', chapter6Referral: 'no' }, 'notificationId']
		];
		for (const [input, field] of bad) {
			const error = await expectProblem(record(input), 'INVALID_INPUT');
			expect('issues' in error ? error.issues.map((i) => i.path[0]) : []).toContain(field);
		}
		expect(await row(id)).toEqual(before);
		expect(await auditCount()).toBe(audited);
		// Still refused, as before.
		await expectProblem(
			as.uma.triage.openCase({ notificationId: id, classification: 'serious_harm' }),
			'OTHER_CHILDREN_FIRST'
		);
	});
});
