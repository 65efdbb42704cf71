import { redirect } from '@sveltejs/kit';
import type { LayoutLoad } from './$types';
import { device } from '$lib/client/device/device-session.svelte';
import { passcodeFailures } from '$lib/client/device/device-lock';
import { PASSWORD_PAGE } from '$lib/domain/password-policy';
import { HOME_BY_ROLE } from '$lib/domain/roles';

// The device lock's pages (docs/decisions/017): set a passcode on a first sign-in here, enter it
// to unlock. Rendered in the browser only, like the practitioner's pages, so they work offline
// from the service worker's app shell. They show nothing of the device's records.
export const ssr = false;

/** Where to go once unlocked: a path of this site, never the lock's own pages. */
function nextPath(next: string | null, home: string): string {
	if (!next || !/^\/(?![/\\])/.test(next) || /^\/(unlock|passcode)\b/.test(next)) {
		return home;
	}
	return next;
}

export const load: LayoutLoad = async ({ url }) => {
	const check = await device.open();
	if (check === 'password-first') redirect(307, PASSWORD_PAGE);
	if (check !== 'online' && check !== 'offline') redirect(307, `/sign-in?reason=${check}`);
	const profile = device.profile;
	if (!profile) redirect(307, '/sign-in');
	// Agencies keep their requests and reports on the device too (docs/decisions/029).
	if (profile.role !== 'practitioner' && profile.role !== 'agency') redirect(307, '/');
	const next = nextPath(url.searchParams.get('next'), HOME_BY_ROLE[profile.role]);
	if (device.unlocked) redirect(307, next);
	const page = device.hasLock ? '/unlock' : '/passcode';
	if (url.pathname !== page) redirect(307, `${page}?next=${encodeURIComponent(next)}`);
	return {
		next,
		// The header shows no one's name or pages while the device is locked.
		user: null,
		failures: await passcodeFailures(device.db, profile.userId),
		wipe: (await device.db.get('wipes', profile.userId)) ?? null
	};
};
