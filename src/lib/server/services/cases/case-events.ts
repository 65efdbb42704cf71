import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Tx } from '$lib/server/db/transaction';
import { caseEvents, users } from '$lib/server/db/schema';
import type { CaseChange } from '$lib/domain/case/change-conflict';
import type { CaseEventKind } from '$lib/domain/case/case-events';
import type { AnyCaseState } from '$lib/domain/procedure-presets/presets';
import { PANEL_RECOMMENDATIONS } from '$lib/domain/case/case-choices';
import type { RecommendationView } from '$lib/domain/case/recommendation';
import { isOneOf } from '$lib/domain/one-of';

// The timeline of a case: every change, in order, numbered by the case version it produced.

export interface NewCaseEvent {
	caseId: string;
	version: number;
	at: Date;
	actorId: string | null;
	kind: CaseEventKind;
	/** A verb phrase without the actor, e.g. "moved this case to Gathering information". */
	summary: string;
	fromState?: AnyCaseState;
	toState?: AnyCaseState;
	detail?: Record<string, unknown>;
}

export async function appendCaseEvent(tx: Tx, event: NewCaseEvent): Promise<void> {
	await tx.insert(caseEvents).values({
		caseId: event.caseId,
		version: event.version,
		at: event.at,
		actorId: event.actorId,
		kind: event.kind,
		summary: event.summary,
		fromState: event.fromState ?? null,
		toState: event.toState ?? null,
		detail: event.detail ?? null
	});
}

/** The changes made after `version`, oldest first: what a version conflict names. */
export async function changesSince(tx: Tx, caseId: string, version: number): Promise<CaseChange[]> {
	const rows = await tx
		.select({ at: caseEvents.at, summary: caseEvents.summary, actorName: users.name })
		.from(caseEvents)
		.leftJoin(users, eq(caseEvents.actorId, users.id))
		.where(and(eq(caseEvents.caseId, caseId), gt(caseEvents.version, version)))
		.orderBy(asc(caseEvents.version), asc(caseEvents.id));
	return rows.map((row) => ({ ...row, at: row.at.getTime() }));
}

export interface TimelineEntry {
	at: number;
	actorName: string | null;
	action: CaseEventKind;
	summary: string;
	version: number;
	fromState: AnyCaseState | null;
	toState: AnyCaseState | null;
}

/** Every event of the case, oldest first. */
export async function caseTimeline(tx: Tx, caseId: string): Promise<TimelineEntry[]> {
	const rows = await tx
		.select({
			at: caseEvents.at,
			actorName: users.name,
			action: caseEvents.kind,
			summary: caseEvents.summary,
			version: caseEvents.version,
			fromState: caseEvents.fromState,
			toState: caseEvents.toState
		})
		.from(caseEvents)
		.leftJoin(users, eq(caseEvents.actorId, users.id))
		.where(eq(caseEvents.caseId, caseId))
		.orderBy(asc(caseEvents.version), asc(caseEvents.id));
	return rows.map((row) => ({ ...row, at: row.at.getTime() }));
}

/**
 * How a case closed at triage: out of scope or merged, or, for a case closed before only those
 * two were allowed, under the earlier rule. Null when it did not close at triage.
 */
export async function triageClosure(
	tx: Tx,
	caseId: string
): Promise<'out_of_scope' | 'merged' | 'earlier_rule' | null> {
	const [row] = await tx
		.select({ detail: caseEvents.detail })
		.from(caseEvents)
		.where(
			and(
				eq(caseEvents.caseId, caseId),
				eq(caseEvents.fromState, 'triage'),
				eq(caseEvents.toState, 'closed')
			)
		);
	if (!row) return null;
	const payload = (row.detail as { payload?: { closeAs?: unknown } } | null)?.payload;
	return payload?.closeAs === 'out_of_scope' || payload?.closeAs === 'merged'
		? payload.closeAs
		: 'earlier_rule';
}

/** The Sub Group's latest recommendation to the Chair (§13.6). */
export async function latestRecommendation(
	tx: Tx,
	caseId: string
): Promise<RecommendationView | null> {
	const [row] = await tx
		.select({ detail: caseEvents.detail })
		.from(caseEvents)
		.where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.toState, 'panel_recommended')))
		.orderBy(desc(caseEvents.version))
		.limit(1);
	const payload = (row?.detail as { payload?: Record<string, unknown> } | null)?.payload;
	if (!payload || !isOneOf(PANEL_RECOMMENDATIONS, payload.recommendation)) return null;
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
	return {
		meetingOn: String(payload.meetingOn),
		recommendation: payload.recommendation,
		reasons: text(payload.recommendationReasons),
		subGroupChair: text(payload.subGroupChair),
		memberDissent: text(payload.memberDissent),
		deferUntil: text(payload.deferUntil)
	};
}

/**
 * The independent chairs of the case's panels so far, oldest first: each `scoping->in_review`
 * records one. After an inadequate evaluation none of them may chair the new panel (§13.16).
 */
export async function previousIndependentChairs(tx: Tx, caseId: string): Promise<string[]> {
	const rows = await tx
		.select({ detail: caseEvents.detail })
		.from(caseEvents)
		.where(
			and(
				eq(caseEvents.caseId, caseId),
				eq(caseEvents.fromState, 'scoping'),
				eq(caseEvents.toState, 'in_review')
			)
		)
		.orderBy(asc(caseEvents.version));
	return rows.flatMap((row) => {
		const chair = (row.detail as { payload?: { independentChair?: unknown } } | null)?.payload
			?.independentChair;
		return typeof chair === 'string' && chair !== '' ? [chair] : [];
	});
}
