import { expect } from 'vitest';
import { asc } from 'drizzle-orm';
import {
	caseEvents,
	cases,
	filesSecuredInstructions,
	notifications,
	shortReportRequests
} from '$lib/server/db/schema';
import { verifyAuditChain } from '$lib/server/services/audit';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { addCalendarMonths } from '$lib/domain/calendar/iso-date';
import { addWorkingDays } from '$lib/domain/calendar/working-days';
import { SCR_PROCEDURE_CLOCKS } from '$lib/domain/case/clock-preset';
import { shortReportDueOn } from '$lib/domain/case/clocks';
import { receiptDate, triageDueOn } from '$lib/domain/triage/triage-deadline';
import { awaitingCdop, publicationHeld, type WalkCase, type WalkModel } from './model';
import type { WalkWorld } from './world';

// What must hold after every step of the random walk, whatever the moves did. Each invariant
// reads the database (and, for the cases a step touched, the case page's data through the
// router) and compares it with the model or with the procedure's rule.
//
// To add an invariant, add an entry to INVARIANTS.

/** The database as it stands after a step, read once for all invariants. */
export async function readStored(world: WalkWorld) {
	const { db } = world.database;
	return {
		cases: await db.select().from(cases),
		notifications: await db.select().from(notifications),
		events: await db.select().from(caseEvents).orderBy(asc(caseEvents.id)),
		instructions: await db.select().from(filesSecuredInstructions),
		requests: await db.select().from(shortReportRequests)
	};
}
export type Stored = Awaited<ReturnType<typeof readStored>>;
export type CaseView = Awaited<ReturnType<WalkWorld['as']['uma']['cases']['get']>>;

export interface InvariantContext {
	world: WalkWorld;
	model: WalkModel;
	stored: Stored;
	/** cases.get, as the Unit, of the cases the step touched (or of every case at the end). */
	views: CaseView[];
	today: IsoDate;
}

export interface Invariant {
	name: string;
	check(ctx: InvariantContext): void | Promise<void>;
}

function storedCase(stored: Stored, c: WalkCase) {
	const row = stored.cases.find((r) => r.id === c.id);
	if (!row) throw new Error(`case ${c.reference} is not stored`);
	return row;
}

/** §13.6, §13.20: a case closes only after the Chair's decision, or out of scope, or merged. */
const closesOnlyThroughTheChair: Invariant = {
	name: 'nothing closes without the Chair’s decision or the Panel, except out of scope or merged',
	check({ stored, model }) {
		// The model's own account: every case it saw close did so through a route the procedure has.
		for (const c of model.cases.filter((m) => m.state === 'closed')) {
			if (c.closure === 'out_of_scope' || c.closure === 'merged') continue;
			expect(c.chairDecided, `${c.reference} closed with no decision of the Chair`).toBe(true);
			if (c.classification === 'serious_incident') {
				expect(c.panelRecommended, `incident ${c.reference} closed without the Sub Group`).toBe(
					true
				);
			}
		}
		for (const row of stored.cases.filter((r) => r.state === 'closed')) {
			const events = stored.events.filter((e) => e.caseId === row.id);
			const closing = events.find((e) => e.kind === 'transition' && e.toState === 'closed');
			expect(closing, `${row.reference} closed with no closing event`).toBeDefined();
			if (closing?.fromState === 'triage') {
				const payload = (closing.detail as { payload?: { closeAs?: string } }).payload;
				expect(['out_of_scope', 'merged'], `${row.reference} closed at triage`).toContain(
					payload?.closeAs
				);
				continue;
			}
			const decided = events.some(
				(e) => e.kind === 'transition' && e.fromState === 'chair_decision'
			);
			expect(decided, `${row.reference} closed without the Chair's decision`).toBe(true);
			if (row.classification === 'serious_incident') {
				const panel = events.some((e) => e.toState === 'panel_recommended');
				expect(panel, `serious incident ${row.reference} closed without the Sub Group`).toBe(true);
			}
		}
	}
};

/**
 * §13.5, §13.6: the hold is on from the first consideration for review until a decision not to
 * hold an SCR (unless the Chair keeps it) or closure; every instruction is rescinded once it is off.
 */
const filesHold: Invariant = {
	name: 'the files-secured hold is on exactly when the procedure says',
	check({ model, stored }) {
		for (const c of model.cases) {
			const row = storedCase(stored, c);
			expect(row.filesHeld, `${c.reference} (${c.state}) files held`).toBe(c.held);
			const told = stored.instructions.filter((i) => i.caseId === c.id);
			if (c.held) {
				expect(told.length, `${c.reference} holds files but told no agency`).toBeGreaterThan(0);
				expect(
					told.filter((i) => i.rescindedOn !== null),
					`${c.reference} holds files but rescinded an instruction`
				).toEqual([]);
			} else {
				expect(
					told.filter((i) => i.rescindedOn === null),
					`${c.reference} has no hold but an instruction still stands`
				).toEqual([]);
			}
		}
	}
};

