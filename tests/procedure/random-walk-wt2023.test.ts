import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { walkTemplate, walkWorld, type WalkTemplate, type WalkWorld } from '../support/walk/world';
import { notificationReceivedAt, sessionUser } from '../support/triage';
import { underSetting, wt2023Payload } from '../support/wt2023';
import { fileUrlOf } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import { addCalendarMonths, todayIso, type IsoDate } from '$lib/domain/calendar/iso-date';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { WT2023_STATES } from '$lib/domain/procedure-presets/wt2023-states';
import { eq } from 'drizzle-orm';

/*
 * The Working Together 2023 preset as a random walk (model-based testing with fast-check), the
 * counterpart of random-walk.test.ts for the seed's: random moves to random states by the Unit,
 * the LSCB Chair or a practitioner, with payloads whole or missing a field, through the real
 * router on a real libSQL file database. The model below restates the procedure in its own words
 * (docs/procedure-wt2023.md), not by calling the table under test, so a wrong rule in the table
 * shows up as a difference. After every step: the stored state and version are the model's; a
 * refused call wrote nothing; every clock's due date is its source's count from its anchor, and
 * no seed clock runs; the audit chain verifies.
 *
 * A run may first take its first case some way along the road (ROAD), so walks reach the
 * review's end as often as its start.
 *
 * WALK_RUNS sets the number of runs (60 by default), WALK_SEED replays a failing run's seed.
 */

const RUNS = Number(process.env.WALK_RUNS ?? 60);
const STEPS = 40;
const today = todayIso();

/** Where the guidance lets a case go from each state, and nowhere else (the model). */
const ONWARDS: Record<string, string[]> = {
	incident_recorded: ['notification_decision'],
	notification_decision: ['panel_notified', 'not_notifiable'],
	not_notifiable: ['closed'],
	panel_notified: ['rapid_review_sent', 'not_notifiable'],
	rapid_review_sent: ['national_review', 'lcspr_decision'],
	national_review: ['closed'],
	lcspr_decision: ['lcspr_commissioned', 'no_lcspr'],
	no_lcspr: ['closed'],
	lcspr_commissioned: ['final_report_received'],
	final_report_received: ['published', 'publication_deferred'],
	publication_deferred: ['published'],
	published: ['closed'],
	closed: []
};

/** Targets a step may aim at: every WT2023 state and a few of the seed's, which must be refused. */
const TARGETS = [...WT2023_STATES, 'triage', 'chair_decision', 'scr_initiated'] as const;
const WHO = ['uma', 'uma', 'uma', 'uma', 'chris', 'priya'] as const;

interface ModelCase {
	id: string;
	state: string;
	version: number;
	/** The child was looked after and died: the death must be told whatever the decision. */
	lacDeath: boolean;
	/** Dates the model expects recorded; every move in the walk records today. */
	dates: Record<string, IsoDate>;
}

/** The dates a move records in the model's own words. */
function datesOf(key: string, lacDeath: boolean): string[] {
	switch (key) {
		case 'incident_recorded->notification_decision':
			return lacDeath ? ['becameAwareOn', 'lacDeathKnownOn'] : ['becameAwareOn'];
		case 'notification_decision->panel_notified':
			return ['panelNotifiedOn', 'partnersInformedOn', ...(lacDeath ? ['lacDeathNotifiedOn'] : [])];
		case 'notification_decision->not_notifiable':
		case 'panel_notified->not_notifiable':
			return ['notNotifiableOn', ...(lacDeath ? ['lacDeathNotifiedOn'] : [])];
		case 'panel_notified->rapid_review_sent':
			return ['rapidReviewSentOn'];
		case 'rapid_review_sent->national_review':
		case 'rapid_review_sent->lcspr_decision':
			return ['panelAnswerOn'];
		case 'lcspr_decision->lcspr_commissioned':
			return ['lcsprCommissionedOn'];
		case 'lcspr_commissioned->final_report_received':
			return ['finalReportReceivedOn'];
		case 'final_report_received->published':
		case 'publication_deferred->published':
			return ['prePublicationSentOn', 'publishedOn'];
		case 'final_report_received->publication_deferred':
			return ['publicationDeferredOn', 'publicationReviewOn'];
		default:
			return key.endsWith('->closed') ? ['closedOn'] : [];
	}
}

