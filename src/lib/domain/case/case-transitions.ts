import type { z } from 'zod';
import type { Role } from '$lib/domain/roles';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import { CASE_STATE_LABELS, isCaseState, type CaseState } from './case-states';
import type { CaseDates } from './case-dates';
import {
	findMove,
	moveNotAllowed,
	parseMovePayload,
	roleRefusal,
	type MoveRefusal
} from '$lib/domain/procedure-presets/preset-moves';
import type { PayloadContext } from './payload-fields';
import {
	TRANSITION_PAYLOADS,
	type TransitionKey,
	type TransitionPayload
} from './transition-payloads';
import {
	CASE_TRANSITIONS,
	recordedDatesFor,
	type CaseFacts,
	type CaseTransition,
	type TransitionCondition
} from './transition-table';

export { CASE_TRANSITIONS, type CaseFacts, type CaseTransition, type TransitionCondition };

/**
 * Checking a move against the table in `transition-table.ts`: the pure core of every server
 * procedure that changes a case's state, and of the case page's list of next steps.
 */

function conditionHolds(condition: TransitionCondition, facts: CaseFacts): boolean {
	if ('not' in condition) return facts[condition.fact] !== condition.not;
	return facts[condition.fact] === condition.equals;
}

/**
 * A field the case's own records give, so its form does not ask for it: the date the last IMR
 * was signed off, on a case whose IMRs were requested here (§13.9, docs/decisions/026).
 */
function derivedFromRecords(field: string, facts: CaseFacts | undefined): boolean {
	return field === 'imrsSignedOffOn' && facts?.imrsSignedOffOn !== undefined;
}

export type TransitionOption = Pick<
	CaseTransition,
	'key' | 'to' | 'action' | 'section' | 'requires'
> & { toLabel: string };

/**
 * The moves `role` may make from `state`, for the case page to offer. Given `facts`, moves whose
 * condition those facts rule out are left out; without them, every move is listed and
 * `checkTransition` has the last word.
 */
export function transitionsFrom(
	state: CaseState,
	role: Role,
	facts?: CaseFacts
): TransitionOption[] {
	return CASE_TRANSITIONS.filter(
		(transition) =>
			transition.from === state &&
			transition.roles.includes(role) &&
			(!facts || !transition.when || conditionHolds(transition.when, facts))
	).map(({ key, to, action, section, requires }) => ({
		key,
		to,
		toLabel: CASE_STATE_LABELS[to],
		action,
		section,
		requires: requires.filter((field) => !derivedFromRecords(field, facts))
	}));
}

export interface TransitionRequest {
	from: string;
	to: string;
	role: Role;
	payload: unknown;
	today: IsoDate;
	facts?: CaseFacts;
}

export type TransitionRefusal = MoveRefusal;
export type TransitionRefusalCode = MoveRefusal['code'];

/** An accepted move: narrow on `key` to get its payload's type. */
export type TransitionAccepted = {
	[Key in TransitionKey]: {
		ok: true;
		key: Key;
		from: CaseState;
		to: CaseState;
		payload: TransitionPayload<Key>;
		/** The case dates this move records; merge with `mergeCaseDates`. */
		recordedDates: CaseDates;
	};
}[TransitionKey];

export type TransitionCheck = TransitionAccepted | TransitionRefusal;

function stateLabel(state: string): string {
	return isCaseState(state) ? CASE_STATE_LABELS[state] : `"${state}"`;
}

/**
 * Whether `role` may move a case from `from` to `to` today with `payload`. Pure: the caller loads
 * the case, passes its state and facts, and on success stores the parsed payload and the dates.
 */
export function checkTransition(request: TransitionRequest): TransitionCheck {
	const { from, to, role, payload, today, facts = {} } = request;
	const transition = findMove(CASE_TRANSITIONS, from, to);
	if (!transition) return moveNotAllowed(CASE_TRANSITIONS, stateLabel, from, to);
	const wrongRole = roleRefusal(transition, role, stateLabel);
	if (wrongRole) return wrongRole;

	if (transition.when && !conditionHolds(transition.when, facts)) {
		return { ok: false, code: 'REQUIREMENT_MISSING', message: transition.when.unmet };
	}

	// Widened to one signature: the key has already tied this schema to this transition.
	const schemaFor = TRANSITION_PAYLOADS[transition.key] as (context: PayloadContext) => z.ZodType;
	const schema = schemaFor({
		today,
		classification: facts.classification,
		actionPlanItems: facts.actionPlanItems,
		previousIndependentChairs: facts.previousIndependentChairs,
		publicationHeldBy: facts.publicationHeldBy,
		imrsSignedOffOn: facts.imrsSignedOffOn
	});
	const parsed = parseMovePayload(schema, payload);
	if (!parsed.ok) return parsed;

	return {
		ok: true,
		key: transition.key,
		from: transition.from,
		to: transition.to,
		payload: parsed.data,
		recordedDates: recordedDatesFor(transition.key, parsed.data, today)
	} as TransitionAccepted;
}
