import type { LayoutLoad } from './$types';
import { openDeviceFor } from '$lib/client/device/device-gate';

// An agency's pages render in the browser only, like the practitioner's (docs/decisions/029):
// from the API when the server answers, else from what the device last synced, sealed under the
// same passcode-wrapped device key (docs/decisions/017). So the inbox and each request open from
// the service worker's app shell with no server at all, after a reload or from a deep link too.
// Each API procedure still checks the role and the agency's scope.
export const ssr = false;

export const load: LayoutLoad = ({ url, untrack }) =>
	openDeviceFor('agency', () => untrack(() => url.pathname + url.search));
