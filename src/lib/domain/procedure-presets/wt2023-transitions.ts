import type { z } from 'zod';
import type { Role } from '$lib/domain/roles';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { isWt2023State, WT2023_STATE_LABELS, type Wt2023State } from './wt2023-states';
import { WT2023_MOVES, wt2023RecordedDates, type Wt2023Move } from './wt2023-table';
import {
	WT2023_PAYLOADS,
	type Wt2023MoveKey,
	type Wt2023Payload,
	type Wt2023PayloadContext
} from './wt2023-payloads';
import {
	findMove,
	moveNotAllowed,
	parseMovePayload,
	roleRefusal,
	type MoveRefusal
} from './preset-moves';

/**
 * Checking a move of a Working Together 2023 case against wt2023-table.ts: the pure core of the
 * service that moves such a case and of its case page's next steps (the seed's counterpart is
 * case/case-transitions.ts, sharing its refusals).
 */

function stateLabel(state: string): string {
	return isWt2023State(state) ? WT2023_STATE_LABELS[state] : `"${state}"`;
}

/** Fields a move asks for only on some cases: the looked-after child's death is told only if any. */
function applies(field: string, dates: CaseDates): boolean {
	return field !== 'lacDeathNotifiedOn' || dates.lacDeathKnownOn !== undefined;
}

export interface Wt2023MoveOption {
	key: Wt2023MoveKey;
	to: Wt2023State;
	toLabel: string;
	action: string;
	section: string;
	requires: readonly string[];
}

/** The moves `role` may make from `state` on a case with `dates`, for the case page to offer. */
export function wt2023MovesFrom(
	state: Wt2023State,
	role: Role,
	dates: CaseDates
): Wt2023MoveOption[] {
	return WT2023_MOVES.filter((move) => move.from === state && move.roles.includes(role)).map(
		({ key, to, action, section, requires }) => ({
			key,
			to,
			toLabel: WT2023_STATE_LABELS[to],
			action,
			section,
			requires: requires.filter((field) => applies(field, dates))
		})
	);
}

export interface Wt2023MoveRequest {
	from: string;
	to: string;
	role: Role;
	payload: unknown;
	today: IsoDate;
	/** The case's recorded dates, which later dates must not precede. */
	dates: CaseDates;
}

export type Wt2023Accepted = {
	[Key in Wt2023MoveKey]: {
		ok: true;
		key: Key;
		from: Wt2023State;
		to: Wt2023State;
		payload: Wt2023Payload<Key>;
		recordedDates: CaseDates;
	};
}[Wt2023MoveKey];

/** Whether `role` may move a Working Together 2023 case from `from` to `to` with `payload`. */
export function checkWt2023Move(request: Wt2023MoveRequest): Wt2023Accepted | MoveRefusal {
	const { from, to, role, payload, today, dates } = request;
	const move: Wt2023Move | undefined = findMove(WT2023_MOVES, from, to);
	if (!move) return moveNotAllowed(WT2023_MOVES, stateLabel, from, to);
	const wrongRole = roleRefusal(move, role, stateLabel);
	if (wrongRole) return wrongRole;

	const context: Wt2023PayloadContext = { today, dates };
	// Widened to one signature: the key has already tied this schema to this move.
	const schemaFor = WT2023_PAYLOADS[move.key] as (context: Wt2023PayloadContext) => z.ZodType;
	const parsed = parseMovePayload(schemaFor(context), payload);
	if (!parsed.ok) return parsed;
	return {
		ok: true,
		key: move.key,
		from: move.from,
		to: move.to,
		payload: parsed.data,
		recordedDates: wt2023RecordedDates(move.key, parsed.data, today)
	} as Wt2023Accepted;
}
