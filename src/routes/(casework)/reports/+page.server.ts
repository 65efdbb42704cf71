import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { todayIso } from '$lib/domain/calendar/iso-date';
import { fieldErrorsFrom } from '$lib/domain/field-errors';
import {
	defaultPeriod,
	filtersFromSearch,
	reportFiltersSchema,
	searchForFilters
} from '$lib/domain/reports/report-filters';
import { EXPORT_ERROR_MESSAGES } from '$lib/domain/reports/exports';

// Filters live in the address (a GET form): a view can be bookmarked, shared and printed. A wrong
// filter is named in the error summary and the page shows the default period meanwhile.
export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const today = todayIso();
	const asked = filtersFromSearch(event.url.searchParams, today);
	const parsed = reportFiltersSchema.safeParse(asked);
	const filters = parsed.success ? parsed.data : defaultPeriod(today);
	const dashboard = await caller.reports.dashboard(filters);
	// A refused download of the names comes back here with its error's code alone.
	const exportError = event.url.searchParams.get('exportError');
	const exportErrors: Record<string, string> =
		exportError === 'reason' || exportError === 'list'
			? { [`export-${exportError}`]: EXPORT_ERROR_MESSAGES[exportError] }
			: {};
	return {
		dashboard,
		asked: Object.fromEntries(
			Object.entries(asked).map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		),
		errors: { ...(parsed.success ? {} : fieldErrorsFrom(parsed.error)), ...exportErrors },
		exportErrors,
		query: searchForFilters(filters),
		today
	};
};
