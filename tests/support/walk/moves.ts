import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { cases, shortReportRequests } from '$lib/server/db/schema';
import { addCalendarMonths, type IsoDate } from '$lib/domain/calendar/iso-date';
import { CASE_CLASSIFICATIONS } from '$lib/domain/case/case-choices';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { CASE_TRANSITIONS } from '$lib/domain/case/case-transitions';
import { YES_NO_NOT_KNOWN, keysOf } from '$lib/domain/notification/notification-options';
import { answerNeedsAction } from '$lib/domain/triage/other-children';
import { imrDecision, isImrLetterDate } from '$lib/domain/imr/imr-status';
import type { Role } from '$lib/domain/roles';
import { storedForm } from '../triage';
import {
	awaitingCdop,
	openCases,
	publicationHeld,
	untriaged,
	type WalkCase,
	type WalkModel
} from './model';
import { WALK_PAYLOADS, type PlannedPayload } from './payloads';
import { ROLE_OF, WALKERS, type Walker, type WalkWorld } from './world';

// The moves of the random walk. Each plans one call through the real router: who makes it, what
// it sends, whether the procedure says it must be refused, and what it does to the model once
// accepted. A move that finds nothing to act on returns null and the walk takes another.
//
// To add a move, add an entry to MOVES; the runner (walk.ts) checks every invariant after it.

/** One step as fast-check draws it: plain numbers, resolved against the model when it runs. */
export interface Step {
	move: number;
	/** Which target (notification, case, request, item) among those that fit. */
	target: number;
	/** Which way of filling in the form (payloads.ts). */
	variant: number;
	/** Made by someone whose role may not make it: must be refused and change nothing. */
	wrongRole: boolean;
	/** Which wrong walker. */
	who: number;
}

export interface StepContext {
	world: WalkWorld;
	model: WalkModel;
	step: Step;
	today: IsoDate;
}

export interface PlannedCall {
	/** The step in words, for the trace. */
	label: string;
	who: Walker;
	call: () => Promise<unknown>;
	/** Why the procedure says it must be refused, or null when it must be accepted. */
	refusal: string | null;
	/** Cases the accepted call changes: each one's version must go up by exactly one. */
	changes: WalkCase[];
	/** Cases to read through cases.get after the step (clocks, flags). */
	reads?: WalkCase[];
	/** Updates the model once the call was accepted. */
	apply?: (result: unknown) => void | Promise<void>;
}

export interface Move {
	name: string;
	/** How often it is drawn, against the other moves' weights. */
	weight: number;
	plan(ctx: StepContext): Promise<PlannedCall | null> | PlannedCall | null;
}

function pick<T>(items: readonly T[], n: number): T | undefined {
	return items.length === 0 ? undefined : items[n % items.length];
}

/** The walker who makes a move: one allowed to, or on a wrong-role step one who is not. */
function walkerFor(
	allowed: readonly Role[],
	step: Step
): { who: Walker; wrong: boolean } | undefined {
	const fits = WALKERS.filter((w) => allowed.includes(ROLE_OF[w]));
	const others = WALKERS.filter((w) => !allowed.includes(ROLE_OF[w]));
	const pool = step.wrongRole && others.length > 0 ? others : fits;
	const who = pick(pool, step.who);
	return who ? { who, wrong: step.wrongRole && others.length > 0 } : undefined;
}

async function storedDates(world: WalkWorld, id: string): Promise<CaseDates> {
	const [row] = await world.database.db
		.select({ dates: cases.dates })
		.from(cases)
		.where(eq(cases.id, id));
	return row?.dates ?? {};
}

/** The short report requests of a case as stored, into the model (they are made by moves). */
async function syncRequests(world: WalkWorld, walkCase: WalkCase) {
	const rows = await world.database.db
		.select()
		.from(shortReportRequests)
		.where(eq(shortReportRequests.caseId, walkCase.id));
	walkCase.requests = rows.map((r) => ({
		id: r.id,
		agencyId: r.agencyId,
		answered: r.status === 'received' || r.status === 'nil_return'
	}));
}

const WRONG_ROLE = 'a role the procedure does not give this move';

