import { uuidv7 } from 'uuidv7';
import { awaitingTheChair, type ProcedureWorld } from './procedure';
import { todayIso, addCalendarDays } from '$lib/domain/calendar/iso-date';
import type { ImrInput } from '$lib/domain/imr/imr';

/** A case whose Chair decided `daysAgo` days ago to hold an SCR, police and health told. */
export async function scrDecidedCase(world: ProcedureWorld, daysAgo = 0) {
	const { caseId, version } = await awaitingTheChair(world, 'child_death', [
		world.agencies.police.id,
		world.agencies.health.id
	]);
	const decided = await world.as.chris.cases.transition({
		id: caseId,
		version,
		to: 'scr_initiated',
		payload: {
			decidedOn: addCalendarDays(todayIso(), -daysAgo),
			rationale: 'The criteria in §13.2 are met'
		}
	});
	return { caseId, version: decided.version };
}

/** An IMR as an agency would write it; signed off unless told otherwise. */
export function validImr(signedOff = true, overrides: Partial<ImrInput> = {}): ImrInput {
	const today = todayIso();
	return {
		author: { name: 'Ian Writer', role: 'Detective Inspector, review team' },
		chronology: [
			{
				date: addCalendarDays(today, -40),
				event: 'Referral from school about bruising',
				source: 'Police case file 44/12',
				significance: 'First sign of physical harm known to the agency'
			},
			{
				date: addCalendarDays(today, -20),
				event: 'Home visit, no answer',
				source: 'Officer notebook',
				significance: 'Missed chance to see the child'
			}
		],
		analysis: 'Information was not shared with children’s social care in time.',
		recommendations: 'Train response officers on referral thresholds.',
		...(signedOff
			? {
					signOff: {
						name: 'Sam Senior',
						role: 'Assistant Chief Constable',
						signedOffOn: today
					}
				}
			: {}),
		...overrides
	};
}

export const newImrId = () => uuidv7();
