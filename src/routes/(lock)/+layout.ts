import { redirect } from '@sveltejs/kit';
import type { LayoutLoad } from './$types';
import { device } from '$lib/client/device/device-session.svelte';
import { passcodeFailures } from '$lib/client/device/device-lock';
import { PASSWORD_PAGE } from '$lib/domain/password-policy';

// The device lock's pages (docs/decisions/017): set a passcode on a first sign-in here, enter it
// to unlock. Rendered in the browser only, like the practitioner's pages, so they work offline
// from the service worker's app shell. They show nothing of the device's records.
export const ssr = false;

/** Where to go once unlocked: a path of this site, never the lock's own pages. */
function nextPath(next: string | null): string {
	if (!next || !/^\/(?![/\\])/.test(next) || /^\/(unlock|passcode)\b/.test(next)) {
		return '/notifications';
	}
	return next;
}

export const load: LayoutLoad = async ({ url }) => {
	const check = await device.open();
	if (check === 'password-first') redirect(307, PASSWORD_PAGE);
	if (check !== 'online' && check !== 'offline') redirect(307, `/sign-in?reason=${check}`);
	const profile = device.profile;
	if (!profile) redirect(307, '/sign-in');
	if (profile.role !== 'practitioner') redirect(307, '/');
	const next = nextPath(url.searchParams.get('next'));
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