/** §13.1: the other-children flag is never cleared, nor passed, without the Unit's action. */
const otherChildrenFirst: Invariant = {
	name: 'the other-children flag is never cleared without an action',
	check({ model, stored, views }) {
		const pin = { yes: 2, not_known: 1, no: 0 } as const;
		for (const n of model.notifications) {
			const row = stored.notifications.find((r) => r.id === n.id);
			expect(row, `notification ${n.id} is not stored`).toBeDefined();
			if (!row) continue;
			const waiting = n.answer !== 'no' && !n.actionRecorded;
			expect(row.otherChildrenActionAt !== null, `${row.reference} action recorded`).toBe(
				n.actionRecorded
			);
			expect(row.pinRank, `${row.reference} place in the queue`).toBe(
				n.actionRecorded ? 0 : pin[n.answer]
			);
			if (waiting) {
				expect(
					{ caseId: row.caseId, status: row.status },
					`${row.reference} left the queue with other children waiting`
				).toEqual({ caseId: null, status: 'received' });
			}
			const place = n.place;
			expect(row.caseId, `${row.reference} case`).toBe(place.kind === 'case' ? place.caseId : null);
			if (place.kind === 'returned') expect(row.status).toBe('returned');
		}
		for (const view of views) {
			const inCase = model.notifications.filter(
				(n) => n.place.kind === 'case' && n.place.caseId === view.id && n.answer !== 'no'
			);
			expect(
				view.otherChildren.map((f) => [f.notificationId, f.action !== null]).sort(),
				`${view.reference} shows the flag of each notification with its action`
			).toEqual(inCase.map((n) => [n.id, true]).sort());
		}
	}
};

/** Each clock's due date is the domain's computation from its anchor. */
const clocksFromTheirAnchors: Invariant = {
	name: 'each clock’s due date equals the domain’s computation from its anchor',
	check({ stored, views, today }) {
		for (const row of stored.notifications) {
			expect(row.triageDueOn, `${row.reference} T1`).toBe(triageDueOn(receiptDate(row.receivedAt)));
		}
		for (const r of stored.requests) {
			expect(r.dueOn, 'short report due').toBe(shortReportDueOn(r.requestedOn));
		}
		for (const view of views) {
			const closed = view.dates.closedOn !== undefined;
			for (const definition of SCR_PROCEDURE_CLOCKS) {
				const anchor = view.dates[definition.startsAt];
				const clock = view.clocks.find((c) => c.id === definition.id);
				if (anchor === undefined || anchor > today) {
					expect(clock, `${view.reference} ${definition.id} started without its anchor`).toBe(
						undefined
					);
					continue;
				}
				if (closed && clock === undefined) continue;
				if (definition.kind === 'fixed_date' && view.dates[definition.dueAt] === undefined)
					continue;
				expect(clock, `${view.reference} ${definition.id} not running`).toBeDefined();
				if (!clock) continue;
				let due: IsoDate;
				if (definition.kind === 'fixed_date') due = view.dates[definition.dueAt] as IsoDate;
				else if (definition.kind === 'working_days')
					due = addWorkingDays(anchor, definition.amount);
				else if (definition.kind === 'same_working_day') due = addWorkingDays(anchor, 0);
				else due = addCalendarMonths(anchor, definition.amount);
				const extension =
					definition.kind !== 'fixed_date' && definition.extendedTo
						? view.dates[definition.extendedTo]
						: undefined;
				if (extension !== undefined && extension > due) due = extension;
				expect(
					{ startedOn: clock.startedOn, dueOn: clock.dueOn },
					`${view.reference} ${definition.id}`
				).toEqual({ startedOn: anchor, dueOn: due });
			}
			for (const r of view.requests) {
				expect(r.dueOn, `${view.reference} short report`).toBe(shortReportDueOn(r.requestedOn));
			}
		}
	}
};

/** Every change bumps the version by one, with one timeline event for each version. */
const versions: Invariant = {
	name: 'every change bumps the version',
	check({ model, stored }) {
		for (const c of model.cases) {
			const row = storedCase(stored, c);
			expect(row.version, `${c.reference} version`).toBe(c.version);
			const numbered = stored.events
				.filter((e) => e.caseId === c.id)
				.map((e) => e.version)
				.sort((a, b) => a - b);
			expect(numbered, `${c.reference} one event per version`).toEqual(
				Array.from({ length: c.version }, (_, i) => i + 1)
			);
			expect(row.state, `${c.reference} state`).toBe(c.state);
		}
		expect(stored.cases.length, 'cases stored').toBe(model.cases.length);
	}
};

/**
 * §13.5: no case closed after triage (or as out of scope) with a death CDOP was not told of;
 * §13.15: publication is held exactly while an active proceeding has no Executive go-ahead.
 */
const cdopAndPublication: Invariant = {
	name: 'no case closes before CDOP is told of a death, and publication waits for the proceedings',
	check({ model, views }) {
		for (const c of model.cases) {
			if (c.state === 'closed' && c.closure !== 'merged') {
				expect(
					awaitingCdop(model, c).map((n) => n.id),
					`${c.reference} closed before CDOP informed`
				).toEqual([]);
			}
		}
		for (const view of views) {
			const c = model.cases.find((m) => m.id === view.id);
			if (!c) continue;
			expect(
				(view.facts.publicationHeldBy ?? []).length > 0,
				`${view.reference} publication held`
			).toBe(publicationHeld(c));
		}
	}
};

const auditChain: Invariant = {
	name: 'the audit chain verifies',
	async check({ world }) {
		const check = await verifyAuditChain(world.database.db);
		expect(check.ok, JSON.stringify(check)).toBe(true);
	}
};

export const INVARIANTS: Invariant[] = [
	closesOnlyThroughTheChair,
	filesHold,
	otherChildrenFirst,
	clocksFromTheirAnchors,
	versions,
	cdopAndPublication,
	auditChain
];
