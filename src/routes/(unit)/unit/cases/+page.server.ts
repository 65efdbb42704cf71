import type { PageServerLoad } from './$types';
import { pageCaller } from '$lib/server/kit/guards';
import { attempt } from '$lib/server/kit/action-errors';
import { CASE_STATES, type CaseState } from '$lib/domain/case/case-states';
import { CASES_LIST_SORTS, type CasesListSort } from '$lib/domain/case/cases-list';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Filters live in the address (GET form), as the queue's do, so a filtered list can be
 * bookmarked: a stage, an owner's id (never a name), overdue, the order. `mine=1`, the old
 * address of "cases I own", still works.
 */
function readFilters(params: URLSearchParams) {
	const state = params.get('state') ?? '';
	const sort = params.get('sort') ?? 'deadline';
	const owner = params.get('owner') ?? (params.get('mine') === '1' ? 'me' : '');
	return {
		state: (CASE_STATES as readonly string[]).includes(state) ? (state as CaseState) : undefined,
		owner: owner === 'me' || owner === 'none' || UUID.test(owner) ? owner : undefined,
		overdue: params.get('overdue') === '1' || undefined,
		sort: (CASES_LIST_SORTS as readonly string[]).includes(sort)
			? (sort as CasesListSort)
			: 'deadline'
	};
}

export const load: PageServerLoad = async (event) => {
	const caller = await pageCaller(event);
	const filters = readFilters(event.url.searchParams);
	const cursor = event.url.searchParams.get('after');
	const [page, members] = await Promise.all([
		attempt(() => caller.cases.page({ ...filters, cursor, limit: PAGE_SIZE })),
		caller.users.unitMembers()
	]);
	// A stale or altered page link starts again from the first page rather than failing.
	const result = page.ok
		? page.value
		: await caller.cases.page({ ...filters, cursor: null, limit: PAGE_SIZE });
	const params = new URLSearchParams(event.url.searchParams);
	params.delete('after');
	return {
		cases: result.items,
		next: result.next,
		isFirstPage: !cursor || !page.ok,
		filters: { ...filters, state: filters.state ?? '', owner: filters.owner ?? '' },
		filterQuery: params.toString(),
		members: members.map((m) => ({ id: m.id, name: m.name }))
	};
};
