import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { freshDatabase } from '../support/database';
import {
	createPersonas,
	newClientId,
	validNotificationForm,
	type PersonaName
} from '../support/factories';
import { callerFor, signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import {
	childNamed,
	morningOf,
	notificationReceivedAt,
	OTHER_CHILDREN_AT_RISK,
	sessionUser
} from '../support/triage';
import type { Database } from '$lib/server/db';
import { auditEvents, cases, notifications } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { verifyAuditChain } from '$lib/server/services/audit';
import { fillTriageColumns } from '$lib/server/services/triage/triage-columns';
import type { NotificationSubmission } from '$lib/domain/notification/submission';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { triageDueOn } from '$lib/domain/triage/triage-deadline';

let database: Database;
type Signed = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Signed>;
let ids: Awaited<ReturnType<typeof createPersonas>>['ids'];
let police: string;
let priya: SessionUser;
let pete: SessionUser;

beforeAll(async () => {
	database = await freshDatabase();
	const personas = await createPersonas(database.db);
	ids = personas.ids;
	police = personas.agencies.police.id;
	for (const p of ['priya', 'pete', 'uma', 'ursula', 'chris', 'ada', 'agnes'] as const) {
		as[p] = (await signedIn(database.db, p)).caller;
	}
	priya = await sessionUser(database.db, ids.priya);
	pete = await sessionUser(database.db, ids.pete);
});

async function auditActions(recordId: string): Promise<string[]> {
	const rows = await database.db
		.select({ action: auditEvents.action })
		.from(auditEvents)
		.where(eq(auditEvents.recordId, recordId))
		.orderBy(auditEvents.seq);
	return rows.map((r) => r.action);
}

async function mineStatus(caller: Signed, id: string) {
	return (await caller.notifications.mine()).find((n) => n.id === id);
}

describe('a notification at triage', () => {
	it('shows the whole notification, its deadline and its triage facts, and audits the view', async () => {
		const received = morningOf('2026-11-02');
		const id = await notificationReceivedAt(database.db, priya, received, OTHER_CHILDREN_AT_RISK);
		const detail = await as.uma.triage.notification({ id });
		expect(detail).toMatchObject({
			id,
			reference: expect.stringMatching(/^NTF-2026-\d{4}$/) as unknown,
			receivedAt: received.getTime(),
			status: 'received',
			untriaged: true,
			pinned: true,
			otherChildrenAtRisk: 'yes',
			otherChildrenAction: null,
			otherChildrenActionAt: null,
			assignee: null,
			caseId: null,
			case: null,
			correctsId: null,
			supersededById: null,
			returnMessage: null,
			dueOn: triageDueOn('2026-11-02'),
			clockStatus: 'overdue',
			agencyName: 'Harrogate District NHS Foundation Trust'
		});
		expect(detail.dueOn).toBe('2026-11-16');
		expect(detail.form.children[0]?.name).toBe('Jamie Example');
		expect(await auditActions(id)).toContain('notification.viewed');
	});

	it('finds potential duplicates by child name and date of birth, or incident date', async () => {
		const target = await notificationReceivedAt(database.db, priya, new Date(), {
			incidentDate: '2026-10-01',
			children: [childNamed('Rowan Duplicate', '2020-02-02')]
		});
		const sameChild = await notificationReceivedAt(database.db, pete, new Date(), {
			incidentDate: '2026-09-15',
			children: [
				childNamed('Sky Other', '2018-01-01'),
				childNamed('  ROWAN   duplicate ', '2020-02-02')
			]
		});
		const sameDay = await notificationReceivedAt(database.db, pete, new Date(), {
			incidentDate: '2026-10-01',
			children: [childNamed('Someone Else', '2015-05-05')]
		});
		const both = await notificationReceivedAt(database.db, pete, new Date(), {
			incidentDate: '2026-10-01',
			children: [childNamed('Rowan Duplicate', '2020-02-02')]
		});
		const namesakeOtherBirthday = await notificationReceivedAt(database.db, pete, new Date(), {
			incidentDate: '2026-08-01',
			children: [childNamed('Rowan Duplicate', '2020-02-03')]
		});
		const { caseId, reference } = await as.uma.triage.openCase({
			notificationId: both,
			classification: 'serious_harm'
		});

		const { duplicates } = await as.uma.triage.notification({ id: target });
		const byId = new Map(duplicates.notifications.map((d) => [d.id, d]));
		expect(byId.has(target)).toBe(false);
		expect(byId.has(namesakeOtherBirthday)).toBe(false);
		expect(byId.get(sameChild)?.matchedOn).toEqual(['name_dob']);
		expect(byId.get(sameDay)?.matchedOn).toEqual(['incident_date']);
		expect(byId.get(both)).toMatchObject({
			matchedOn: ['name_dob', 'incident_date'],
			firstChildName: 'Rowan Duplicate',
			reference: expect.stringMatching(/^NTF-/) as unknown
		});
		expect(duplicates.cases).toEqual([
			{ id: caseId, reference, state: 'triage', matchedOn: ['name_dob', 'incident_date'] }
		]);

		// The notification in the case does not list its own case as a duplicate.
		const inCase = await as.uma.triage.notification({ id: both });
		expect(inCase.duplicates.cases).toEqual([]);
		expect(inCase.case).toMatchObject({ id: caseId, reference, state: 'triage' });
	});

	it('never matches children whose name is not known', async () => {
		const unknown = childNamed('Not known', '2024-06-06');
		const a = await notificationReceivedAt(database.db, priya, new Date(), {
			incidentDateKnown: 'no',
			incidentDate: '',
			incidentDateUnknownReason: 'Found later',
			children: [unknown]
		});
		await notificationReceivedAt(database.db, pete, new Date(), {
			incidentDateKnown: 'no',
			incidentDate: '',
			incidentDateUnknownReason: 'Found later',
			children: [unknown]
		});
		const { duplicates } = await as.uma.triage.notification({ id: a });
		expect(duplicates.notifications).toEqual([]);
	});

	it('is assigned only to Safeguarding Unit members', async () => {
		const id = await notificationReceivedAt(database.db, priya, new Date());
		const { assignee } = await as.uma.triage.assign({ notificationId: id, assigneeId: ids.ursula });
		expect(assignee).toEqual({ id: ids.ursula, name: 'Ursula Unit' });
		expect((await as.uma.triage.notification({ id })).assignee).toEqual(assignee);
		for (const p of ['priya', 'chris', 'agnes'] as const) {
			const error = await expectProblem(
				as.uma.triage.assign({ notificationId: id, assigneeId: ids[p] }),
				'INVALID_INPUT'
			);
			expect('fieldErrors' in error ? error.fieldErrors : {}).toHaveProperty('assigneeId');
		}
		await expectProblem(
			as.uma.triage.assign({ notificationId: newClientId(), assigneeId: ids.uma }),
			'NOT_FOUND'
		);
		expect(await auditActions(id)).toContain('notification.assigned');
	});

	it('answers NOT_FOUND for a notification that does not exist', async () => {
		const missing = newClientId();
		await expectProblem(as.uma.triage.notification({ id: missing }), 'NOT_FOUND');
		await expectProblem(
			as.uma.triage.recordOtherChildrenAction({
				notificationId: missing,
				action: 'x',
				chapter6Referral: 'no'
			}),
			'NOT_FOUND'
		);
		await expectProblem(
			as.uma.triage.openCase({ notificationId: missing, classification: 'child_death' }),
			'NOT_FOUND'
		);
		await expectProblem(
			as.uma.triage.returnToPractitioner({ notificationId: missing, message: 'x' }),
			'NOT_FOUND'
		);
	});
});

describe('opening a case and linking to one', () => {
	it('opens a case in triage from the notification, T0 its receipt date, owned by the caller', async () => {
		const received = morningOf('2026-11-02');
		const id = await notificationReceivedAt(database.db, priya, received);
		const opened = await as.uma.triage.openCase({
			notificationId: id,
			classification: 'child_death'
		});
		expect(opened.reference).toMatch(/^SCR-2026-\d{4}$/);
		const view = await as.uma.cases.get({ id: opened.caseId });
		expect(view).toMatchObject({
			reference: opened.reference,
			state: 'triage',
			stateLabel: 'Triage',
			version: 1,
			classification: 'child_death',
			owner: { id: ids.uma, name: 'Uma Unit' },
			filesHeld: false,
			dates: { receivedOn: '2026-11-02' }
		});
		expect(view.notifications.map((n) => n.id)).toEqual([id]);
		expect(view.timeline[0]).toMatchObject({
			actorName: 'Uma Unit',
			action: 'opened',
			summary: expect.stringContaining('opened this case from notification NTF-') as unknown
		});
		const t1 = view.clocks.find((c) => c.id === 'T1');
		expect(t1).toMatchObject({ startedOn: '2026-11-02', dueOn: '2026-11-16' });
		expect(view.clocks.find((c) => c.id === 'T2')?.dueOn).toBe('2026-12-02');

		// The practitioner sees only that it is under consideration.
		expect(await mineStatus(as.priya, id)).toMatchObject({
			status: 'under_consideration',
			returnMessage: null
		});
		expect(await auditActions(opened.caseId)).toEqual(['case.opened', 'case.viewed']);
		expect(await auditActions(id)).toContain('notification.linked');
	});

	it('opens with another owner from the Unit, never someone outside it', async () => {
		const a = await notificationReceivedAt(database.db, priya, new Date());
		const opened = await as.uma.triage.openCase({
			notificationId: a,
			classification: 'serious_harm',
			ownerId: ids.ursula
		});
		expect((await as.uma.cases.get({ id: opened.caseId })).owner?.name).toBe('Ursula Unit');
		const b = await notificationReceivedAt(database.db, priya, new Date());
		await expectProblem(
			as.uma.triage.openCase({
				notificationId: b,
				classification: 'serious_harm',
				ownerId: ids.chris
			}),
			'INVALID_INPUT'
		);
		expect((await as.uma.triage.notification({ id: b })).untriaged).toBe(true);
	});

	it('triages a notification once: a second open, link or return is ALREADY_TRIAGED', async () => {
		const id = await notificationReceivedAt(database.db, priya, new Date());
		const { caseId } = await as.uma.triage.openCase({
			notificationId: id,
			classification: 'serious_harm'
		});
		await expectProblem(
			as.ursula.triage.openCase({ notificationId: id, classification: 'serious_harm' }),
			'ALREADY_TRIAGED'
		);
		await expectProblem(
			as.ursula.triage.linkToCase({ notificationId: id, caseId }),
			'ALREADY_TRIAGED'
		);
		await expectProblem(
			as.ursula.triage.returnToPractitioner({ notificationId: id, message: 'More please' }),
			'ALREADY_TRIAGED'
		);
		const rows = await database.db.select().from(cases);
		expect(rows.filter((c) => c.id === caseId).length).toBe(1);
	});

	it('links a second notification to an existing case, whose version moves on', async () => {
		const first = await notificationReceivedAt(database.db, priya, new Date());
		const { caseId, reference } = await as.uma.triage.openCase({
			notificationId: first,
			classification: 'serious_harm'
		});
		const second = await notificationReceivedAt(database.db, pete, new Date());
		const linked = await as.uma.triage.linkToCase({ notificationId: second, caseId });
		expect(linked).toEqual({ caseId, reference, version: 2 });
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.notifications.map((n) => n.id)).toEqual([first, second]);
		expect(view.timeline.at(-1)).toMatchObject({ action: 'notification_linked', version: 2 });
		expect(await mineStatus(as.pete, second)).toMatchObject({ status: 'under_consideration' });
		await expectProblem(
			as.uma.triage.linkToCase({
				notificationId: await notificationReceivedAt(database.db, pete, new Date()),
				caseId: crypto.randomUUID()
			}),
			'NOT_FOUND'
		);
	});

	it('refuses to link to a closed case', async () => {
		const first = await notificationReceivedAt(database.db, priya, new Date());
		const { caseId } = await as.uma.triage.openCase({
			notificationId: first,
			classification: 'residential_out_of_scope'
		});
		await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'closed',
			payload: {
				closeAs: 'out_of_scope',
				reason: 'Residential unit (§13.20)',
				residentialReferralOn: todayIso()
			}
		});
		expect(await mineStatus(as.priya, first)).toMatchObject({ status: 'closed' });
		const second = await notificationReceivedAt(database.db, priya, new Date());
		await expectProblem(
			as.uma.triage.linkToCase({ notificationId: second, caseId }),
			'CASE_CLOSED'
		);
	});
});

