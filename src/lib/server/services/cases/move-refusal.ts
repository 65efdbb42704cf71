import { problem } from '$lib/server/infra/problem';
import type { MoveRefusal } from '$lib/domain/procedure-presets/preset-moves';

/** The catalogue code for a refusal: the table's words stay as the message. */
export function refusalProblem(refusal: MoveRefusal) {
	switch (refusal.code) {
		case 'ROLE_NOT_ALLOWED':
			return problem('FORBIDDEN_ROLE', undefined, refusal.message);
		case 'REQUIREMENT_MISSING':
			// A missing or wrong field is bad input; an unmet fact (open action items, the
			// evaluation grade) means the move is not open yet.
			return refusal.fieldErrors
				? problem('INVALID_INPUT', refusal.fieldErrors)
				: problem('TRANSITION_NOT_ALLOWED', undefined, refusal.message);
		case 'TRANSITION_NOT_ALLOWED':
			return problem('TRANSITION_NOT_ALLOWED', undefined, refusal.message);
	}
}
