import { eq } from 'drizzle-orm';
import { freshDatabase } from './database';
import { createPersonas, PASSWORD, type PersonaName } from './factories';
import { callerFor, signedIn, TestCookieJar } from './callers';
import { createUser } from '$lib/server/services/users/users';
import { shortReportRequests } from '$lib/server/db/schema';
import { notificationReceivedAt, sessionUser } from './triage';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { CaseClassification } from '$lib/domain/case/case-choices';

export type Caller = Awaited<ReturnType<typeof signedIn>>['caller'];

/**
 * What a procedure test starts from: a fresh database with the test personas, those named
 * signed in through the real procedure, and Priya to send notifications.
 */
export async function procedureWorld(signIn: readonly PersonaName[]) {
	const database = await freshDatabase();
	const { ids, agencies } = await createPersonas(database.db);
	const as = {} as Record<PersonaName, Caller>;
	for (const persona of signIn) as[persona] = (await signedIn(database.db, persona)).caller;
	const priya = await sessionUser(database.db, ids.priya);
	return { database, ids, agencies, as, priya };
}
export type ProcedureWorld = Awaited<ReturnType<typeof procedureWorld>>;

/** A notification received now, opened by Uma as a case in triage. */
export async function caseInTriage(world: ProcedureWorld, classification: CaseClassification) {
	const notificationId = await notificationReceivedAt(world.database.db, world.priya, new Date());
	const opened = await world.as.uma.triage.openCase({ notificationId, classification });
	return { ...opened, notificationId };
}

/** A case Uma sent straight to the Chair, the criteria clearly met, these agencies told. */
export async function awaitingTheChair(
	world: ProcedureWorld,
	classification: CaseClassification,
	securingAgencyIds: string[]
) {
	const { caseId } = await caseInTriage(world, classification);
	const { version } = await world.as.uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification,
			reason: 'Criteria clearly met',
			securingAgencyIds,
			filesSecureRequestedOn: todayIso()
		}
	});
	return { caseId, version };
}

/**
 * Hana, the health trust's lead, signed in: an agency other than Agnes's police, to prove that
 * each agency sees only its own.
 */
export async function healthAgencyLead(world: ProcedureWorld) {
	const { db } = world.database;
	const created = await createUser(db, {
		name: 'Hana Health',
		email: 'hana@example.org',
		role: 'agency',
		password: PASSWORD,
		agencyId: world.agencies.health.id
	});
	if (!created) throw new Error('hana not created');
	const jar = new TestCookieJar();
	await (await callerFor(db, jar)).auth.signIn({ email: 'hana@example.org', password: PASSWORD });
	return { caller: await callerFor(db, jar), user: await sessionUser(db, created.id) };
}

/** A case Uma moved into gathering, asking the police for a short report: its and the request's ids. */
export async function policeAskedForAReport(world: ProcedureWorld) {
	const { caseId } = await caseInTriage(world, 'serious_harm');
	await world.as.uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'gathering',
		payload: {
			classification: 'serious_harm',
			agencyIds: [world.agencies.police.id],
			filesSecureRequestedOn: todayIso()
		}
	});
	const [request] = await world.database.db
		.select({ id: shortReportRequests.id })
		.from(shortReportRequests)
		.where(eq(shortReportRequests.caseId, caseId));
	if (!request) throw new Error('the police were not asked for a report');
	return { caseId, requestId: request.id };
}
