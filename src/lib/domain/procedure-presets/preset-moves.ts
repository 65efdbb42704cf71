import type { z } from 'zod';
import { ROLE_LABELS, type Role } from '$lib/domain/roles';
import { fieldErrorsFrom } from '$lib/domain/field-errors';
import { listInWords } from '$lib/domain/text';

/**
 * What every procedure preset's table of moves has in common (the seed's transition-table.ts,
 * wt2023-table.ts), and the refusals that read the same under any preset: a move the table does
 * not list, or a role it does not give the move.
 */
export interface PresetMove {
	key: string;
	from: string;
	to: string;
	/** Who may make the move. */
	roles: readonly Role[];
	/** The button or link text for the move. */
	action: string;
	/** Where the procedure says so: "13.5" in the seed's, the guidance or the law in WT2023's. */
	section: string;
	/** The payload fields the move requires, in form order (the schema is the authority). */
	requires: readonly string[];
}

export interface MoveRefusal {
	ok: false;
	code: 'TRANSITION_NOT_ALLOWED' | 'ROLE_NOT_ALLOWED' | 'REQUIREMENT_MISSING';
	message: string;
	/** The first problem with each payload field, by field name, for the form's error summary. */
	fieldErrors?: Record<string, string>;
}

export function findMove<Move extends PresetMove>(
	moves: readonly Move[],
	from: string,
	to: string
): Move | undefined {
	return moves.find((move) => move.from === from && move.to === to);
}

/** A state's name in a sentence; a string that is no state of the preset, quoted. */
export type StateLabeller = (state: string) => string;

export function moveNotAllowed(
	moves: readonly PresetMove[],
	labelOf: StateLabeller,
	from: string,
	to: string
): MoveRefusal {
	const onwards = moves.filter((move) => move.from === from).map((move) => labelOf(move.to));
	const options =
		onwards.length > 0
			? `From ${labelOf(from)} a case can move to ${listInWords(onwards, 'or')}`
			: `${labelOf(from)} is the end of the process`;
	return {
		ok: false,
		code: 'TRANSITION_NOT_ALLOWED',
		message: `A case cannot move from ${labelOf(from)} to ${labelOf(to)}. ${options}`
	};
}

/** Null when `role` may make the move; otherwise who may. */
export function roleRefusal(
	move: PresetMove,
	role: Role,
	labelOf: StateLabeller
): MoveRefusal | null {
	if (move.roles.includes(role)) return null;
	const who = listInWords(
		move.roles.map((allowed) => ROLE_LABELS[allowed]),
		'or'
	);
	return {
		ok: false,
		code: 'ROLE_NOT_ALLOWED',
		message: `Only the ${who} can move a case from ${labelOf(move.from)} to ${labelOf(move.to)}`
	};
}

/** A move's payload checked against its schema: the parsed payload, or each field's problem. */
export function parseMovePayload(
	schema: z.ZodType,
	payload: unknown
): { ok: true; data: unknown } | MoveRefusal {
	const parsed = schema.safeParse(payload ?? {});
	if (parsed.success) return { ok: true, data: parsed.data };
	const fieldErrors = fieldErrorsFrom(parsed.error, { whole: 'payload' });
	const first = Object.values(fieldErrors)[0] ?? 'Check the details entered';
	return { ok: false, code: 'REQUIREMENT_MISSING', message: first, fieldErrors };
}
