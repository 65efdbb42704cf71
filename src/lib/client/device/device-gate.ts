import { redirect } from '@sveltejs/kit';
import { device } from './device-session.svelte';
import { PASSWORD_PAGE } from '$lib/domain/password-policy';
import type { Role } from '$lib/domain/roles';

/**
 * The start of every page that reads the device (the practitioner's and the agency's layouts):
 * asks the server who is signed in, or falls back to the device's last user when it cannot be
 * reached; sends anyone else away; and shows nothing until the device key is unlocked with the
 * passcode (set on the first sign-in here): every page load starts locked (decision 017).
 */
export async function openDeviceFor(
	role: Role,
	here: () => string
): Promise<{ user: { name: string; role: Role; unread?: number } }> {
	const check = await device.open();
	if (check === 'password-first') redirect(307, PASSWORD_PAGE);
	if (check !== 'online' && check !== 'offline') redirect(307, `/sign-in?reason=${check}`);
	const profile = device.profile;
	if (!profile) redirect(307, '/sign-in');
	if (profile.role !== role) redirect(307, '/');
	if (!device.unlocked) {
		const next = encodeURIComponent(here());
		redirect(307, `/${device.hasLock ? 'unlock' : 'passcode'}?next=${next}`);
	}
	// The header's unread count comes with `auth.me`'s answer (decision 024); offline, as last known.
	return { user: { name: profile.name, role: profile.role, unread: profile.unread } };
}
