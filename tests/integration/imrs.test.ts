import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { expectProblem } from '../support/expect-problem';
import {
	healthAgencyLead,
	procedureWorld,
	type Caller,
	type ProcedureWorld
} from '../support/procedure';
import { newImrId, scrDecidedCase, validImr } from '../support/imrs';
import { sessionUser } from '../support/triage';
import {
	auditEvents,
	caseEvents,
	filesSecuredInstructions,
	imrRequests,
	imrVersions
} from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { listCaseImrRequests } from '$lib/server/services/imrs/imrs';
import { openAttachment, storeAttachment } from '$lib/server/services/agency/attachments';
import { addCalendarDays, todayIso } from '$lib/domain/calendar/iso-date';
import { addWorkingDays, workingDaysBetween } from '$lib/domain/calendar/working-days';

// IMR requests and IMRs (§13.6, §13.9, docs/decisions/026): every procedure for every role, and
// the scope that keeps each agency to its own requests.

let world: ProcedureWorld;
let as: ProcedureWorld['as'] & { hana: Caller };
let hana: SessionUser;
let agnes: SessionUser;
let uma: SessionUser;
let police: string;
let health: string;
const today = todayIso();
const dueOn = addWorkingDays(today, 20);

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes', 'priya', 'ada']);
	const lead = await healthAgencyLead(world);
	as = { ...world.as, hana: lead.caller };
	hana = lead.user;
	agnes = await sessionUser(world.database.db, world.ids.agnes);
	uma = await sessionUser(world.database.db, world.ids.uma);
	police = world.agencies.police.id;
	health = world.agencies.health.id;
	process.env.ATTACHMENTS_DIR = mkdtempSync(join(tmpdir(), 'safeguard-imr-files-'));
});

const db = () => world.database.db;

/** A case with IMR requests sent today to police and health; their ids by agency. */
async function caseWithImrRequests() {
	const { caseId, version } = await scrDecidedCase(world);
	const sent = await as.uma.imrs.send({ id: caseId, version, agencyIds: [police, health], dueOn });
	const rows = await db()
		.select({ id: imrRequests.id, agencyId: imrRequests.agencyId })
		.from(imrRequests)
		.where(eq(imrRequests.caseId, caseId));
	const byAgency = Object.fromEntries(rows.map((r) => [r.agencyId, r.id]));
	return {
		caseId,
		version: sent.version,
		police: byAgency[police] ?? '',
		health: byAgency[health] ?? ''
	};
}

async function auditCount(action: string, recordId: string) {
	const rows = await db()
		.select({ seq: auditEvents.seq })
		.from(auditEvents)
		.where(and(eq(auditEvents.action, action), eq(auditEvents.recordId, recordId)));
	return rows.length;
}

