import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { api, describeApiError } from '$lib/api';
import { device } from '$lib/client/device/device-session.svelte';
import { AGENCY_INBOX, agencyRequestKey, agencySynced } from '$lib/client/device/agency-cache';
import { cacheGet } from '$lib/client/device/notifications-cache';
import { newReportId } from '$lib/client/device/report-id';
import { loadReportDraft } from '$lib/client/device/report-drafts';
import { ERRORS } from '$lib/errors';
import type { AgencyInbox } from '../../+page';

type Request = Awaited<ReturnType<typeof api.agency.request.query>>;

export const load: PageLoad = async ({ params, parent }) => {
	await parent();
	// What was typed here before (sealed on the device) and its identifier; else a new one. A
	// resend of the same report, after a reload too, is the same report to the server.
	const saved = (await loadReportDraft(device, params.id)) ?? null;
	const clientId = saved?.clientId ?? newReportId();
	let synced: Awaited<ReturnType<typeof agencySynced<Request>>>;
	try {
		synced = await agencySynced(device, agencyRequestKey(params.id), () =>
			api.agency.request.query({ id: params.id })
		);
	} catch (e) {
		const { code } = describeApiError(e);
		if (code === 'NOT_FOUND' || code === 'INVALID_INPUT') {
			error(404, { message: ERRORS.NOT_FOUND.message });
		}
		throw e;
	}
	if (synced) {
		return { request: synced.value, syncedAt: synced.fetchedAt, clientId, saved, partial: false };
	}
	// Offline, and this request was never opened here: its facts as the inbox last synced them
	// (the same minimum facts, §13.5), without its answers, which only the request itself holds.
	const inbox = await cacheGet<AgencyInbox>(device.db, device.key, device.userId, AGENCY_INBOX);
	const row = inbox?.value.requests.find((r) => r.id === params.id);
	if (!inbox || !row) {
		error(503, { message: 'You are offline and this request is not on this device.' });
	}
	const request: Request = { ...row, caseId: null, filesSecured: null, versions: [] };
	return { request, syncedAt: inbox.fetchedAt, clientId, saved, partial: true };
};
