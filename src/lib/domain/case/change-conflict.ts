import { formatIsoDate } from '$lib/domain/calendar/date-format';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { listInWords } from '$lib/domain/text';

/**
 * What someone else changed on a case since the version a user was working from: the words of a
 * version conflict: a stale version is a conflict the user sees and resolves, never an overwrite.
 */
export interface CaseChange {
	actorName: string | null;
	/** What they did, as a verb phrase: "moved this case to Gathering information". */
	summary: string;
	at: number;
}

const clockTime = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** "Uma Unit moved this case to Gathering information at 14:03" (with the date if not today). */
export function describeChange(change: CaseChange, now: Date): string {
	const when = new Date(change.at);
	const day = todayIso(when);
	const on = day === todayIso(now) ? '' : ` on ${formatIsoDate(day)}`;
	return `${change.actorName ?? 'Someone'} ${change.summary} at ${clockTime.format(when)}${on}`;
}

const MAX_NAMED = 3;

export const CONFLICT_ADVICE =
	'Nothing you entered was saved: reload the case to see the change, then make yours again if it is still needed.';

/** The message of a version conflict, naming up to three changes, oldest first. */
export function conflictMessage(changes: readonly CaseChange[], now: Date): string {
	if (changes.length === 0) return `Someone else changed this case. ${CONFLICT_ADVICE}`;
	const named = changes.slice(0, MAX_NAMED).map((change) => describeChange(change, now));
	const more = changes.length - named.length;
	if (more > 0) named.push(`${more} more change${more === 1 ? '' : 's'} were made`);
	return `${listInWords(named)}. ${CONFLICT_ADVICE}`;
}