describe('imrs.send', () => {
	it('the Unit sends a letter from the template to each agency, records T8 from them, audited, in the timeline', async () => {
		const { caseId, version } = await scrDecidedCase(world);
		const sent = await as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [police, health],
			dueOn
		});
		expect(sent.version).toBe(version + 1);
		expect(sent.requested.sort()).toEqual([police, health].sort());
		const rows = await db().select().from(imrRequests).where(eq(imrRequests.caseId, caseId));
		expect(rows).toHaveLength(2);
		const view = await as.uma.cases.get({ id: caseId });
		for (const row of rows) {
			expect(row.sentOn).toBe(today);
			expect(row.dueOn).toBe(dueOn);
			expect(row.letter).toContain(view.reference);
			expect(row.letter).toContain('Individual Management Review');
			expect(row.addressedTo).toMatch(/^The Chief Executive \(or equivalent\), /);
		}
		expect(view.timeline.at(-1)).toMatchObject({ action: 'imrs_requested' });
		expect(view.clocks.find((c) => c.id === 'T8')).toMatchObject({ status: 'met', metOn: today });
		expect(await auditCount('case.imrs_requested', caseId)).toBe(1);
		// Under the files-secured hold each agency asked is told to secure its files.
		const told = await db()
			.select({ agencyId: filesSecuredInstructions.agencyId })
			.from(filesSecuredInstructions)
			.where(eq(filesSecuredInstructions.caseId, caseId));
		expect(told.map((t) => t.agencyId).sort()).toEqual([police, health].sort());
	});

	it('is refused to the Chair, an agency, a practitioner and an administrator, and changes nothing', async () => {
		const { caseId, version } = await scrDecidedCase(world);
		for (const who of ['chris', 'agnes', 'priya', 'ada'] as const) {
			await expectProblem(
				as[who].imrs.send({ id: caseId, version, agencyIds: [police], dueOn }),
				'FORBIDDEN_ROLE'
			);
		}
		expect(await db().select().from(imrRequests).where(eq(imrRequests.caseId, caseId))).toEqual([]);
		expect((await as.uma.cases.get({ id: caseId })).version).toBe(version);
	});

	it('refuses a case with no decision to hold an SCR, dates out of order, unknown or already asked agencies', async () => {
		const { caseId, version } = await scrDecidedCase(world);
		const future = await expectProblem(
			as.uma.imrs.send({
				id: caseId,
				version,
				agencyIds: [police],
				sentOn: addCalendarDays(today, 1),
				dueOn
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(future)).toContain('today or in the past');
		const early = await expectProblem(
			as.uma.imrs.send({ id: caseId, version, agencyIds: [police], dueOn: today }),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(early)).toContain('must be after the date the letters were sent');
		await expectProblem(
			as.uma.imrs.send({ id: caseId, version, agencyIds: [crypto.randomUUID()], dueOn }),
			'INVALID_INPUT'
		);
		await expectProblem(
			as.uma.imrs.send({ id: caseId, version, agencyIds: [], dueOn }),
			'INVALID_INPUT'
		);
		await expectProblem(
			as.uma.imrs.send({ id: caseId, version, agencyIds: [police], dueOn: '2026-02-30' }),
			'INVALID_INPUT'
		);
		await expectProblem(
			as.uma.imrs.send({ id: caseId, version, agencyIds: [police], dueOn: '2150-01-01' }),
			'INVALID_INPUT'
		);
		const { version: v2 } = await as.uma.imrs.send({
			id: caseId,
			version,
			agencyIds: [police],
			dueOn
		});
		const again = await expectProblem(
			as.uma.imrs.send({ id: caseId, version: v2, agencyIds: [police], dueOn }),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(again)).toContain('already been asked');
		await expectProblem(
			as.uma.imrs.send({ id: caseId, version, agencyIds: [health], dueOn }),
			'VERSION_CONFLICT'
		);
		// A case still waiting for the Chair has no decision to hold an SCR.
		const { awaitingTheChair } = await import('../support/procedure');
		const waiting = await awaitingTheChair(world, 'child_death', [police]);
		const refused = await expectProblem(
			as.uma.imrs.send({
				id: waiting.caseId,
				version: waiting.version,
				agencyIds: [police],
				dueOn
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(refused)).toContain('decision to hold a Serious Case Review');
	});
});

describe('imrs.forCase', () => {
	it('shows the Unit and the Chair each agency’s status, each read audited; others are refused', async () => {
		const { caseId } = await caseWithImrRequests();
		for (const who of ['uma', 'chris'] as const) {
			const rows = await as[who].imrs.forCase({ caseId });
			expect(rows.map((r) => r.status)).toEqual(['requested', 'requested']);
		}
		expect(await auditCount('case.imrs_viewed', caseId)).toBe(2);
		for (const who of ['agnes', 'hana', 'priya', 'ada'] as const) {
			await expectProblem(as[who].imrs.forCase({ caseId }), 'FORBIDDEN_ROLE');
		}
		await expectProblem(as.uma.imrs.forCase({ caseId: crypto.randomUUID() }), 'NOT_FOUND');
	});

	it('shows a request past its due date as overdue, by working days on the England calendar', async () => {
		const { caseId } = await caseWithImrRequests();
		const later = addWorkingDays(dueOn, 3);
		const rows = await listCaseImrRequests(db(), uma, caseId, new Date(`${later}T12:00:00Z`));
		expect(rows.map((r) => [r.status, r.workingDaysOverdue])).toEqual([
			['overdue', workingDaysBetween(dueOn, later)],
			['overdue', 3]
		]);
	});
});

describe('imrs.mine and imrs.request: an agency sees only its own', () => {
	it('each agency lists only its own requests; the Unit and the Chair have no inbox', async () => {
		const { police: p, health: h } = await caseWithImrRequests();
		const agnesRows = await as.agnes.imrs.mine();
		const hanaRows = await as.hana.imrs.mine();
		expect(agnesRows.map((r) => r.id)).toContain(p);
		expect(agnesRows.map((r) => r.id)).not.toContain(h);
		expect(agnesRows.every((r) => r.agencyId === police)).toBe(true);
		expect(hanaRows.map((r) => r.id)).toContain(h);
		expect(hanaRows.every((r) => r.agencyId === health)).toBe(true);
		for (const who of ['uma', 'chris', 'priya', 'ada'] as const) {
			await expectProblem(as[who].imrs.mine(), 'FORBIDDEN_ROLE');
		}
	});

	it('agency B never reads agency A’s request, nor a crafted id; the Unit and the Chair read any, audited', async () => {
		const { police: p, health: h } = await caseWithImrRequests();
		await expectProblem(as.hana.imrs.request({ id: p }), 'NOT_FOUND');
		await expectProblem(as.agnes.imrs.request({ id: h }), 'NOT_FOUND');
		await expectProblem(as.agnes.imrs.request({ id: crypto.randomUUID() }), 'NOT_FOUND');
		await expectProblem(as.agnes.imrs.request({ id: 'not-an-id' }), 'INVALID_INPUT');
		for (const who of ['priya', 'ada'] as const) {
			await expectProblem(as[who].imrs.request({ id: p }), 'FORBIDDEN_ROLE');
		}
		const own = await as.agnes.imrs.request({ id: p });
		expect(own.caseId).toBeNull();
		expect(own.letter).toContain('Individual Management Review');
		expect(own.children.length).toBeGreaterThan(0);
		const unit = await as.uma.imrs.request({ id: p });
		const chair = await as.chris.imrs.request({ id: h });
		expect(unit.caseId).not.toBeNull();
		expect(chair.agencyId).toBe(health);
		expect(await auditCount('imr_request.viewed', p)).toBe(2);
		expect(await auditCount('imr_request.viewed', h)).toBe(1);
	});
});

describe('imrs.submit', () => {
	it('received without sign-off, signed off in a later version; both kept, the first unchanged', async () => {
		const { caseId, police: p } = await caseWithImrRequests();
		const caseVersion = (await as.uma.cases.get({ id: caseId })).version;
		const first = await as.agnes.imrs.submit({
			requestId: p,
			clientId: newImrId(),
			imr: validImr(false)
		});
		expect(first).toMatchObject({ version: 1, signedOff: false, replayed: false });
		let rows = await as.uma.imrs.forCase({ caseId });
		expect(rows.find((r) => r.id === p)).toMatchObject({ status: 'received', latestVersion: 1 });
		const [stored] = await db().select().from(imrVersions).where(eq(imrVersions.id, first.id));
		const second = await as.agnes.imrs.submit({
			requestId: p,
			clientId: newImrId(),
			supersedesId: first.id,
			imr: validImr(true)
		});
		expect(second).toMatchObject({ version: 2, signedOff: true });
		rows = await as.chris.imrs.forCase({ caseId });
		expect(rows.find((r) => r.id === p)).toMatchObject({
			status: 'signed_off',
			signedOffOn: today
		});
		const view = await as.chris.imrs.request({ id: p });
		expect(view.versions.map((v) => [v.version, v.signedOff])).toEqual([
			[2, true],
			[1, false]
		]);
		expect(view.versions[1]?.imr.chronology).toHaveLength(2);
		const [after] = await db().select().from(imrVersions).where(eq(imrVersions.id, first.id));
		expect(after).toEqual(stored);
		// In the timeline, without making the Unit's open forms stale; audited.
		const caseView = await as.uma.cases.get({ id: caseId });
		expect(caseView.version).toBe(caseVersion);
		expect(caseView.timeline.filter((e) => e.action === 'imr_submitted')).toHaveLength(2);
		expect(await auditCount('imr.submitted', p)).toBe(2);
	});

	it('a resend is the same version; another first version, a stale one or a reused id is refused', async () => {
		const { police: p } = await caseWithImrRequests();
		const clientId = newImrId();
		const first = await as.agnes.imrs.submit({ requestId: p, clientId, imr: validImr() });
		const again = await as.agnes.imrs.submit({ requestId: p, clientId, imr: validImr() });
		expect(again).toMatchObject({ id: first.id, version: 1, replayed: true });
		await expectProblem(
			as.agnes.imrs.submit({ requestId: p, clientId, imr: validImr(false) }),
			'REPORT_ID_CONFLICT'
		);
		await expectProblem(
			as.agnes.imrs.submit({ requestId: p, clientId: newImrId(), imr: validImr() }),
			'REQUEST_ANSWERED'
		);
		const second = await as.agnes.imrs.submit({
			requestId: p,
			clientId: newImrId(),
			supersedesId: first.id,
			imr: validImr()
		});
		await expectProblem(
			as.agnes.imrs.submit({
				requestId: p,
				clientId: newImrId(),
				supersedesId: first.id,
				imr: validImr()
			}),
			'REPORT_SUPERSEDED'
		);
		expect(second.version).toBe(2);
		const versions = await db().select().from(imrVersions).where(eq(imrVersions.requestId, p));
		expect(versions).toHaveLength(2);
	});

	it('agency B cannot answer agency A’s request; the Unit, the Chair and others cannot answer at all', async () => {
		const { police: p } = await caseWithImrRequests();
		await expectProblem(
			as.hana.imrs.submit({ requestId: p, clientId: newImrId(), imr: validImr() }),
			'NOT_FOUND'
		);
		await expectProblem(
			as.hana.imrs.submit({
				requestId: crypto.randomUUID(),
				clientId: newImrId(),
				imr: validImr()
			}),
			'NOT_FOUND'
		);
		for (const who of ['uma', 'chris', 'priya', 'ada'] as const) {
			await expectProblem(
				as[who].imrs.submit({ requestId: p, clientId: newImrId(), imr: validImr() }),
				'FORBIDDEN_ROLE'
			);
		}
		expect(await db().select().from(imrVersions).where(eq(imrVersions.requestId, p))).toEqual([]);
	});

	it('refuses an IMR with no chronology, a future date or a half-filled sign-off, naming each field', async () => {
		const { police: p } = await caseWithImrRequests();
		const error = await expectProblem(
			as.agnes.imrs.submit({
				requestId: p,
				clientId: newImrId(),
				imr: {
					...validImr(false, { chronology: [] }),
					analysis: '',
					signOff: { name: 'Sam', role: '', signedOffOn: addCalendarDays(today, 5) }
				}
			}),
			'INVALID_INPUT'
		);
		const paths = JSON.stringify(error);
		for (const field of ['chronology', 'analysis', 'role', 'signedOffOn'])
			expect(paths).toContain(field);
		const tooMany = await expectProblem(
			as.agnes.imrs.submit({
				requestId: p,
				clientId: newImrId(),
				imr: validImr(true, {
					chronology: Array.from({ length: 201 }, () => validImr().chronology[0]!)
				})
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(tooMany)).toContain('at most 200');
		expect(await db().select().from(imrVersions).where(eq(imrVersions.requestId, p))).toEqual([]);
	});

	it('attaches the agency’s own files, which the Chair may open; another agency’s file is refused', async () => {
		const { police: p, health: h } = await caseWithImrRequests();
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
		const file = await storeAttachment(db(), agnes, { name: 'chronology.pdf', bytes: pdf });
		await expectProblem(
			as.hana.imrs.submit({
				requestId: h,
				clientId: newImrId(),
				imr: validImr(),
				attachmentIds: [file.id]
			}),
			'INVALID_INPUT'
		);
		await as.agnes.imrs.submit({
			requestId: p,
			clientId: newImrId(),
			imr: validImr(),
			attachmentIds: [file.id]
		});
		const view = await as.chris.imrs.request({ id: p });
		expect(view.versions[0]?.attachments.map((a) => a.id)).toEqual([file.id]);
		const chris = await sessionUser(db(), world.ids.chris);
		const opened = await openAttachment(db(), chris, file.id);
		expect(opened.bytes.byteLength).toBe(pdf.byteLength);
		await expect(openAttachment(db(), hana, file.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('T8 from the letters, and typed dates on cases without them', () => {
	it('refuses a typed letters date once the case has letters; a case without them still takes one', async () => {
		const { caseId, version } = await caseWithImrRequests();
		const refused = await expectProblem(
			as.uma.cases.recordDate({ id: caseId, version, name: 'lettersSentOn', date: today }),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(refused)).toContain('follow from them');
		const older = await scrDecidedCase(world);
		await as.uma.cases.recordDate({
			id: older.caseId,
			version: older.version,
			name: 'lettersSentOn',
			date: today
		});
		const view = await as.uma.cases.get({ id: older.caseId });
		expect(view.clocks.find((c) => c.id === 'T8')).toMatchObject({ status: 'met', metOn: today });
		const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, older.caseId));
		expect(events.some((e) => e.kind === 'date_recorded')).toBe(true);
	});
});