export const submit: Move = {
	name: 'practitioner submits a notification',
	weight: 3,
	plan({ world, model, step }) {
		const actor = walkerFor(['practitioner'], step);
		if (!actor) return null;
		const answers = keysOf(YES_NO_NOT_KNOWN);
		const answer = answers[step.variant % answers.length] ?? 'no';
		const id = uuidv7();
		// One in five reports a child's death, which CDOP must be told of (§13.5).
		const death = step.variant % 5 === 4;
		const form = storedForm({
			otherChildrenAtRisk: answer,
			otherChildrenDetails: answer === 'yes' ? 'Two younger siblings at the same address.' : '',
			...(death ? { incidentType: 'death' as const } : {})
		});
		return {
			label: `${actor.who} submits a notification (other children: ${answer}${death ? ', a death' : ''})`,
			who: actor.who,
			call: () => world.as[actor.who].notifications.submit({ id, form }),
			refusal: actor.wrong ? WRONG_ROLE : null,
			changes: [],
			apply: () => {
				model.notifications.push({
					id,
					answer,
					actionRecorded: false,
					death,
					cdopRecorded: false,
					place: { kind: 'queue' }
				});
			}
		};
	}
};

const recordAction: Move = {
	name: 'the Unit records the action for other children',
	weight: 2,
	plan({ world, model, step }) {
		const waiting = model.notifications.filter((n) => answerNeedsAction(n.answer));
		const n = pick(waiting.length ? waiting : model.notifications, step.target);
		const actor = walkerFor(['unit'], step);
		if (!n || !actor) return null;
		return {
			label: `${actor.who} records the action for other children on ${n.id.slice(-4)}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].triage.recordOtherChildrenAction({
					notificationId: n.id,
					action: 'Strategy discussion held; siblings seen',
					chapter6Referral: step.variant % 2 ? 'yes' : 'no'
				}),
			refusal: actor.wrong ? WRONG_ROLE : null,
			changes: [],
			apply: () => {
				n.actionRecorded = true;
			}
		};
	}
};

/** §13.1: nothing leaves the queue while other children wait for the Unit's action. */
function otherChildrenFirst(n: WalkModel['notifications'][number]): string | null {
	return answerNeedsAction(n.answer) && !n.actionRecorded
		? '§13.1: record the action for other children first'
		: null;
}

export const openCase: Move = {
	name: 'the Unit opens a case from a notification',
	weight: 4,
	plan({ world, model, step }) {
		const n = pick(untriaged(model), step.target);
		const actor = walkerFor(['unit'], step);
		if (!n || !actor) return null;
		const classification = CASE_CLASSIFICATIONS[step.variant % CASE_CLASSIFICATIONS.length];
		if (!classification) return null;
		return {
			label: `${actor.who} opens a case (${classification}) from ${n.id.slice(-4)}`,
			who: actor.who,
			call: () => world.as[actor.who].triage.openCase({ notificationId: n.id, classification }),
			refusal: actor.wrong ? WRONG_ROLE : otherChildrenFirst(n),
			changes: [],
			apply: (result) => {
				const { caseId, reference } = result as { caseId: string; reference: string };
				n.place = { kind: 'case', caseId };
				model.cases.push({
					id: caseId,
					reference,
					state: 'triage',
					version: 1,
					classification,
					held: false,
					everHeld: false,
					chairDecided: false,
					panelRecommended: false,
					closure: null,
					evaluationGrade: null,
					requests: [],
					imrAgencies: [],
					items: [],
					chairs: [],
					proceedings: [],
					goAheadCovers: []
				});
			}
		};
	}
};

const linkToCase: Move = {
	name: 'the Unit adds a notification to a case',
	weight: 2,
	plan({ world, model, step }) {
		const n = pick(untriaged(model), step.target);
		const walkCase = pick(model.cases, step.variant);
		const actor = walkerFor(['unit'], step);
		if (!n || !walkCase || !actor) return null;
		return {
			label: `${actor.who} adds ${n.id.slice(-4)} to ${walkCase.reference} (${walkCase.state})`,
			who: actor.who,
			call: () =>
				world.as[actor.who].triage.linkToCase({ notificationId: n.id, caseId: walkCase.id }),
			refusal: actor.wrong
				? WRONG_ROLE
				: (otherChildrenFirst(n) ??
					(walkCase.state === 'closed' ? 'a closed case takes nothing more' : null)),
			changes: [walkCase],
			apply: () => {
				n.place = { kind: 'case', caseId: walkCase.id };
			}
		};
	}
};

const sendBack: Move = {
	name: 'the Unit sends a notification back to the practitioner',
	weight: 1,
	plan({ world, model, step }) {
		const n = pick(untriaged(model), step.target);
		const actor = walkerFor(['unit'], step);
		if (!n || !actor) return null;
		return {
			label: `${actor.who} sends ${n.id.slice(-4)} back`,
			who: actor.who,
			call: () =>
				world.as[actor.who].triage.returnToPractitioner({
					notificationId: n.id,
					message: 'Please add the child’s date of birth'
				}),
			refusal: actor.wrong ? WRONG_ROLE : otherChildrenFirst(n),
			changes: [],
			apply: () => {
				n.place = { kind: 'returned' };
			}
		};
	}
};

/** Cases to act on: mostly open ones, now and then a closed one (whose moves are all refused). */
function caseFor(model: WalkModel, step: Step): WalkCase | undefined {
	const open = openCases(model);
	if (step.target % 8 === 7 || open.length === 0) return pick(model.cases, step.target);
	// Mostly the case furthest on, so that 30 steps reach the decisions and the review's later
	// stages rather than opening many cases and leaving each in triage.
	if (step.target % 8 < 5) return open.reduce((a, b) => (b.version > a.version ? b : a));
	return pick(open, step.target);
}

/** A move of the transition table on `walkCase` by `who`, with the planned payload. */
export function transitionPlan(
	{ world, model }: Pick<StepContext, 'world' | 'model'>,
	walkCase: WalkCase,
	chosen: (typeof CASE_TRANSITIONS)[number],
	actor: { who: Walker; wrong: boolean },
	planned: PlannedPayload
): PlannedCall {
	return {
		label: `${actor.who} moves ${walkCase.reference} ${chosen.key} ${JSON.stringify(planned.payload)}`,
		who: actor.who,
		call: () =>
			world.as[actor.who].cases.transition({
				id: walkCase.id,
				version: walkCase.version,
				to: chosen.to,
				payload: planned.payload
			}),
		refusal: actor.wrong
			? WRONG_ROLE
			: (planned.refusal ?? cdopBeforeClosing(model, walkCase, chosen.to, planned)),
		changes: [walkCase],
		reads: [walkCase],
		apply: async () => {
			walkCase.state = chosen.to;
			planned.effect?.(walkCase, model);
			if (chosen.to === 'closed') {
				walkCase.held = false;
				walkCase.closure ??= 'after_decision';
			}
			await syncRequests(world, walkCase);
		}
	};
}

/**
 * §13.5 "All child deaths should be reported to the CDOP": a case closes only once "CDOP informed"
 * is recorded for each notification of a death in it. A merge takes the notifications away first.
 */
function cdopBeforeClosing(
	model: WalkModel,
	walkCase: WalkCase,
	to: string,
	planned: PlannedPayload
): string | null {
	if (to !== 'closed' || 'mergedInto' in planned.payload) return null;
	// Out of scope reclassifies the case (a residential unit): then only a death on the form counts.
	const classed: WalkCase =
		planned.payload.closeAs === 'out_of_scope'
			? { ...walkCase, classification: 'residential_out_of_scope' }
			: walkCase;
	return awaitingCdop(model, classed).length > 0 ? '§13.5: CDOP informed before closing' : null;
}

/** The payload a move's planner gives for `variant`, with the case's stored dates. */
export async function plannedPayload(
	{ world, model, today }: Pick<StepContext, 'world' | 'model' | 'today'>,
	walkCase: WalkCase,
	key: (typeof CASE_TRANSITIONS)[number]['key'],
	variant: number
): Promise<PlannedPayload> {
	return WALK_PAYLOADS[key]({
		today,
		variant,
		walkCase,
		model,
		agencies: world.agencies,
		dates: await storedDates(world, walkCase.id)
	});
}

export const transition: Move = {
	name: 'a move of the transition table',
	weight: 20,
	async plan(ctx) {
		const { world, model, step } = ctx;
		const walkCase = caseFor(model, step);
		if (!walkCase) return null;
		const moves = CASE_TRANSITIONS.filter((t) => t.from === walkCase.state);
		const chosen = pick(moves, step.variant);
		if (!chosen) {
			// A closed case: the Unit tries to move it anyway, which must be refused.
			return {
				label: `uma tries to move closed ${walkCase.reference} back to triage`,
				who: 'uma',
				call: () =>
					world.as.uma.cases.transition({
						id: walkCase.id,
						version: walkCase.version,
						to: 'triage',
						payload: {}
					}),
				refusal: 'a closed case is the end of the procedure',
				changes: []
			};
		}
		const actor = walkerFor(chosen.roles, step);
		if (!actor) return null;
		const planned = await plannedPayload(ctx, walkCase, chosen.key, step.variant >> 3);
		return transitionPlan(ctx, walkCase, chosen, actor, planned);
	}
};

/** Moves the table does not have: the ways round the procedure that must stay closed. */
const shortcut: Move = {
	name: 'a move the transition table does not have',
	weight: 2,
	plan({ world, model, step }) {
		const walkCase = pick(openCases(model), step.target);
		if (!walkCase) return null;
		const listed = new Set(
			CASE_TRANSITIONS.filter((t) => t.from === walkCase.state).map((t) => t.to)
		);
		const to = (['closed', 'scr_initiated', 'no_further_action', 'monitoring'] as const).find(
			(state, i) => i >= step.variant % 4 && !listed.has(state) && state !== walkCase.state
		);
		if (!to) return null;
		const who = step.wrongRole ? 'chris' : 'uma';
		return {
			label: `${who} tries ${walkCase.reference} ${walkCase.state}->${to}`,
			who,
			call: () =>
				world.as[who].cases.transition({
					id: walkCase.id,
					version: walkCase.version,
					to,
					payload: { closeAs: 'out_of_scope', reason: 'Shortcut', decidedOn: '2026-01-01' }
				}),
			refusal: 'not a move of the procedure',
			changes: []
		};
	}
};

/** Each date recorded on its own, the day it happens (§13.6, §13.10, §13.16, §13.20). */
export const recordDate: Move = {
	name: 'the Unit records a date on its own',
	weight: 4,
	async plan({ world, model, step, today }) {
		const walkCase = caseFor(model, step);
		const actor = walkerFor(['unit'], step);
		if (!walkCase || !actor) return null;
		const dates = await storedDates(world, walkCase.id);
		const names = [
			'ofstedNotifiedOn',
			'lettersSentOn',
			'imrsRequestedOn',
			'siReportSentOn',
			'newActionPlanSentOn',
			'reviewTimetableExtendedTo'
		] as const;
		// Mostly a date whose clock has started, sometimes one that cannot be recorded yet.
		const startOf = {
			ofstedNotifiedOn: dates.scrDecidedOn,
			lettersSentOn: dates.scrDecidedOn,
			imrsRequestedOn: dates.scrDecidedOn,
			siReportSentOn: dates.ofstedReportedOn,
			newActionPlanSentOn: dates.inadequateEvaluationOn,
			reviewTimetableExtendedTo: dates.ofstedNotifiedOn
		};
		const ready = names.filter((n) => startOf[n] !== undefined);
		const name = pick(step.variant % 4 === 0 || ready.length === 0 ? names : ready, step.variant);
		if (!name) return null;
		const extending = name === 'reviewTimetableExtendedTo';
		const date = extending ? addCalendarMonths(today, 7 + (step.variant % 3)) : today;
		let refusal: string | null = actor.wrong ? WRONG_ROLE : null;
		if (!refusal && walkCase.state === 'closed') refusal = 'a closed case takes nothing more';
		if (!refusal && startOf[name] === undefined) refusal = 'its clock has not started';
		if (!refusal && walkCase.imrAgencies.length > 0 && isImrLetterDate(name))
			refusal = '§13.6: the IMR request letters record it';
		if (!refusal && extending && dates.sentToOfstedOn) refusal = 'T9 is met';
		if (
			!refusal &&
			extending &&
			dates.reviewTimetableExtendedTo &&
			dates.reviewTimetableExtendedTo >= date
		)
			refusal = '§13.10: an extension goes beyond the current due date';
		return {
			label: `${actor.who} records ${name} ${date} on ${walkCase.reference}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].cases.recordDate({
					id: walkCase.id,
					version: walkCase.version,
					name,
					date,
					...(extending ? { reason: 'New timetable agreed with Ofsted' } : {})
				}),
			refusal,
			changes: [walkCase],
			reads: [walkCase]
		};
	}
};

