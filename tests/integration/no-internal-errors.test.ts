import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { procedureWorld, caseInTriage, type ProcedureWorld } from '../support/procedure';
import { callerFor, TestCookieJar } from '../support/callers';
import { expectProblem } from '../support/expect-problem';
import { brokenOf, validOf, type FuzzPools } from '../support/zod-arbitrary';
import { appRouter } from '$lib/server/trpc/root';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { encodeQueueCursor } from '$lib/domain/triage/queue-cursor';
import { TRANSITION_PAYLOADS } from '$lib/domain/case/transition-payloads';
import { todayIso } from '$lib/domain/calendar/iso-date';
import type { PersonaName } from '../support/factories';

// Issue 15: "No input makes a 500". First the three crafted inputs that did, then a fuzz test that
// builds inputs from every procedure's zod schema, and broken variants of them, and calls every
// procedure as every role through the in-process router: never an INTERNAL error, and a refused
// call writes nothing.

let world: ProcedureWorld;
let pools: FuzzPools;
let tables: string[];

beforeAll(async () => {
	world = await procedureWorld(['uma', 'ada']);
	const { caseId, notificationId } = await caseInTriage(world, 'serious_harm');
	const agencyIds = Object.values(world.agencies).map((agency) => agency.id);
	await world.as.uma.cases.transition({
		id: caseId,
		version: 1,
		to: 'gathering',
		payload: {
			classification: 'serious_harm',
			agencyIds: agencyIds.slice(0, 2),
			filesSecureRequestedOn: todayIso()
		}
	});
	const db = world.database.db;
	const idsOf = async (table: string) =>
		(await db.all<{ id: string }>(sql.raw(`SELECT id FROM ${table}`))).map((row) => row.id);
	pools = {
		uuids: [
			caseId,
			notificationId,
			...Object.values(world.ids),
			...agencyIds,
			...(await idsOf('short_report_requests'))
		],
		records: Object.values(TRANSITION_PAYLOADS).map((payload) =>
			typeof payload === 'function' ? payload({ today: todayIso() }) : payload
		)
	};
	tables = (
		await db.all<{ name: string }>(
			sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`
		)
	).map((row) => row.name);
});

/** Row counts of every table but the sign-in throttle (counting attempts is its job). */
async function rowCounts(): Promise<Record<string, number>> {
	const counted = tables.filter((t) => t !== 'sign_in_throttles');
	const select = counted.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ');
	const [row] = await world.database.db.all<Record<string, number>>(sql.raw(`SELECT ${select}`));
	return row ?? {};
}

describe('crafted inputs that made a 500 answer with a clear 4xx and change nothing', () => {
	it('a queue cursor with a time beyond the Date range is refused as out of date', async () => {
		const cursor = encodeQueueCursor({
			sort: 'deadline',
			pinRank: 0,
			dueOn: '2026-01-01',
			receivedAt: 8_640_000_000_000_001,
			id: 'x'
		});
		const error = await expectProblem(world.as.uma.triage.queue({ cursor }), 'INVALID_INPUT');
		expect(JSON.stringify(error)).toContain('out of date');
	});

	it('admin.createUser with an unknown agency id says which field is wrong and creates nobody', async () => {
		const before = await rowCounts();
		const error = await expectProblem(
			world.as.ada.admin.createUser({
				name: 'New Person',
				email: 'new.person@example.org',
				role: 'agency',
				agencyId: '01890a5d-ac96-774b-bcce-b302099a8057',
				password: 'a long enough password'
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(error)).toContain('Select an agency from the list');
		expect(await rowCounts()).toEqual(before);
	});

	it('40,000 agency ids in one transition are refused before the database sees them', async () => {
		const { caseId } = await caseInTriage(world, 'serious_harm');
		const before = await rowCounts();
		const agencyIds = Array.from({ length: 40_000 }, (_, i) => `agency-${i}`);
		const error = await expectProblem(
			world.as.uma.cases.transition({
				id: caseId,
				version: 1,
				to: 'gathering',
				payload: { classification: 'serious_harm', agencyIds, filesSecureRequestedOn: todayIso() }
			}),
			'INVALID_INPUT'
		);
		expect(JSON.stringify(error)).toContain('at most 50 agencies');
		expect(await rowCounts()).toEqual(before);
	});
});

const ROLES: (PersonaName | 'anonymous')[] = ['anonymous', 'pete', 'agnes', 'uma', 'chris', 'ada'];
const procedures = Object.entries(
	(appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures
) as [string, { _def: { inputs: unknown[] } }][];

/** A caller with a session of its own, so one procedure signing out does not end the others'. */
async function callerAs(role: PersonaName | 'anonymous', address: string) {
	const jar = new TestCookieJar();
	if (role !== 'anonymous') {
		const token = generateSessionToken();
		await createSession(world.database.db, token, world.ids[role]);
		jar.set(token, new Date(Date.now() + 60_000));
	}
	return callerFor(world.database.db, jar, address);
}

function call(caller: Awaited<ReturnType<typeof callerFor>>, path: string, input: unknown) {
	let target: unknown = caller;
	for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
	return (target as (input: unknown) => Promise<unknown>)(input);
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** Procedures whose refusals are audited (decisions 022, 023): they may add audit events. */
const AUDITED_REFUSALS = new Set(['auth.passkeySignIn', 'account.regenerateRecoveryCodes']);

describe('every procedure, as every role, with inputs from its schema and broken ones', () => {
	it('covers every procedure of the router', () => {
		expect(procedures.length).toBeGreaterThanOrEqual(35);
	});

	let address = 0;
	for (const [path, procedure] of procedures) {
		it(`${path}: never INTERNAL, and a refusal writes nothing`, async () => {
			const [schema] = procedure._def.inputs;
			const input = fc.oneof(validOf(schema, pools), brokenOf(schema, pools));
			for (const role of ROLES) {
				await fc.assert(
					fc.asyncProperty(input, async (value) => {
						// A fresh address each call: the sign-in limit is not what is being tested here.
						address++;
						const caller = await callerAs(role, `10.77.${address >> 8}.${address & 255}`);
						const before = await rowCounts();
						const outcome = await call(caller, path, value).then(
							() => null,
							(error: unknown) => error
						);
						if (outcome === null) return;
						if (!(outcome instanceof TRPCError)) {
							throw outcome instanceof Error ? outcome : new Error(JSON.stringify(outcome));
						}
						expect(outcome.code, `${path} as ${role}: ${String(outcome.cause)}`).not.toBe(
							'INTERNAL_SERVER_ERROR'
						);
						// A failed sign-in (by password or passkey) and a refused proof for new recovery
						// codes are audited by design: they may add audit events and nothing else.
						const after = await rowCounts();
						if (AUDITED_REFUSALS.has(path)) {
							delete after.audit_events;
							delete before.audit_events;
						}
						if (path !== 'auth.signIn') expect(after).toEqual(before);
					}),
					{ numRuns: RUNS, endOnFailure: true }
				);
			}
		}, 120_000);
	}
});