/** Each clock as its source counts it (docs/procedure-wt2023.md): id, anchor, due date, met by. */
const CLOCKS: { id: string; from: string; due: (d: IsoDate) => IsoDate; metBy: string[] }[] = [
	{
		id: 'WT1',
		from: 'becameAwareOn',
		due: (d) => addWorkingDays(d, 5),
		metBy: ['panelNotifiedOn', 'notNotifiableOn']
	},
	{
		id: 'WT2',
		from: 'becameAwareOn',
		due: (d) => addWorkingDays(d, 5),
		metBy: ['partnersInformedOn', 'notNotifiableOn']
	},
	{
		id: 'WT3',
		from: 'panelNotifiedOn',
		due: (d) => addWorkingDays(d, 15),
		metBy: ['rapidReviewSentOn', 'notNotifiableOn']
	},
	{
		id: 'WT4',
		from: 'lacDeathKnownOn',
		due: (d) => addWorkingDays(d, 5),
		metBy: ['lacDeathNotifiedOn']
	},
	{
		id: 'WT5',
		from: 'lcsprCommissionedOn',
		due: (d) => addCalendarMonths(d, 6),
		metBy: ['publishedOn']
	},
	{
		id: 'wt_publication_deferral',
		from: 'publicationDeferredOn',
		due: () => today,
		metBy: ['publishedOn']
	}
];

interface Step {
	open: boolean;
	target: number;
	to: number;
	who: number;
	/** -1: the whole payload; otherwise the index of a required field to leave out. */
	drop: number;
	lac: boolean;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
	open: fc.nat({ max: 15 }).map((n) => n === 0),
	target: fc.nat({ max: 1_000 }),
	// Most steps aim at a state the model allows, so walks get far; the rest at any state.
	to: fc.integer({ min: -2 * TARGETS.length, max: TARGETS.length - 1 }),
	who: fc.nat({ max: WHO.length - 1 }),
	drop: fc.integer({ min: -24, max: 11 }).map((n) => (n < 0 ? -1 : n)),
	lac: fc.nat({ max: 3 }).map((n) => n === 0)
});

async function snapshot(world: WalkWorld): Promise<string> {
	const parts: unknown[] = [];
	for (const table of ['cases', 'case_events', 'notifications'])
		parts.push((await world.database.client.execute(`SELECT * FROM ${table}`)).rows);
	parts.push((await world.database.client.execute('SELECT count(*) FROM audit_events')).rows);
	return JSON.stringify(parts);
}

async function openCase(world: WalkWorld, model: ModelCase[]) {
	const [priya] = await world.database.db
		.select()
		.from(users)
		.where(eq(users.email, 'priya@example.org'));
	const user = await sessionUser(world.database.db, priya?.id ?? '');
	const notificationId = await notificationReceivedAt(world.database.db, user, new Date());
	const { caseId } = await underSetting('wt_2023', () =>
		world.as.uma.triage.openCase({ notificationId, classification: 'serious_harm' })
	);
	model.push({
		id: caseId,
		state: 'incident_recorded',
		version: 1,
		lacDeath: false,
		dates: { becameAwareOn: today }
	});
}

async function check(world: WalkWorld, model: ModelCase[], trace: string[]) {
	for (const c of model) {
		const view = await world.as.uma.cases.get({ id: c.id });
		const where = `case ${model.indexOf(c) + 1}`;
		expect({ state: view.state, version: view.version, procedure: view.procedure }, where).toEqual({
			state: c.state,
			version: c.version,
			procedure: 'wt_2023'
		});
		for (const [name, date] of Object.entries(c.dates))
			expect(view.dates[name as never], `${where} ${name}`).toBe(date);
		const expected: Record<string, { dueOn: IsoDate; met: boolean }> = {};
		for (const definition of CLOCKS) {
			const anchor = c.dates[definition.from];
			if (anchor === undefined) continue;
			const met = definition.metBy.some((name) => c.dates[name] !== undefined);
			if (c.state === 'closed' && !met) continue;
			expected[definition.id] = { dueOn: definition.due(anchor), met };
		}
		const actual = Object.fromEntries(
			view.clocks.map((k) => [k.id, { dueOn: k.dueOn, met: k.status === 'met' }])
		);
		expect(actual, `${where} clocks\n${trace.join('\n')}`).toEqual(expected);
	}
	const chain = await verifyAuditChain(world.database.db);
	expect(chain.ok, JSON.stringify(chain)).toBe(true);
}

/** The road a run may start along before its random steps, so walks reach the review's end. */
const ROAD = [
	'incident_recorded->notification_decision',
	'notification_decision->panel_notified',
	'panel_notified->rapid_review_sent',
	'rapid_review_sent->lcspr_decision',
	'lcspr_decision->lcspr_commissioned',
	'lcspr_commissioned->final_report_received',
	'final_report_received->publication_deferred'
];

