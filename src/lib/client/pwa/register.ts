import { registerSW } from 'virtual:pwa-register';

let started = false;
let activateWaiting: ((reloadPage?: boolean) => Promise<void>) | undefined;
let waiting = false;
let reloading = false;
const listeners = new Set<() => void>();

function reloadOnce() {
	if (reloading) return;
	reloading = true;
	window.location.reload();
}

function newVersionWaiting() {
	if (!waiting) {
		waiting = true;
		// When the new worker takes control (after "Reload to update" here or in another tab),
		// load the page again from it. Drafts are in IndexedDB, so nothing typed is lost.
		navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
	}
	for (const notify of listeners) notify();
}

/**
 * Registers /sw.js (built from src/sw.ts) once per page load, in the browser only, and tells
 * `onNeedRefresh` when a new version has installed and is waiting (registerType 'prompt': it
 * waits until `applyUpdate`). Returns a function that stops the notifications.
 */
export function registerServiceWorker(onNeedRefresh: () => void): () => void {
	listeners.add(onNeedRefresh);
	if (waiting) onNeedRefresh();
	if (!started && typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
		started = true;
		activateWaiting = registerSW({
			immediate: true,
			onNeedRefresh: newVersionWaiting,
			onNeedReload: reloadOnce,
			onRegisterError(error: unknown) {
				// Not fatal: the app works online without a worker. A warning, not an error: it
				// changes nothing for the person using the page.
				console.warn('Service worker registration failed', error);
			}
		});
	}
	return () => listeners.delete(onNeedRefresh);
}

/**
 * Asks the waiting worker to take over: it posts {type: 'SKIP_WAITING'}, the worker calls
 * skipWaiting() and clientsClaim(), and the page reloads on `controllerchange`.
 */
export async function applyUpdate(): Promise<void> {
	await activateWaiting?.(true);
}
