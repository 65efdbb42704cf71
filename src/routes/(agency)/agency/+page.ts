import type { PageLoad } from './$types';
import { api } from '$lib/api';
import { device } from '$lib/client/device/device-session.svelte';
import { AGENCY_INBOX, agencySynced } from '$lib/client/device/agency-cache';

type Requests = Awaited<ReturnType<typeof api.agency.requests.query>>;
type FilesSecured = Awaited<ReturnType<typeof api.agency.filesSecured.query>>;
export interface AgencyInbox {
	requests: Requests;
	filesSecured: FilesSecured;
}

export const load: PageLoad = async ({ parent }) => {
	await parent();
	const synced = await agencySynced<AgencyInbox>(device, AGENCY_INBOX, async () => ({
		requests: await api.agency.requests.query(),
		filesSecured: await api.agency.filesSecured.query()
	}));
	return {
		requests: synced?.value.requests ?? [],
		filesSecured: synced?.value.filesSecured ?? [],
		// Null when the server answered; the time of the last sync when offline; 0 when never.
		syncedAt: synced ? synced.fetchedAt : 0
	};
};