/** §13.6: IMR request letters to agencies' chief executives, after a decision to hold an SCR. */
const sendImrs: Move = {
	name: 'the Unit sends IMR request letters',
	weight: 2,
	async plan({ world, model, step, today }) {
		const walkCase = caseFor(model, step);
		const actor = walkerFor(['unit'], step);
		if (!walkCase || !actor) return null;
		const { police, health } = world.agencies;
		const agencyIds =
			step.variant % 3 === 0 ? [police, health] : [step.variant % 2 ? police : health];
		const dates = await storedDates(world, walkCase.id);
		let refusal: string | null = actor.wrong ? WRONG_ROLE : null;
		if (!refusal && walkCase.state === 'closed') refusal = 'a closed case takes nothing more';
		if (!refusal && imrDecision(walkCase.state, dates) === null)
			refusal = '§13.6: IMRs follow a decision to hold an SCR, or one requiring IMRs without it';
		if (!refusal && agencyIds.every((id) => walkCase.imrAgencies.includes(id)))
			refusal = 'each agency is asked once';
		return {
			label: `${actor.who} sends IMR letters (${agencyIds.length}) on ${walkCase.reference}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].imrs.send({
					id: walkCase.id,
					version: walkCase.version,
					agencyIds,
					dueOn: addCalendarMonths(today, 1)
				}),
			refusal,
			changes: [walkCase],
			reads: [walkCase],
			apply: () => {
				walkCase.imrAgencies = [...new Set([...walkCase.imrAgencies, ...agencyIds])];
			}
		};
	}
};

const addItem: Move = {
	name: 'the Unit adds an action plan item',
	weight: 2,
	plan({ world, model, step, today }) {
		const walkCase = caseFor(model, step);
		const actor = walkerFor(['unit'], step);
		if (!walkCase || !actor) return null;
		return {
			label: `${actor.who} adds an action plan item to ${walkCase.reference}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].cases.addActionItem({
					id: walkCase.id,
					version: walkCase.version,
					ownerAgencyId: world.agencies.police,
					action: 'Review the strategy discussion policy',
					dueOn: addCalendarMonths(today, 2)
				}),
			refusal: actor.wrong
				? WRONG_ROLE
				: walkCase.state === 'closed'
					? 'a closed case takes nothing more'
					: null,
			changes: [walkCase],
			apply: (result) => {
				walkCase.items.push({ id: (result as { itemId: string }).itemId, done: false });
			}
		};
	}
};

