import { redirect } from '@sveltejs/kit';
import type { LayoutLoad } from './$types';
import { device } from '$lib/client/device/device-session.svelte';
import { PASSWORD_PAGE } from '$lib/domain/password-policy';

// The practitioner's pages render in the browser only, from the device and the API, so they
// work from the service worker's app shell with no server at all.
export const ssr = false;

export const load: LayoutLoad = async ({ url, untrack }) => {
	const check = await device.open();
	if (check === 'password-first') redirect(307, PASSWORD_PAGE);
	if (check !== 'online' && check !== 'offline') redirect(307, `/sign-in?reason=${check}`);
	const profile = device.profile;
	if (!profile) redirect(307, '/sign-in');
	if (profile.role !== 'practitioner') redirect(307, '/');
	// Nothing of the device's is shown until its key is unlocked with the passcode (set on the
	// first sign-in here): every page load starts locked (docs/decisions/017).
	if (!device.unlocked) {
		const next = encodeURIComponent(untrack(() => url.pathname + url.search));
		redirect(307, `/${device.hasLock ? 'unlock' : 'passcode'}?next=${next}`);
	}
	return { user: { name: profile.name, role: profile.role, unread: profile.unread } };
};
