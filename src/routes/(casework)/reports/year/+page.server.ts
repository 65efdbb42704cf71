import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { todayIso, yearOf } from '$lib/domain/calendar/iso-date';

// The year is in the address (?year=2026), this year by default; a year out of range is named.
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const thisYear = yearOf(todayIso());
	const asked = event.url.searchParams.get('year');
	const year = asked === null || asked.trim() === '' ? thisYear : Number(asked);
	const result = await attempt(() => caller.reports.year({ year }));
	const none: Record<string, string> = {};
	if (result.ok) return { report: result.value, errors: none, asked: String(year), thisYear };
	return {
		report: await caller.reports.year({ year: thisYear }),
		errors: { year: result.errors.year ?? 'Enter a year, for example 2026' },
		asked: asked ?? '',
		thisYear
	};
};