const completeItem: Move = {
	name: 'the Unit marks an action plan item done',
	weight: 2,
	plan({ world, model, step }) {
		const withItems = model.cases.filter((c) => c.items.some((i) => !i.done));
		const walkCase = pick(withItems, step.target);
		const item = walkCase
			? pick(
					walkCase.items.filter((i) => !i.done),
					step.variant
				)
			: undefined;
		const actor = walkerFor(['unit'], step);
		if (!walkCase || !item || !actor) return null;
		return {
			label: `${actor.who} marks an item done on ${walkCase.reference}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].cases.updateActionItem({
					id: walkCase.id,
					version: walkCase.version,
					itemId: item.id,
					status: 'done',
					evidence: 'Policy reissued'
				}),
			refusal: actor.wrong
				? WRONG_ROLE
				: walkCase.state === 'closed'
					? 'a closed case takes nothing more'
					: null,
			changes: [walkCase],
			apply: () => {
				item.done = true;
			}
		};
	}
};

const requestReports: Move = {
	name: 'the Unit asks agencies for short reports',
	weight: 2,
	plan({ world, model, step }) {
		const walkCase = caseFor(model, step);
		const actor = walkerFor(['unit'], step);
		if (!walkCase || !actor) return null;
		const { police, health } = world.agencies;
		const agencyIds = [[police], [health], [police, health]][step.variant % 3] ?? [police];
		const waiting = (id: string) => walkCase.requests.some((r) => r.agencyId === id && !r.answered);
		let refusal: string | null = actor.wrong ? WRONG_ROLE : null;
		if (!refusal && walkCase.state === 'closed') refusal = 'a closed case takes nothing more';
		if (!refusal && agencyIds.every(waiting)) refusal = 'each agency already has a request waiting';
		return {
			label: `${actor.who} asks ${agencyIds.length} agencies for short reports on ${walkCase.reference}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].cases.requestShortReports({
					id: walkCase.id,
					version: walkCase.version,
					agencyIds
				}),
			refusal,
			changes: [walkCase],
			apply: () => syncRequests(world, walkCase)
		};
	}
};

