import { goto } from '$app/navigation';
import { device } from './device-session.svelte';
import { watchIdle } from './idle-lock';

/**
 * What an agency's pages do while open (docs/decisions/029), kept out of the shared header and
 * the practitioner's code so the notification form's page carries none of it:
 *
 * - the idle lock of decision 017: after a while without use the key is forgotten and the
 *   passcode asked for again;
 * - signing out removes the agency's key and everything synced to this device before the session
 *   ends: the header's sign-out form is caught as it is sent (capture phase, before the form's
 *   own handler), the data wiped, and the form sent on.
 *
 * Returns what stops both.
 */
export function watchAgencyDevice(): () => void {
	const stopIdle = watchIdle(() => {
		device.lock();
		const next = encodeURIComponent(location.pathname + location.search);
		void goto(`/unlock?next=${next}`, { replaceState: true });
	});
	let wiped = false;
	const onSubmit = (event: SubmitEvent) => {
		const form = event.target;
		if (wiped || !(form instanceof HTMLFormElement)) return;
		if (new URL(form.action, location.href).pathname !== '/sign-out') return;
		event.preventDefault();
		event.stopImmediatePropagation();
		void (async () => {
			const { wipeUser } = await import('./device-wipe');
			if (device.profile) await wipeUser(device.db, device.userId);
			wiped = true;
			form.submit();
		})();
	};
	document.addEventListener('submit', onSubmit, true);
	return () => {
		stopIdle();
		document.removeEventListener('submit', onSubmit, true);
	};
}
