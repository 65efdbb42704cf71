import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { healthAgencyLead, procedureWorld, type ProcedureWorld } from '../support/procedure';
import { newImrId, scrDecidedCase, validImr } from '../support/imrs';
import { notificationReceivedAt, OTHER_CHILDREN_AT_RISK } from '../support/triage';
import { startSmtpServer } from '../support/smtp';
import { openDatabase, type Db } from '$lib/server/db';
import {
	auditEvents,
	cases,
	imrRequests,
	mailJobs,
	messages,
	shortReportRequests
} from '$lib/server/db/schema';
import {
	mailerFromEnv,
	smtpMailer,
	type Mailer,
	type OutgoingEmail
} from '$lib/server/infra/mailer';
import { runReminders, type RunResult } from '$lib/server/services/reminders/runner';
import { MAIL_LEASE_MS } from '$lib/server/services/reminders/mail-outbox';
import { shortReportRequestSource } from '$lib/server/services/reminders/sources/short-report-requests';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';

// Messages in the app and email reminders (docs/decisions/024-reminders.md), run against a real
// file database with a controlled clock, sending over real SMTP to a server in this process.

const ORIGIN = 'https://safeguard.example.org';
const CHILD = /Jamie|Example/;
const today = todayIso();
/** A moment on `day`, UTC (the digest goes at 07:00 UTC). */
const at = (day: IsoDate, time = '08:00') => new Date(`${day}T${time}:00Z`);
const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mailer: Mailer;

beforeAll(async () => {
	smtp = await startSmtpServer();
	mailer = smtpMailer(smtp.url, 'Safeguard Tracker <reminders@example.org>');
});
afterAll(async () => {
	mailer.close();
	await smtp.close();
});

function run(db: Db, now: Date, workerId = 'worker-a', using: Mailer = mailer) {
	return runReminders(db, { mailer: using, workerId, origin: ORIGIN, clock: () => now });
}

async function messagesOf(db: Db, userId: string) {
	return db.select().from(messages).where(eq(messages.recipientId, userId));
}

function mailTo(address: string) {
	return smtp.received.filter((mail) => mail.to.includes(address));
}