describe('returning a notification for correction', () => {
	it('returns it with a message the practitioner sees, and takes their corrected version', async () => {
		const first = await notificationReceivedAt(database.db, priya, new Date());
		const before = await database.db
			.select()
			.from(notifications)
			.where(eq(notifications.id, first));
		await as.uma.triage.returnToPractitioner({
			notificationId: first,
			message: 'Please add the child’s date of birth and school.'
		});
		expect(await mineStatus(as.priya, first)).toMatchObject({
			status: 'returned',
			returnMessage: 'Please add the child’s date of birth and school.',
			correctsId: null,
			supersededById: null
		});
		expect((await as.priya.notifications.mineById({ id: first })).returnMessage).toContain(
			'date of birth'
		);

		const corrected: NotificationSubmission = {
			id: newClientId(),
			form: validNotificationForm({
				location: 'Harrogate, at school'
			}) as NotificationSubmission['form']
		};
		const { results } = await as.priya.notifications.submitBatch({
			items: [{ ...corrected, correctsId: first }]
		});
		expect(results[0]?.status).toBe('accepted');

		const mine = await as.priya.notifications.mine();
		expect(mine.find((n) => n.id === corrected.id)).toMatchObject({
			status: 'received',
			correctsId: first
		});
		expect(mine.find((n) => n.id === first)).toMatchObject({
			status: 'returned',
			supersededById: corrected.id
		});
		// The first stays exactly as it was sent.
		const after = await database.db.select().from(notifications).where(eq(notifications.id, first));
		expect(after[0]?.form).toEqual(before[0]?.form);
		expect(after[0]?.contentHash).toBe(before[0]?.contentHash);

		// The Unit sees the link, and the correction in its queue.
		const detail = await as.uma.triage.notification({ id: corrected.id });
		expect(detail).toMatchObject({ correctsId: first, untriaged: true });
		const queue = await as.uma.triage.queue({ limit: 100, sort: 'newest' });
		expect(queue.items.map((i) => i.id)).toContain(corrected.id);
		expect(queue.items.map((i) => i.id)).not.toContain(first);
		expect(await auditActions(first)).toEqual(
			expect.arrayContaining(['notification.returned', 'notification.superseded'])
		);

		// A retry of the same upload is the same record, not a refusal.
		const retry = await as.priya.notifications.submitBatch({
			items: [{ ...corrected, correctsId: first }]
		});
		expect(retry.results[0]).toMatchObject({ status: 'accepted', duplicate: true });
	});

	it('refuses a correction of a notification that is not theirs, not returned or already corrected', async () => {
		const notReturned = await notificationReceivedAt(database.db, priya, new Date());
		const theirs = await notificationReceivedAt(database.db, pete, new Date());
		await as.uma.triage.returnToPractitioner({ notificationId: theirs, message: 'More detail' });
		const returned = await notificationReceivedAt(database.db, priya, new Date());
		await as.uma.triage.returnToPractitioner({ notificationId: returned, message: 'More detail' });

		const item = (correctsId: string) => ({
			id: newClientId(),
			form: validNotificationForm() as unknown,
			correctsId
		});
		const { results } = await as.priya.notifications.submitBatch({
			items: [
				item(notReturned),
				item(theirs),
				item(newClientId()),
				item('not-a-uuid'),
				item(returned),
				item(returned)
			]
		});
		expect(results.map((r) => r.status)).toEqual([
			'invalid',
			'invalid',
			'invalid',
			'invalid',
			'accepted',
			'invalid'
		]);
		for (const r of results) {
			if (r.status === 'invalid') expect(r.fieldErrors).toHaveProperty('correctsId');
		}
		const last = results[5];
		expect(last?.status === 'invalid' && last.fieldErrors.correctsId).toContain(
			'already been corrected'
		);

		// The single-form procedure applies the same rule.
		const single = await expectProblem(
			as.priya.notifications.submit({
				id: newClientId(),
				form: validNotificationForm() as NotificationSubmission['form'],
				correctsId: notReturned
			}),
			'INVALID_INPUT'
		);
		expect('fieldErrors' in single ? single.fieldErrors : {}).toHaveProperty('correctsId');
	});

	it('is not returned while other children may be at risk and no action is recorded', async () => {
		const id = await notificationReceivedAt(database.db, priya, new Date(), OTHER_CHILDREN_AT_RISK);
		const error = await expectProblem(
			as.uma.triage.returnToPractitioner({ notificationId: id, message: 'More detail' }),
			'OTHER_CHILDREN_FIRST'
		);
		expect('fieldErrors' in error ? error.fieldErrors : {}).toHaveProperty('otherChildrenAction');
		await as.uma.triage.recordOtherChildrenAction({
			notificationId: id,
			action: 'Siblings seen.',
			chapter6Referral: 'no'
		});
		await as.uma.triage.returnToPractitioner({ notificationId: id, message: 'More detail' });
		expect(await mineStatus(as.priya, id)).toMatchObject({ status: 'returned' });
	});
});

