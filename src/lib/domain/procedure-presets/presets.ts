import { isOneOf } from '$lib/domain/one-of';
import { CASE_STATES, CASE_STATE_LABELS, type CaseState } from '$lib/domain/case/case-states';
import { CASE_TRANSITIONS } from '$lib/domain/case/transition-table';
import { SCR_PROCEDURE_CLOCKS, type ClockDefinition } from '$lib/domain/case/clock-preset';
import { WT2023_INITIAL_STATE, WT2023_STATES, WT2023_STATE_LABELS } from './wt2023-states';
import type { Wt2023State } from './wt2023-states';
import { WT2023_MOVES } from './wt2023-table';
import { WT2023_CLOCKS } from './wt2023-clocks';
import type { PresetMove } from './preset-moves';
import type { IsoDate } from '$lib/domain/calendar/iso-date';
import type { CaseDates } from '$lib/domain/case/case-dates';

/**
 * The procedures a deployment can follow (docs/decisions/033), each held as data of the same
 * shape: states, moves (with who makes them), clocks. A deployment picks the preset new cases
 * open under (SAFEGUARD_PROCEDURE); each case keeps its own, so a change of setting leaves every
 * existing case on the procedure it was opened under.
 */
export const PROCEDURE_PRESETS = ['lscb_2006', 'wt_2023'] as const;
export type ProcedurePresetId = (typeof PROCEDURE_PRESETS)[number];

/** The seed's procedure: every case stored before presets existed follows it (migration 0019). */
export const DEFAULT_PROCEDURE_PRESET: ProcedurePresetId = 'lscb_2006';

export function isProcedurePresetId(value: unknown): value is ProcedurePresetId {
	return isOneOf(PROCEDURE_PRESETS, value);
}

/** A state under either preset; `closed` is shared. */
export type AnyCaseState = CaseState | Wt2023State;

/** Every state of every preset, each once: what the cases table may hold. */
export const ALL_CASE_STATES = [
	...CASE_STATES,
	...WT2023_STATES.filter((state) => state !== 'closed')
] as unknown as readonly [AnyCaseState, ...AnyCaseState[]];

export interface ProcedurePreset {
	id: ProcedurePresetId;
	/** What the case page and the settings say the procedure is. */
	name: string;
	states: readonly AnyCaseState[];
	/** The state a case opens in. */
	initialState: AnyCaseState;
	stateLabels: Readonly<Record<string, string>>;
	moves: readonly PresetMove[];
	clocks: readonly ClockDefinition[];
	/** The dates a case opens with, from the day its first notification was received (T0). */
	openingDates: (receivedOn: IsoDate) => CaseDates;
}

export const PROCEDURE_PRESET_TABLE: Record<ProcedurePresetId, ProcedurePreset> = {
	lscb_2006: {
		id: 'lscb_2006',
		name: 'LSCB serious case review procedure (§13)',
		states: CASE_STATES,
		initialState: 'triage',
		stateLabels: CASE_STATE_LABELS,
		moves: CASE_TRANSITIONS,
		clocks: SCR_PROCEDURE_CLOCKS,
		openingDates: (receivedOn) => ({ receivedOn })
	},
	wt_2023: {
		id: 'wt_2023',
		name: 'Working Together to Safeguard Children 2023',
		states: WT2023_STATES,
		initialState: WT2023_INITIAL_STATE,
		stateLabels: WT2023_STATE_LABELS,
		moves: WT2023_MOVES,
		clocks: WT2023_CLOCKS,
		// The notification reaching the Unit makes the local authority aware at the latest, so the
		// 5-day clock runs from the start; the first move may record an earlier date.
		openingDates: (receivedOn) => ({ receivedOn, becameAwareOn: receivedOn })
	}
};

export function procedurePreset(id: ProcedurePresetId): ProcedurePreset {
	return PROCEDURE_PRESET_TABLE[id];
}

/** A state's label under the case's preset; a state the preset does not know, quoted. */
export function presetStateLabel(id: ProcedurePresetId, state: string): string {
	return PROCEDURE_PRESET_TABLE[id].stateLabels[state] ?? `"${state}"`;
}

/** The clocks of a case under `id`. */
export function presetClocks(id: ProcedurePresetId): readonly ClockDefinition[] {
	return PROCEDURE_PRESET_TABLE[id].clocks;
}

/**
 * The SAFEGUARD_PROCEDURE setting: blank means the seed's procedure; anything else must name a
 * preset, so a misspelt setting stops the server rather than opening cases under the wrong one.
 */
export function parseProcedureSetting(value: string | undefined): ProcedurePresetId {
	const setting = value?.trim() ?? '';
	if (setting === '') return DEFAULT_PROCEDURE_PRESET;
	if (isProcedurePresetId(setting)) return setting;
	throw new Error(
		`SAFEGUARD_PROCEDURE must be one of ${PROCEDURE_PRESETS.join(', ')} (or unset for ${DEFAULT_PROCEDURE_PRESET})`
	);
}

/**
 * A move of any preset by its key ('from->to'; no key is in two presets): what a form names, so
 * the page knows which fields to read. The case's own table still decides whether it is allowed.
 */
export function presetMoveByKey(key: string, to: string): PresetMove | undefined {
	for (const id of PROCEDURE_PRESETS) {
		const move = PROCEDURE_PRESET_TABLE[id].moves.find((m) => m.key === key && m.to === to);
		if (move) return move;
	}
	return undefined;
}
