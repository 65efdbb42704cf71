import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expectProblem } from '../support/expect-problem';
import {
	caseInTriage,
	healthAgencyLead,
	procedureWorld,
	type Caller,
	type ProcedureWorld
} from '../support/procedure';
import { childNamed, notificationReceivedAt, sessionUser } from '../support/triage';
import { auditEvents, shortReportRequests } from '$lib/server/db/schema';
import type { SessionUser } from '$lib/server/auth/session';
import { openAttachment, storeAttachment } from '$lib/server/services/agency/attachments';
import { verifyAuditChain } from '$lib/server/services/audit';
import { todayIso } from '$lib/domain/calendar/iso-date';

/*
 * §13.5 "The LSCB Manager will ask each relevant organisation for a short report ... findings
 * will be reported to the LSCB Chair" and §13.6 "The LSCB Chair is ultimately responsible for
 * deciding": the Chair reads every short report and nil return, with their files, and the
 * notifications that may be the same child or incident. Read-only and audited; an agency still
 * reads only its own, a practitioner none. Through the real router on a real database.
 */

let world: ProcedureWorld;
let as: ProcedureWorld['as'];
let hana: Caller;
const users = {} as Record<'agnes' | 'chris' | 'priya' | 'hana', SessionUser>;
let dir: string;
let caseId: string;
let policeRequest: string;
let healthRequest: string;
let sentFile: string;
let unsentFile: string;
const today = todayIso();
const PDF = new TextEncoder().encode(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

const JAMIE = childNamed('Jamie Example', '2021-04-02');

beforeAll(async () => {
	world = await procedureWorld(['uma', 'chris', 'agnes', 'priya']);
	({ as } = world);
	const { db } = world.database;
	const health = world.agencies.health.id;
	const police = world.agencies.police.id;
	({ caller: hana, user: users.hana } = await healthAgencyLead(world));
	for (const p of ['agnes', 'chris', 'priya'] as const)
		users[p] = await sessionUser(db, world.ids[p]);
	dir = mkdtempSync(join(tmpdir(), 'safeguard-chair-files-'));

	({ caseId } = await caseInTriage(world, 'serious_harm'));
	await as.uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'gathering',
		payload: {
			classification: 'serious_harm',
			agencyIds: [police, health],
			filesSecureRequestedOn: today
		}
	});
	const requests = await db
		.select()
		.from(shortReportRequests)
		.where(eq(shortReportRequests.caseId, caseId));
	policeRequest = requests.find((r) => r.agencyId === police)?.id ?? '';
	healthRequest = requests.find((r) => r.agencyId === health)?.id ?? '';
	sentFile = (await storeAttachment(db, users.agnes, { name: 'chronology.pdf', bytes: PDF }, dir))
		.id;
	unsentFile = (
		await storeAttachment(
			db,
			users.agnes,
			{ name: 'draft.pdf', bytes: new Uint8Array([...PDF, 0x0a]) },
			dir
		)
	).id;
	await as.agnes.agency.submitReport({
		requestId: policeRequest,
		clientId: uuidv7(),
		attachmentIds: [sentFile],
		report: {
			involvementFrom: '2025-01-06',
			involvementTo: today,
			keyContacts: [{ date: '2025-03-01', contact: 'Welfare visit after a neighbour called' }],
			lastContactOn: today,
			concernsAndAction: 'Bruising seen at the welfare visit; referred to children’s social care.',
			immediateSteps: 'Strategy discussion held the same day.',
			recordsSecured: 'yes',
			recordsSecuredOn: today,
			earlyLearning: 'None identified yet.',
			criteriaView: 'The criteria in §13.2 appear to be met.',
			author: { name: 'Agnes Agency', role: 'Detective Sergeant' },
			signOff: { leadName: 'DI Lead', confirmed: true }
		}
	});
	await hana.agency.nilReturn({
		requestId: healthRequest,
		clientId: uuidv7(),
		author: { name: 'Hana Health', role: 'Named nurse' },
		confirm: true
	});
});

/** The attachment service refuses as the endpoint answers: as if the file did not exist. */
const refusedAsNotFound = (call: Promise<unknown>) => expectProblem(call, 'NOT_FOUND');

async function auditedBy(userId: string, action: string, recordId: string) {
	return world.database.db
		.select()
		.from(auditEvents)
		.where(
			and(
				eq(auditEvents.actorId, userId),
				eq(auditEvents.action, action),
				eq(auditEvents.recordId, recordId)
			)
		);
}