describe('the practitioner’s status follows the case', () => {
	it('stays under consideration through the review and closes with the case', async () => {
		const id = await notificationReceivedAt(database.db, priya, new Date());
		const { caseId } = await as.uma.triage.openCase({
			notificationId: id,
			classification: 'serious_harm'
		});
		const today = todayIso();
		const { version } = await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'chair_decision',
			payload: {
				classification: 'serious_harm',
				reason: 'Criteria clearly met',
				securingAgencyIds: [police],
				filesSecureRequestedOn: today
			}
		});
		expect(await mineStatus(as.priya, id)).toMatchObject({ status: 'under_consideration' });
		const nfa = await as.chris.cases.transition({
			id: caseId,
			version,
			to: 'no_further_action',
			payload: {
				decidedOn: today,
				rationale: 'Criteria not met',
				filesHold: 'rescind',
				rescindInstructionOn: today
			}
		});
		expect(await mineStatus(as.priya, id)).toMatchObject({ status: 'under_consideration' });
		await as.chris.cases.transition({
			id: caseId,
			version: nfa.version,
			to: 'closed',
			payload: { noActionPlanReason: 'No further action: nothing to plan' }
		});
		const mine = await mineStatus(as.priya, id);
		expect(mine).toMatchObject({ status: 'closed' });
		// Plain words only: nothing of the case reaches the practitioner.
		expect(Object.keys(mine ?? {}).sort()).toEqual(
			[
				'correctsId',
				'id',
				'incidentType',
				'receivedAt',
				'reference',
				'returnMessage',
				'status',
				'supersededById'
			].sort()
		);
	});
});