/** The police lead answers: its own agency's requests only, each once (§13.5). */
const answerRequest: Move = {
	name: 'an agency answers a short report request',
	weight: 3,
	plan({ world, model, step, today }) {
		const requests = model.cases.flatMap((c) => c.requests.map((r) => ({ c, r })));
		const found = pick(requests, step.target);
		if (!found) return null;
		const { r } = found;
		const who: Walker = step.wrongRole ? 'uma' : 'agnes';
		const nil = step.variant % 3 === 0;
		const clientId = uuidv7();
		let refusal: string | null = null;
		if (who !== 'agnes') refusal = WRONG_ROLE;
		else if (r.agencyId !== world.agencies.police) refusal = 'another agency’s request';
		else if (r.answered) refusal = 'a request is answered once; a correction is a new version';
		const call = nil
			? () =>
					world.as[who].agency.nilReturn({
						requestId: r.id,
						clientId,
						author: { name: 'Agnes Agency', role: 'Detective Sergeant' },
						confirm: true
					})
			: () =>
					world.as[who].agency.submitReport({
						requestId: r.id,
						clientId,
						attachmentIds: [],
						report: {
							involvementFrom: '2025-01-06',
							involvementTo: today,
							keyContacts: [{ date: '2025-03-01', contact: 'Welfare visit' }],
							lastContactOn: today,
							concernsAndAction: 'Bruising seen; referred to children’s social care.',
							immediateSteps: 'Strategy discussion held the same day.',
							recordsSecured: 'yes',
							recordsSecuredOn: today,
							earlyLearning: 'None yet.',
							criteriaView: 'The criteria appear to be met.',
							author: { name: 'Agnes Agency', role: 'Detective Sergeant' },
							signOff: { leadName: 'DI Lead', confirmed: true }
						}
					});
		return {
			label: `${who} sends a ${nil ? 'nil return' : 'short report'} on a request of ${found.c.reference}`,
			who,
			call,
			refusal,
			changes: [],
			apply: () => {
				r.answered = true;
			}
		};
	}
};

