import { registerSW } from 'virtual:pwa-register';

/** What the page knows about the service worker, for the update prompt. */
export interface ServiceWorkerUpdate {
	/** Called once a new version of the worker is installed and waiting to take over. */
	onNeedRefresh: () => void;
}

let started: Promise<void> | undefined;
let activateWaiting: ((reloadPage?: boolean) => Promise<void>) | undefined;
const listeners = new Set<() => void>();
let waiting = false;

/**
 * Registers /sw.js (built from src/sw.ts), once per page load, in the browser only. The worker
 * waits after installing an update (registerType 'prompt'): `listener` hears about it, and
 * `applyUpdate` lets it take over.
 */
export function registerServiceWorker(listener: ServiceWorkerUpdate['onNeedRefresh']): () => void {
	listeners.add(listener);
	if (waiting) listener();
	if (!started && typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
		started = Promise.resolve().then(() => {
			activateWaiting = registerSW({
				immediate: true,
				onNeedRefresh() {
					waiting = true;
					for (const notify of listeners) notify();
				},
				// A new worker took control after "Reload to update" (here or in another tab):
				// load the page again from it. Drafts are in IndexedDB, so nothing typed is lost.
				onNeedReload() {
					window.location.reload();
				},
				onRegisterError(error: unknown) {
					// Not fatal: the app works online without a worker. Logged as a warning, not an
					// error, because it changes nothing for the person using the page.
					console.warn('Service worker registration failed', error);
				}
			});
		});
	}
	return () => listeners.delete(listener);
}

/**
 * Tells the waiting worker to take over (it calls skipWaiting() on {type: 'SKIP_WAITING'}); the
 * page reloads when it becomes the controller (`controllerchange`).
 */
export async function applyUpdate(): Promise<void> {
	await started;
	await activateWaiting?.(true);
}