describe('§13.5 "findings will be reported to the LSCB Chair": the Chair reads every short report and nil return, with their files', () => {
	it('reads a short report with its files and a nil return, each read audited', async () => {
		const report = await as.chris.agency.request({ id: policeRequest });
		expect(report.caseId).toBe(caseId);
		expect(report.versions).toHaveLength(1);
		expect(report.versions[0]?.report?.concernsAndAction).toMatch(/^Bruising seen/);
		expect(report.versions[0]?.attachments.map((a) => a.id)).toEqual([sentFile]);
		const nil = await as.chris.agency.request({ id: healthRequest });
		expect(nil.versions[0]?.kind).toBe('nil_return');
		expect(
			await auditedBy(users.chris.id, 'short_report_request.viewed', policeRequest)
		).toHaveLength(1);
		expect(
			await auditedBy(users.chris.id, 'short_report_request.viewed', healthRequest)
		).toHaveLength(1);
	});

	it('opens a file sent with a report, audited, but not one uploaded and never sent', async () => {
		const { bytes, attachment } = await openAttachment(
			world.database.db,
			users.chris,
			sentFile,
			dir
		);
		expect(attachment.name).toBe('chronology.pdf');
		expect(bytes).toEqual(PDF);
		expect(await auditedBy(users.chris.id, 'attachment.downloaded', sentFile)).toHaveLength(1);
		await refusedAsNotFound(openAttachment(world.database.db, users.chris, unsentFile, dir));
	});

	it('only reads: the Chair cannot answer a request nor acknowledge for an agency', async () => {
		await expectProblem(
			as.chris.agency.nilReturn({
				requestId: policeRequest,
				clientId: uuidv7(),
				author: { name: 'Chris Chair', role: 'Chair' },
				confirm: true
			}),
			'FORBIDDEN_ROLE'
		);
		await expectProblem(
			as.chris.agency.acknowledgeFilesSecured({ instructionId: crypto.randomUUID() }),
			'FORBIDDEN_ROLE'
		);
		expect((await as.chris.agency.request({ id: policeRequest })).versions).toHaveLength(1);
	});

	it('leaves an agency reading only its own, and a practitioner nothing', async () => {
		await expectProblem(hana.agency.request({ id: policeRequest }), 'NOT_FOUND');
		await refusedAsNotFound(openAttachment(world.database.db, users.hana, sentFile, dir));
		expect((await hana.agency.request({ id: healthRequest })).caseId).toBeNull();
		expect((await as.agnes.agency.request({ id: policeRequest })).caseId).toBeNull();
		await expectProblem(as.priya.agency.request({ id: policeRequest }), 'FORBIDDEN_ROLE');
		await refusedAsNotFound(openAttachment(world.database.db, users.priya, sentFile, dir));
		expect(await verifyAuditChain(world.database.db)).toMatchObject({ ok: true });
	});
});

describe('§13.5 "A decision to undertake a SCR will depend on the information from the notification and the information from the reports"', () => {
	it('the Chair reads each notification in the case whole, each read audited; an agency or practitioner cannot', async () => {
		const forms = await as.chris.cases.notifications({ id: caseId });
		expect(forms).toHaveLength(1);
		const [first] = forms;
		expect(first?.form.outline).toBe(
			'Admitted to hospital with injuries not consistent with the account given.'
		);
		expect(await auditedBy(users.chris.id, 'notification.viewed', first?.id ?? '')).toHaveLength(1);
		await expectProblem(as.agnes.cases.notifications({ id: caseId }), 'FORBIDDEN_ROLE');
		await expectProblem(as.priya.cases.notifications({ id: caseId }), 'FORBIDDEN_ROLE');
	});
});

describe('§13.6: the Chair reads the notifications that may be the same child or incident', () => {
	it('lists, on the case, other notifications and cases naming the same child', async () => {
		const { caseId: first, notificationId } = await caseInTriage(world, 'serious_harm');
		const sameChild = { children: [JAMIE], incidentDate: '2026-10-01' };
		const { caseId: second } = await (async () => {
			const id = await notificationReceivedAt(
				world.database.db,
				world.priya,
				new Date(),
				sameChild
			);
			return as.uma.triage.openCase({ notificationId: id, classification: 'serious_harm' });
		})();
		const waiting = await notificationReceivedAt(world.database.db, world.priya, new Date(), {
			...sameChild,
			incidentDate: '2026-09-01'
		});
		const view = await as.chris.cases.get({ id: first });
		expect(view.notifications.map((n) => n.id)).toEqual([notificationId]);
		expect(view.possibleDuplicates.cases.map((c) => c.id)).toContain(second);
		expect(view.possibleDuplicates.cases.map((c) => c.id)).not.toContain(first);
		const listed = view.possibleDuplicates.notifications.find((n) => n.id === waiting);
		expect(listed?.matchedOn).toEqual(['name_dob']);
		expect(view.possibleDuplicates.notifications.map((n) => n.id)).not.toContain(notificationId);
	});
});
