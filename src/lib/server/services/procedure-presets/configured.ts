import {
	parseProcedureSetting,
	type ProcedurePresetId
} from '$lib/domain/procedure-presets/presets';

/**
 * The preset new cases open under: the SAFEGUARD_PROCEDURE setting, the seed's when unset
 * (docs/decisions/033). Read at each opening, so the setting applies from the next case on and a
 * case already open keeps its own.
 */
export function configuredProcedure(env: NodeJS.ProcessEnv = process.env): ProcedurePresetId {
	return parseProcedureSetting(env.SAFEGUARD_PROCEDURE);
}
