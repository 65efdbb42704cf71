import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { INCIDENT_TYPES } from '$lib/domain/notification/notification-options';
import { QUEUE_SORTS, type QueueSort } from '$lib/domain/triage/queue-cursor';

const PAGE_SIZE = 25;

/** Filters live in the address (GET form), so a filtered queue can be bookmarked and shared. */
function readFilters(params: URLSearchParams) {
	const type = params.get('type') ?? '';
	const sort = params.get('sort') ?? 'deadline';
	return {
		type: type in INCIDENT_TYPES ? (type as keyof typeof INCIDENT_TYPES) : undefined,
		agencyId: params.get('agency') || undefined,
		assignedToMe: params.get('mine') === '1' || undefined,
		overdue: params.get('overdue') === '1' || undefined,
		otherChildrenAtRisk: params.get('others') === '1' || undefined,
		sort: (QUEUE_SORTS as readonly string[]).includes(sort) ? (sort as QueueSort) : 'deadline'
	};
}

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const filters = readFilters(event.url.searchParams);
	const cursor = event.url.searchParams.get('after');
	const [page, agencies] = await Promise.all([
		attempt(() => caller.triage.queue({ ...filters, cursor, limit: PAGE_SIZE })),
		caller.agencies.list()
	]);
	// A stale or altered page link starts again from the first page rather than failing.
	const result = page.ok
		? page.value
		: await caller.triage.queue({ ...filters, cursor: null, limit: PAGE_SIZE });
	const params = new URLSearchParams(event.url.searchParams);
	params.delete('after');
	return {
		items: result.items,
		next: result.next,
		isFirstPage: !cursor || !page.ok,
		filters: { ...filters, agencyId: filters.agencyId ?? '' },
		filterQuery: params.toString(),
		agencies: agencies.map((a) => ({ id: a.id, name: a.name }))
	};
};