/** Reading a case: the Unit and the Chair may, nobody else (the answer is "not found"). */
const readCase: Move = {
	name: 'someone reads a case',
	weight: 1,
	plan({ world, model, step }) {
		const walkCase = pick(model.cases, step.target);
		const actor = walkerFor(['unit', 'chair'], step);
		if (!walkCase || !actor) return null;
		return {
			label: `${actor.who} reads ${walkCase.reference}`,
			who: actor.who,
			call: () => world.as[actor.who].cases.get({ id: walkCase.id }),
			refusal: actor.wrong ? WRONG_ROLE : null,
			changes: []
		};
	}
};

/**
 * Reading a short report: the Chair and the Unit read any (§13.5, §13.6), the police lead only
 * its own agency's, a practitioner or an administrator none.
 */
const readReport: Move = {
	name: 'someone reads a short report request',
	weight: 1,
	plan({ world, model, step }) {
		const requests = model.cases.flatMap((c) => c.requests);
		const request = pick(requests, step.target);
		const who = pick(WALKERS, step.who);
		if (!request || !who) return null;
		const role = ROLE_OF[who];
		let refusal: string | null = null;
		if (role === 'practitioner' || role === 'admin') refusal = WRONG_ROLE;
		else if (role === 'agency' && request.agencyId !== world.agencies.police)
			refusal = 'another agency’s request';
		return {
			label: `${who} reads a short report request`,
			who,
			call: () => world.as[who].agency.request({ id: request.id }),
			refusal,
			changes: []
		};
	}
};

