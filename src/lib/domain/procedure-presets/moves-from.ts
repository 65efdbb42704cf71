import type { Role } from '$lib/domain/roles';
import type { CaseDates } from '$lib/domain/case/case-dates';
import { isCaseState } from '$lib/domain/case/case-states';
import {
	transitionsFrom,
	type CaseFacts,
	type TransitionOption
} from '$lib/domain/case/case-transitions';
import { isWt2023State } from './wt2023-states';
import { wt2023MovesFrom, type Wt2023MoveOption } from './wt2023-transitions';
import type { ProcedurePresetId } from './presets';

export type PresetMoveOption = TransitionOption | Wt2023MoveOption;

/**
 * The moves `role` may make on a case in `state` under the case's own preset: what the case page
 * offers. A state the preset does not know offers nothing (it cannot arise from the tables).
 */
export function presetMovesFrom(
	preset: ProcedurePresetId,
	state: string,
	role: Role,
	facts: CaseFacts,
	dates: CaseDates
): PresetMoveOption[] {
	if (preset === 'wt_2023') return isWt2023State(state) ? wt2023MovesFrom(state, role, dates) : [];
	return isCaseState(state) ? transitionsFrom(state, role, facts) : [];
}
