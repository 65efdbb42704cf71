import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database';
import { createPersonas, type PersonaName } from '../support/factories';
import { signedIn } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { notificationReceivedAt, sessionUser } from '../support/triage';
import type { Database } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/session';
import type { Problem } from '$lib/server/infra/problem';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { CaseClassification } from '$lib/domain/case/case-choices';

/*
 * §13.2 "A LSCB should always undertake a serious case review when a child dies (including death
 * by suicide), and abuse or neglect is known or suspected to be a factor in the child's death":
 * any other decision records the Chair's reason for departing from it. Through the real router.
 */

let database: Database;
type Caller = Awaited<ReturnType<typeof signedIn>>['caller'];
const as = {} as Record<PersonaName, Caller>;
let police: string;
let priya: SessionUser;
const today = todayIso();

beforeAll(async () => {
	database = await freshDatabase();
	const personas = await createPersonas(database.db);
	police = personas.agencies.police.id;
	for (const p of ['uma', 'chris'] as const) as[p] = (await signedIn(database.db, p)).caller;
	priya = await sessionUser(database.db, personas.ids.priya);
});

async function awaitingTheChair(classification: CaseClassification) {
	const notificationId = await notificationReceivedAt(database.db, priya, new Date());
	const { caseId } = await as.uma.triage.openCase({ notificationId, classification });
	const { version } = await as.uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'chair_decision',
		payload: {
			classification,
			reason: 'Criteria clearly met',
			securingAgencyIds: [police],
			filesSecureRequestedOn: today
		}
	});
	return { caseId, version };
}

const noFurtherAction = {
	decidedOn: today,
	rationale: 'Recorded in the minutes',
	filesHold: 'rescind',
	rescindInstructionOn: today
};

describe('§13.2 "A LSCB should always undertake a serious case review when a child dies … and abuse or neglect is known or suspected"', () => {
	it('refuses any other decision on a child death without the reason for departing, and changes nothing', async () => {
		const { caseId, version } = await awaitingTheChair('child_death');
		const refused = (await expectProblem(
			as.chris.cases.transition({
				id: caseId,
				version,
				to: 'no_further_action',
				payload: noFurtherAction
			}),
			'INVALID_INPUT'
		)) as Problem;
		expect(refused.fieldErrors?.departureReason).toMatch(
			/^Enter why the Chair departs from §13\.2/
		);
		expect((await as.chris.cases.get({ id: caseId })).version).toBe(version);
	});

	it('records the reason for departing and shows it in the timeline', async () => {
		const { caseId, version } = await awaitingTheChair('child_death');
		await as.chris.cases.transition({
			id: caseId,
			version,
			to: 'no_further_action',
			payload: {
				...noFurtherAction,
				departureReason: 'The death was accidental; the post-mortem found no neglect'
			}
		});
		const view = await as.uma.cases.get({ id: caseId });
		expect(view.timeline.at(-1)?.summary).toContain(
			`departing from §13.2's "should always": The death was accidental`
		);
	});

	it('asks no reason for an SCR on a child death, nor for another decision on serious harm', async () => {
		const death = await awaitingTheChair('child_death');
		await as.chris.cases.transition({
			id: death.caseId,
			version: death.version,
			to: 'scr_initiated',
			payload: { decidedOn: today, rationale: 'The criteria in §13.2 are met' }
		});
		const harm = await awaitingTheChair('serious_harm');
		await as.chris.cases.transition({
			id: harm.caseId,
			version: harm.version,
			to: 'no_further_action',
			payload: noFurtherAction
		});
		expect((await as.uma.cases.get({ id: harm.caseId })).state).toBe('no_further_action');
	});
});