/** §13.5: the Unit records "CDOP informed" on a notification, while it is untriaged or its case open. */
const recordCdop: Move = {
	name: 'the Unit records CDOP informed',
	weight: 2,
	plan({ world, model, step, today }) {
		const deaths = model.notifications.filter(
			(n) =>
				n.death ||
				(n.place.kind === 'case' && caseOf(model, n.place.caseId)?.classification === 'child_death')
		);
		const n = pick(
			deaths.length > 0 && step.variant % 4 !== 3 ? deaths : model.notifications,
			step.target
		);
		const actor = walkerFor(['unit'], step);
		if (!n || !actor) return null;
		const place = n.place;
		let refusal: string | null = actor.wrong ? WRONG_ROLE : null;
		if (!refusal && place.kind === 'returned')
			refusal = 'a returned notification takes no more facts';
		if (!refusal && place.kind === 'case' && caseOf(model, place.caseId)?.state === 'closed') {
			refusal = 'a closed case takes nothing more';
		}
		return {
			label: `${actor.who} records CDOP informed on ${n.id.slice(-4)}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].triage.recordCdopInformed({
					notificationId: n.id,
					informedOn: today,
					informedBy: 'Dana Nurse, designated nurse'
				}),
			refusal,
			changes: [],
			apply: () => {
				n.cdopRecorded = true;
			}
		};
	}
};

function caseOf(model: WalkModel, id: string): WalkCase | undefined {
	return model.cases.find((c) => c.id === id);
}

const PROCEEDINGS = ['criminal', 'inquest', 'domestic_homicide_review'] as const;

/**
 * §13.10, §13.15: a parallel proceeding begins or concludes, or the Executive Group records why
 * publication goes ahead before the proceedings conclude (refused when none holds it back).
 */
const recordProceeding: Move = {
	name: 'the Unit records a parallel proceeding',
	weight: 3,
	plan({ world, model, step, today }) {
		const walkCase = caseFor(model, step);
		const actor = walkerFor(['unit'], step);
		if (!walkCase || !actor) return null;
		const base = { id: walkCase.id, version: walkCase.version };
		const closed = walkCase.state === 'closed' ? 'a closed case takes nothing more' : null;
		const refusalOr = (own: string | null) => (actor.wrong ? WRONG_ROLE : (closed ?? own));
		const active = walkCase.proceedings.filter((p) => p.active);
		const concluding = pick(active, step.variant >> 2);
		if (step.variant % 4 === 3) {
			const held = walkCase.proceedings.filter(
				(p) => p.active && !walkCase.goAheadCovers.includes(p.id)
			);
			return {
				label: `${actor.who} records the Executive's go-ahead to publish on ${walkCase.reference}`,
				who: actor.who,
				call: () =>
					world.as[actor.who].review.record({
						...base,
						kind: 'publication_go_ahead',
						decidedOn: today,
						reason: 'The coroner and the CPS raised no objection'
					}),
				refusal: refusalOr(
					publicationHeld(walkCase) ? null : '§13.15: no active proceeding holds publication'
				),
				changes: [walkCase],
				reads: [walkCase],
				apply: () => {
					walkCase.goAheadCovers.push(...held.map((p) => p.id));
				}
			};
		}
		if (step.variant % 4 === 2 && concluding) {
			return {
				label: `${actor.who} records a proceeding concluded on ${walkCase.reference}`,
				who: actor.who,
				call: () =>
					world.as[actor.who].review.record({
						...base,
						kind: 'proceeding',
						recordId: concluding.id,
						proceeding: 'criminal',
						status: 'concluded',
						startedOn: today,
						concludedOn: today
					}),
				refusal: refusalOr(null),
				changes: [walkCase],
				reads: [walkCase],
				apply: () => {
					concluding.active = false;
				}
			};
		}
		const proceeding = PROCEEDINGS[step.variant % PROCEEDINGS.length] ?? 'criminal';
		return {
			label: `${actor.who} records ${proceeding} active on ${walkCase.reference}`,
			who: actor.who,
			call: () =>
				world.as[actor.who].review.record({
					...base,
					kind: 'proceeding',
					proceeding,
					status: 'active',
					startedOn: today
				}),
			refusal: refusalOr(null),
			changes: [walkCase],
			reads: [walkCase],
			apply: (result) => {
				walkCase.proceedings.push({ id: (result as { entryId: string }).entryId, active: true });
			}
		};
	}
};

export const MOVES: Move[] = [
	submit,
	recordAction,
	openCase,
	linkToCase,
	sendBack,
	transition,
	shortcut,
	recordDate,
	sendImrs,
	addItem,
	completeItem,
	requestReports,
	answerRequest,
	readCase,
	readReport,
	recordCdop,
	recordProceeding
];
