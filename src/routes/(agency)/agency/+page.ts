import type { PageLoad } from './$types';
import { api } from '$lib/api';
import { device } from '$lib/client/device/device-session.svelte';
import { AGENCY_INBOX, agencySynced } from '$lib/client/device/agency-cache';

type Requests = Awaited<ReturnType<typeof api.agency.requests.query>>;
type FilesSecured = Awaited<ReturnType<typeof api.agency.filesSecured.query>>;
type Imrs = Awaited<ReturnType<typeof api.imrs.mine.query>>;
export interface AgencyInbox {
	requests: Requests;
	filesSecured: FilesSecured;
	/** Absent from a copy synced before IMR requests were listed here. */
	imrs?: Imrs;
}

export const load: PageLoad = async ({ parent }) => {
	await parent();
	const synced = await agencySynced<AgencyInbox>(device, AGENCY_INBOX, async () => {
		const [requests, filesSecured, imrs] = await Promise.all([
			api.agency.requests.query(),
			api.agency.filesSecured.query(),
			api.imrs.mine.query()
		]);
		return { requests, filesSecured, imrs };
	});
	return {
		requests: synced?.value.requests ?? [],
		filesSecured: synced?.value.filesSecured ?? [],
		imrs: synced?.value.imrs ?? [],
		// Null when the server answered; the time of the last sync when offline; 0 when never.
		syncedAt: synced ? synced.fetchedAt : 0
	};
};