async function runWalk(template: WalkTemplate, steps: readonly Step[], start = 0) {
	const world = await walkWorld(template);
	const model: ModelCase[] = [];
	const trace: string[] = [];
	const report = { accepted: 0, refused: 0, states: new Set<string>() };
	try {
		await openCase(world, model);
		const first = model[0] as ModelCase;
		for (const key of ROAD.slice(0, start)) {
			const to = key.split('->')[1] as string;
			trace.push(`${trace.length + 1}. uma: case 1 ${key} (the road)`);
			await world.as.uma.cases.transition({
				id: first.id,
				version: first.version,
				to: to as never,
				payload: wt2023Payload(key, today)
			});
			for (const name of datesOf(key, false)) first.dates[name] = today;
			first.state = to;
			first.version += 1;
		}
		await check(world, model, trace);
		for (const step of steps) {
			if (step.open) {
				trace.push(`${trace.length + 1}. open a case`);
				await openCase(world, model);
				await check(world, model, trace);
				continue;
			}
			const c = model[step.target % model.length] as ModelCase;
			const allowed = ONWARDS[c.state] ?? [];
			const to =
				step.to < 0 && allowed.length > 0
					? (allowed[(step.target >> 3) % allowed.length] as string)
					: (TARGETS[Math.max(step.to, 0)] as string);
			const key = `${c.state}->${to}`;
			const who = WHO[step.who] as (typeof WHO)[number];
			const payload: Record<string, unknown> = { ...wt2023Payload(key, today) };
			if (key === 'incident_recorded->notification_decision' && step.lac) {
				payload.childDied = 'yes';
				payload.lookedAfter = 'yes';
			}
			if (c.lacDeath && datesOf(key, true).includes('lacDeathNotifiedOn'))
				payload.lacDeathNotifiedOn = today;
			const fields = Object.keys(payload);
			const dropped =
				step.drop >= 0 && fields.length > 0 ? fields[step.drop % fields.length] : undefined;
			if (dropped) delete payload[dropped];
			const shouldPass = allowed.includes(to) && who === 'uma' && dropped === undefined;
			trace.push(
				`${trace.length + 1}. ${who}: case ${model.indexOf(c) + 1} ${key}${dropped ? ` without ${dropped}` : ''}${shouldPass ? '' : ' [must be refused]'}`
			);
			const before = await snapshot(world);
			let error: unknown = null;
			try {
				await world.as[who].cases.transition({
					id: c.id,
					version: c.version,
					to: to as never,
					payload
				});
			} catch (e) {
				error = e;
			}
			if (error !== null) {
				if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR')
					throw error instanceof Error ? error : new Error('a call failed with a non-error');
				if (shouldPass)
					throw new Error(
						`refused, though the guidance allows it: ${error.message}\n${trace.join('\n')}`
					);
				expect(await snapshot(world), 'a refused call wrote something').toBe(before);
				report.refused += 1;
			} else {
				if (!shouldPass)
					throw new Error(`accepted, though the guidance refuses it\n${trace.join('\n')}`);
				if (key === 'incident_recorded->notification_decision') c.lacDeath = step.lac;
				for (const name of datesOf(key, c.lacDeath)) c.dates[name] = today;
				c.state = to;
				c.version += 1;
				report.accepted += 1;
			}
			for (const m of model) report.states.add(m.state);
			await check(world, model, trace);
		}
		return report;
	} finally {
		world.database.client.close();
		const url = fileUrlOf(world.database.db);
		if (url) rmSync(dirname(url.slice('file:'.length)), { recursive: true, force: true });
	}
}

let template: WalkTemplate;
beforeAll(async () => {
	template = await walkTemplate();
});

describe('the Working Together 2023 preset as a random walk of 40 moves by random roles', () => {
	it(
		`holds the model after every step, over ${RUNS} runs: states and versions, refusals write nothing, clocks from their sources' anchors, the audit chain`,
		async () => {
			const reached = new Set<string>();
			let accepted = 0;
			let refused = 0;
			await fc.assert(
				fc.asyncProperty(
					fc.nat({ max: ROAD.length }),
					fc.array(stepArbitrary, { minLength: STEPS, maxLength: STEPS }),
					async (start, steps) => {
						const report = await runWalk(template, steps, start);
						accepted += report.accepted;
						refused += report.refused;
						for (const state of report.states) reached.add(state);
					}
				),
				{
					numRuns: RUNS,
					endOnFailure: true,
					...(process.env.WALK_SEED ? { seed: Number(process.env.WALK_SEED) } : {})
				}
			);
			console.info(
				`WT2023 random walk: ${RUNS} runs; ${accepted} accepted, ${refused} refused; states reached: ${[...reached].length} of ${WT2023_STATES.length} (not: ${WT2023_STATES.filter((state) => !reached.has(state)).join(', ') || 'none'})`
			);
			expect(accepted).toBeGreaterThan(0);
			expect(refused).toBeGreaterThan(0);
			if (RUNS >= 60)
				for (const state of WT2023_STATES)
					expect(reached, `no walk reached ${state}`).toContain(state);
		},
		10 * 60_000
	);
});
