import type { PageServerLoad } from './$types';
import { serverCaller } from '$lib/server/guards';

const PAGE_SIZE = 25;

/** `after` is "receivedAt.id" of the last row seen: no personal data, stable under inserts. */
function parseCursor(value: string | null) {
	const m = value ? /^(\d{1,15})\.([0-9a-f-]{36})$/.exec(value) : null;
	return m ? { receivedAt: Number(m[1]), id: m[2] ?? '' } : null;
}

export const load: PageServerLoad = async (event) => {
	const cursor = parseCursor(event.url.searchParams.get('after'));
	const page = await (await serverCaller(event)).notifications.queue({ limit: PAGE_SIZE, cursor });
	return {
		items: page.items,
		next: page.next ? `${page.next.receivedAt}.${page.next.id}` : null,
		isFirstPage: cursor === null
	};
};