describe('each event reaches its people once, in the app and by email', () => {
	let world: ProcedureWorld;
	let db: Db;
	let caseId: string;
	let requestId: string;
	let dueOn: IsoDate;
	let otherChildrenId: string;
	let returnedId: string;
	const first = at(today);

	beforeAll(async () => {
		smtp.received.length = 0;
		world = await procedureWorld(['uma', 'chris', 'priya', 'agnes']);
		db = world.database.db;
		const { as } = world;
		// The Chair asks for each message as it comes; Priya only for urgent ones; the rest daily.
		await as.chris.messages.setEmailPreference({ email: 'immediate' });
		await as.priya.messages.setEmailPreference({ email: 'urgent_only' });

		const notificationId = await notificationReceivedAt(db, world.priya, new Date());
		({ caseId } = await as.uma.triage.openCase({ notificationId, classification: 'serious_harm' }));
		await as.uma.cases.transition({
			id: caseId,
			version: 1,
			to: 'gathering',
			payload: {
				classification: 'serious_harm',
				agencyIds: [world.agencies.police.id],
				filesSecureRequestedOn: today
			}
		});
		const [request] = await db
			.select()
			.from(shortReportRequests)
			.where(eq(shortReportRequests.caseId, caseId));
		if (!request) throw new Error('no request');
		requestId = request.id;
		dueOn = request.dueOn;

		// Other children at risk, received two hours before the first run, no action recorded.
		otherChildrenId = await notificationReceivedAt(
			db,
			world.priya,
			minutes(first, -120),
			OTHER_CHILDREN_AT_RISK
		);
		returnedId = await notificationReceivedAt(db, world.priya, new Date());
		await as.uma.triage.returnToPractitioner({
			notificationId: returnedId,
			message: 'Please add the date of the incident.'
		});
		await as.uma.triage
			.openCase({
				notificationId: await notificationReceivedAt(db, world.priya, new Date()),
				classification: 'child_death'
			})
			.then(({ caseId: id }) =>
				as.uma.cases.transition({
					id,
					version: 1,
					to: 'chair_decision',
					payload: {
						classification: 'child_death',
						reason: 'Criteria clearly met',
						securingAgencyIds: [world.agencies.police.id],
						filesSecureRequestedOn: today
					}
				})
			);
	});

	it('a request sent to an agency reaches that agency, in the app and in its daily digest', async () => {
		const result = await run(db, first);
		expect(result.messages).toBeGreaterThan(0);
		const agnes = await messagesOf(db, world.ids.agnes);
		expect(agnes.map((m) => [m.kind, m.link])).toEqual([
			['request_sent', `/agency/requests/${requestId}`]
		]);
		const [digest, ...more] = mailTo('agnes@example.org');
		expect(more).toHaveLength(0);
		expect(digest?.subject).toBe('Safeguard Tracker: 1 new message for you');
		expect(digest?.text).toContain(`${ORIGIN}/agency/requests/${requestId}`);
		expect(digest?.text).not.toMatch(CHILD);
		expect(digest?.text).not.toContain('SCR-');
	});

	it('§13.1 other children at risk and no action an hour after arrival: every Unit member, urgent, emailed at once', async () => {
		for (const [id, address] of [
			[world.ids.uma, 'uma@example.org'],
			[world.ids.ursula, 'ursula@example.org']
		] as const) {
			const urgent = (await messagesOf(db, id)).filter((m) => m.kind === 'other_children_action');
			expect(urgent).toHaveLength(1);
			expect(urgent[0]?.urgent).toBe(true);
			expect(urgent[0]?.link).toBe(`/unit/notifications/${otherChildrenId}`);
			const mail = mailTo(address).filter((m) => m.subject.includes('Urgent'));
			expect(mail).toHaveLength(1);
			expect(mail[0]?.subject).toBe(
				'Safeguard Tracker: Urgent: the action for other children at risk is not yet recorded'
			);
			expect(mail[0]?.text).toContain(`${ORIGIN}/unit/notifications/${otherChildrenId}`);
			expect(mail[0]?.text).not.toMatch(CHILD);
		}
	});

	it("a case awaiting the Chair's decision reaches the Chair, emailed at once as the Chair chose", async () => {
		const chair = (await messagesOf(db, world.ids.chris)).filter(
			(m) => m.kind === 'awaiting_chair'
		);
		expect(chair).toHaveLength(1);
		const mail = mailTo('chris@example.org');
		expect(mail.map((m) => m.subject)).toEqual([
			"Safeguard Tracker: A case is awaiting the Chair's decision"
		]);
		expect(mail[0]?.text).not.toMatch(CHILD);
	});

	it('a notification returned for correction reaches its practitioner in the app; no email, as she chose', async () => {
		const priya = await messagesOf(db, world.ids.priya);
		expect(priya.map((m) => [m.kind, m.link])).toEqual([
			['returned_for_correction', `/notifications/${returnedId}`]
		]);
		expect(mailTo('priya@example.org')).toHaveLength(0);
	});

	it('running again the same day, or in the next minutes, stores and sends nothing more', async () => {
		const stored = await db.select({ n: count() }).from(messages);
		const sent = smtp.received.length;
		for (const later of [minutes(first, 1), minutes(first, 30), at(today, '18:00')]) {
			expect(await run(db, later)).toEqual({ messages: 0, digests: 0, sent: 0 });
		}
		expect(await db.select({ n: count() }).from(messages)).toEqual(stored);
		expect(smtp.received.length).toBe(sent);
	});

	it('a request due in two working days, then overdue, reaches the agency and the case owner, each once', async () => {
		// Due five working days after the request: two working days before, it is due soon.
		const dueSoonDay = addWorkingDays(today, 3);
		expect(addWorkingDays(dueSoonDay, 2)).toBe(dueOn);
		await run(db, at(dueSoonDay, '06:00'));
		await run(db, at(dueSoonDay, '09:00'));
		await run(db, at(addWorkingDays(dueOn, 1)));
		await run(db, at(addWorkingDays(dueOn, 1), '12:00'));
		for (const id of [world.ids.agnes, world.ids.uma]) {
			const kinds = (await messagesOf(db, id)).map((m) => m.kind);
			expect(kinds.filter((k) => k === 'request_due_soon')).toHaveLength(1);
			expect(kinds.filter((k) => k === 'request_overdue')).toHaveLength(1);
		}
		const [uma] = (await messagesOf(db, world.ids.uma)).filter((m) => m.kind === 'request_overdue');
		expect(uma?.link).toBe(`/cases/${caseId}`);
		// Agnes's digests: the request sent, the due-soon day's and the overdue day's.
		const digests = mailTo('agnes@example.org');
		expect(digests).toHaveLength(3);
		expect(digests[1]?.text).toContain('A short report is due in two working days');
		expect(digests[2]?.text).toContain('A short report is overdue');
		for (const mail of digests) expect(mail.text).not.toMatch(CHILD);
	});

	it('a request on a closed case is no longer reminded: the case is over, so is its waiting', async () => {
		const overdueDay = at(addWorkingDays(dueOn, 1));
		const waiting = await shortReportRequestSource.due(db, overdueDay);
		expect(waiting.some((event) => event.link === `/agency/requests/${requestId}`)).toBe(true);
		await db.update(cases).set({ state: 'closed' }).where(eq(cases.id, caseId));
		try {
			const after = await shortReportRequestSource.due(db, overdueDay);
			expect(
				after.filter((event) => event.link.includes(requestId) || event.link === `/cases/${caseId}`)
			).toEqual([]);
		} finally {
			await db.update(cases).set({ state: 'gathering' }).where(eq(cases.id, caseId));
		}
	});

	it('a clock of the case due in two working days or overdue reaches its owner once', async () => {
		const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
		expect(row?.ownerId).toBe(world.ids.uma);
		// Two months on, the clocks started at triage and gathering have run out.
		const later = at(addWorkingDays(today, 40));
		await run(db, later);
		const clocks = (await messagesOf(db, world.ids.uma)).filter(
			(m) => m.kind.startsWith('clock_') && m.link === `/cases/${caseId}`
		);
		expect(clocks.length).toBeGreaterThan(0);
		expect(clocks.some((m) => m.kind === 'clock_overdue')).toBe(true);
		expect(await run(db, minutes(later, 5))).toEqual({ messages: 0, digests: 0, sent: 0 });
		const keys = clocks.map((m) => `${m.eventKey}@${m.day}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('an action plan item due reaches the case owner once', async () => {
		const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
		const due = addWorkingDays(today, 1);
		await world.as.uma.cases.addActionItem({
			id: caseId,
			version: row?.version ?? 0,
			ownerAgencyId: world.agencies.police.id,
			action: 'Review the agency’s referral threshold',
			dueOn: due
		});
		await run(db, at(today, '19:00'));
		await run(db, at(today, '20:00'));
		const items = (await messagesOf(db, world.ids.uma)).filter(
			(m) => m.kind === 'action_item_due_soon'
		);
		expect(items).toHaveLength(1);
		expect(items[0]?.link).toBe(`/cases/${caseId}`);
	});

	it('every email sent is in the audit trail, by kind and recipient only', async () => {
		const sent = await db.select().from(auditEvents).where(eq(auditEvents.action, 'mail.sent'));
		expect(sent.length).toBe(smtp.received.length);
		for (const event of sent) expect(JSON.stringify(event.detail)).not.toMatch(CHILD);
	});
});

describe('§13.6, §13.9 IMR requests: the agency asked and the case owner, each agency only its own', () => {
	let world: ProcedureWorld;
	let db: Db;
	let police: string;
	let health: string;
	let hana: string;
	let dueOn: IsoDate;
	const imrKinds = async (userId: string) =>
		(await messagesOf(db, userId))
			.filter((m) => m.kind.startsWith('imr_'))
			.map((m) => [m.kind, m.link, m.day]);

	beforeAll(async () => {
		smtp.received.length = 0;
		world = await procedureWorld(['uma', 'chris', 'agnes']);
		db = world.database.db;
		hana = (await healthAgencyLead(world)).user.id;
		const { caseId, version } = await scrDecidedCase(world);
		dueOn = addWorkingDays(today, 10);
		await world.as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [world.agencies.police.id, world.agencies.health.id],
			dueOn
		});
		const rows = await db
			.select({ id: imrRequests.id, agencyId: imrRequests.agencyId })
			.from(imrRequests)
			.where(eq(imrRequests.caseId, caseId));
		police = rows.find((r) => r.agencyId === world.agencies.police.id)?.id ?? '';
		health = rows.find((r) => r.agencyId === world.agencies.health.id)?.id ?? '';
	});

	it("each agency is told of its own IMR request, in the app and its digest, never of another agency's", async () => {
		await run(db, at(today));
		await run(db, at(today, '12:00'));
		expect(await imrKinds(world.ids.agnes)).toEqual([
			['imr_requested', `/agency/imrs/${police}`, today]
		]);
		expect(await imrKinds(hana)).toEqual([['imr_requested', `/agency/imrs/${health}`, today]]);
		const [digest, ...more] = mailTo('agnes@example.org');
		expect(more).toHaveLength(0);
		expect(digest?.text).toContain(
			`- An individual management review (IMR) request is waiting for your agency: ${ORIGIN}/agency/imrs/${police}`
		);
		expect(digest?.text).not.toContain(health);
		expect(mailTo('hana@example.org')[0]?.text).not.toContain(police);
		for (const mail of smtp.received) {
			expect(mail.text).not.toMatch(CHILD);
			expect(mail.text).not.toContain('SCR-');
		}
	});

	it('due in two working days: each agency and the case owner, once however many runs', async () => {
		const dueSoonDay = addWorkingDays(today, 8);
		expect(addWorkingDays(dueSoonDay, 2)).toBe(dueOn);
		for (const time of ['06:00', '09:00', '09:01', '17:00']) await run(db, at(dueSoonDay, time));
		const soon = (link: string) => ['imr_due_soon', link, dueOn];
		expect((await imrKinds(world.ids.agnes)).slice(1)).toEqual([soon(`/agency/imrs/${police}`)]);
		expect((await imrKinds(hana)).slice(1)).toEqual([soon(`/agency/imrs/${health}`)]);
		// The owner gets one for each agency's IMR, on the Unit's IMR page.
		expect((await imrKinds(world.ids.uma)).sort()).toEqual(
			[soon(`/imrs/${police}`), soon(`/imrs/${health}`)].sort()
		);
		const hanas = mailTo('hana@example.org');
		expect(hanas).toHaveLength(2);
		expect(hanas[1]?.text).toContain(
			`- An individual management review (IMR) is due in two working days: ${ORIGIN}/agency/imrs/${health}`
		);
	});

	it('overdue: an IMR sent, even not yet signed off, is received and no longer reminded; the other agency is, once', async () => {
		// Agnes sends the police IMR without its sign-off: "received, not signed off".
		await world.as.agnes.imrs.submit({
			requestId: police,
			clientId: newImrId(),
			imr: validImr(false)
		});
		const late = addWorkingDays(dueOn, 1);
		for (const time of ['08:00', '12:00']) await run(db, at(late, time));
		await run(db, at(addWorkingDays(dueOn, 5)));
		expect((await imrKinds(world.ids.agnes)).map(([kind]) => kind)).toEqual([
			'imr_requested',
			'imr_due_soon'
		]);
		expect((await imrKinds(hana)).slice(2)).toEqual([
			['imr_overdue', `/agency/imrs/${health}`, dueOn]
		]);
		const umas = (await imrKinds(world.ids.uma)).filter(([kind]) => kind === 'imr_overdue');
		expect(umas).toEqual([['imr_overdue', `/imrs/${health}`, dueOn]]);
		const hanas = mailTo('hana@example.org');
		expect(hanas).toHaveLength(3);
		expect(hanas[2]?.text).toContain('An individual management review (IMR) is overdue');
		for (const mail of smtp.received) {
			expect(mail.text).not.toMatch(CHILD);
			expect(mail.text).not.toContain('SCR-');
		}
	});
});

/** Three notifications with other children at risk, arrived two hours before `now`. */
async function urgentNotifications(world: ProcedureWorld, now: Date) {
	for (let i = 0; i < 3; i++) {
		await notificationReceivedAt(
			world.database.db,
			world.priya,
			minutes(now, -120),
			OTHER_CHILDREN_AT_RISK
		);
	}
}

describe('durable: a restart mid-run and a second server process send nothing twice', () => {
	it('a worker that dies after its first email: the next one sends the rest once, after the lease', async () => {
		smtp.received.length = 0;
		const world = await procedureWorld([]);
		const start = at(today, '10:00');
		await urgentNotifications(world, start);
		// Worker A sends one email, then hangs in the second send for ever: the process "dies".
		let calls = 0;
		let hung!: () => void;
		const hanging = new Promise<void>((resolve) => (hung = resolve));
		const dying: Mailer = {
			kind: 'smtp',
			async send(email: OutgoingEmail) {
				calls += 1;
				if (calls > 1) {
					hung();
					await new Promise(() => undefined);
				}
				await mailer.send(email);
			},
			close: () => undefined
		};
		void run(world.database.db, start, 'worker-a', dying);
		await hanging;
		expect(smtp.received).toHaveLength(1);

		// The server restarts: a new process, its own connection to the same file.
		const restarted = await openDatabase(world.database.url);
		try {
			// While worker A's lease runs, its claimed jobs are left alone.
			expect(await run(restarted.db, minutes(start, 1), 'worker-b')).toEqual({
				messages: 0,
				digests: 0,
				sent: 0
			});
			const afterLease = new Date(start.getTime() + MAIL_LEASE_MS + 60_000);
			const resumed = await run(restarted.db, afterLease, 'worker-b');
			expect(resumed.messages).toBe(0);
			expect(resumed.sent).toBe(5);
			expect((await run(restarted.db, minutes(afterLease, 10), 'worker-b')).sent).toBe(0);
		} finally {
			restarted.client.close();
		}
		// Two Unit members, three notifications: six emails, each once.
		expect(smtp.received).toHaveLength(6);
		expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(6);
		for (const address of ['uma@example.org', 'ursula@example.org']) {
			expect(mailTo(address)).toHaveLength(3);
		}
	});

	it('two server processes on one database at the same moment store each message and send each email once', async () => {
		smtp.received.length = 0;
		const world = await procedureWorld([]);
		for (const hour of ['10:00', '11:00', '12:00']) {
			const now = at(today, hour);
			await urgentNotifications(world, now);
			const [a, b] = await Promise.all(
				['worker-a', 'worker-b'].map((workerId) => workerProcess(world.database.url, now, workerId))
			);
			expect((a?.messages ?? 0) + (b?.messages ?? 0)).toBe(6);
			expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(6);
		}
		expect(smtp.received).toHaveLength(18);
		expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(18);
		const jobs = await world.database.db
			.select({ n: count() })
			.from(mailJobs)
			.where(eq(mailJobs.status, 'sent'));
		expect(jobs[0]?.n).toBe(18);
	}, 60_000);
});

/** Runs the reminders once in a separate Node process (tests/support/reminders-worker.ts). */
function workerProcess(url: string, now: Date, workerId: string): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			['--import', 'tsx', 'tests/support/reminders-worker.ts'],
			{
				env: {
					...process.env,
					DATABASE_URL: url,
					NOW: now.toISOString(),
					WORKER_ID: workerId,
					SMTP_URL: smtp.url
				},
				timeout: 30_000
			},
			(error, stdout) => {
				if (error) reject(new Error(`worker ${workerId} failed`, { cause: error }));
				else resolve(JSON.parse(stdout) as RunResult);
			}
		);
	});
}

describe('messages: each person reads and marks only their own', () => {
	it('marks read, counts unread, refuses bad input and ignores another person’s message', async () => {
		const world = await procedureWorld(['uma', 'ursula', 'agnes']);
		const { db } = world.database;
		const now = at(today, '10:00');
		await urgentNotifications(world, now);
		await run(db, now);
		const { as } = world;
		const mine = await as.uma.messages.list();
		expect(mine.unread).toBe(3);
		// The device's header count on the practitioner's pages comes from auth.me.
		expect((await as.uma.auth.me()).unreadMessages).toBe(3);
		expect(mine.messages.every((m) => !m.read)).toBe(true);
		const ursulas = await as.ursula.messages.list();
		const [firstOfUrsula] = ursulas.messages;
		if (!firstOfUrsula || !mine.messages[0]) throw new Error('no messages');

		// Uma names Ursula's message: nothing changes for either of them.
		expect(await as.uma.messages.markRead({ ids: [firstOfUrsula.id] })).toEqual({ marked: 0 });
		expect((await as.ursula.messages.unreadCount()).unread).toBe(3);
		expect(await as.uma.messages.markRead({ ids: [mine.messages[0].id] })).toEqual({ marked: 1 });
		expect((await as.uma.messages.unreadCount()).unread).toBe(2);
		expect(await as.uma.messages.markRead({ all: true })).toEqual({ marked: 2 });
		expect((await as.uma.messages.unreadCount()).unread).toBe(0);
		expect((await as.agnes.messages.list()).messages).toHaveLength(0);

		await expect(as.uma.messages.markRead({ ids: ['not-an-id'] })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(
			as.uma.messages.setEmailPreference({ email: 'hourly' as 'daily' })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await as.uma.messages.setEmailPreference({ email: 'urgent_only' });
		expect(await as.uma.messages.emailPreference()).toEqual({ email: 'urgent_only' });
		const audited = await db
			.select({ action: auditEvents.action, detail: auditEvents.detail })
			.from(auditEvents)
			.where(eq(auditEvents.actorId, world.ids.uma));
		expect(audited.filter((e) => e.action === 'message.read')).toHaveLength(2);
		expect(audited.find((e) => e.action === 'user.email_preference_changed')?.detail).toEqual({
			before: 'daily',
			after: 'urgent_only'
		});
	});
});

describe('without SMTP_URL', () => {
	it('writes each email as an .eml file under MAIL_DIR, for the demo', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'safeguard-mail-'));
		const files = mailerFromEnv({ MAIL_DIR: dir });
		expect(files.kind).toBe('files');
		await files.send({
			to: 'agency@demo.test',
			subject: 'Safeguard Tracker: A short report is overdue',
			text: `A short report is overdue.\n\nOpen it: ${ORIGIN}/agency/requests/r1`,
			messageId: '<job-1@safeguard-tracker>'
		});
		files.close();
		const [name, ...others] = readdirSync(dir);
		expect(others).toHaveLength(0);
		expect(name).toMatch(/\.eml$/);
		const eml = readFileSync(join(dir, name ?? ''), 'utf8');
		expect(eml).toMatch(/^To: agency@demo\.test$/m);
		expect(eml).toMatch(/^Subject: Safeguard Tracker: A short report is overdue$/m);
		expect(eml).toContain('/agency/requests/r1');
	});
});