describe('who may triage', () => {
	it('refuses every triage procedure to every other role', async () => {
		const id = await notificationReceivedAt(database.db, priya, new Date());
		for (const p of ['priya', 'chris', 'ada', 'agnes'] as const) {
			const t = as[p].triage;
			await expectProblem(t.notification({ id }), 'FORBIDDEN_ROLE');
			await expectProblem(t.assign({ notificationId: id, assigneeId: ids.uma }), 'FORBIDDEN_ROLE');
			await expectProblem(
				t.recordOtherChildrenAction({ notificationId: id, action: 'x', chapter6Referral: 'no' }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				t.openCase({ notificationId: id, classification: 'child_death' }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				t.linkToCase({ notificationId: id, caseId: crypto.randomUUID() }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(
				t.returnToPractitioner({ notificationId: id, message: 'x' }),
				'FORBIDDEN_ROLE'
			);
			await expectProblem(as[p].users.unitMembers(), 'FORBIDDEN_ROLE');
			await expectProblem(as[p].agencies.list(), 'FORBIDDEN_ROLE');
		}
		const anonymous = await callerFor(database.db);
		await expectProblem(anonymous.triage.notification({ id }), 'UNAUTHENTICATED');
		expect((await as.uma.triage.notification({ id })).untriaged).toBe(true);
	});

	it('lists the Unit members and agencies to choose from', async () => {
		expect(await as.uma.users.unitMembers()).toEqual([
			{ id: ids.uma, name: 'Uma Unit' },
			{ id: ids.ursula, name: 'Ursula Unit' }
		]);
		const list = await as.uma.agencies.list();
		expect(list.map((a) => a.name)).toEqual([
			'Harrogate District NHS Foundation Trust',
			'North Yorkshire Police'
		]);
		expect(list[0]).toEqual({
			id: expect.any(String) as unknown,
			name: expect.any(String) as unknown,
			kind: 'health'
		});
	});
});

describe('notifications stored before triage existed', () => {
	it('get their triage columns filled at start-up', async () => {
		const id = await notificationReceivedAt(database.db, priya, morningOf('2026-11-02'), {
			children: [childNamed('Backfill Child', '2019-09-09')]
		});
		await database.db
			.update(notifications)
			.set({ triageDueOn: null, firstChildName: null, childCount: null })
			.where(eq(notifications.id, id));
		expect(await fillTriageColumns(database.db)).toBe(1);
		const [row] = await database.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.id, id)));
		expect(row).toMatchObject({
			triageDueOn: '2026-11-16',
			firstChildName: 'Backfill Child',
			childCount: 1
		});
		expect(await fillTriageColumns(database.db)).toBe(0);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});
