// The service worker (docs/decisions/007-service-worker.md). SvelteKit builds it through the
// entry src/lib/client/pwa/service-worker-entry.js (svelte.config.js `files.serviceWorker`), then
// @vite-pwa/sveltekit (vite.config.ts, strategy injectManifest) fills in self.__WB_MANIFEST and
// writes it to /sw.js.
//
// What it does, and only this:
// - precaches the app: every JS and CSS chunk, the icons, the web manifest and the prerendered
//   app shell (/shell), and serves them from the cache;
// - navigations go to the network first; when the server cannot be reached (offline, server down,
//   or no answer within NAVIGATION_TIMEOUT_SECONDS) the answer is the app shell, which renders the
//   route for the address in the browser;
// - page data requests (__data.json) go to the network only; when it cannot be reached (or does
//   not answer within DATA_TIMEOUT_SECONDS) the page gets a 503 with code OFFLINE, which
//   +error.svelte explains;
// - SvelteKit's version check (/_app/version.json) likewise, with the navigation timeout;
// - nothing else is touched: /api/ and every other request go straight to the network, and no
//   page or data response is ever stored (case content must not sit in a cache);
// - an answer naming a withdrawn session (X-Access-Withdrawn) wipes that user's data from the
//   device at once, as does the worker's own contact at a Background Sync, which then asks the
//   open pages to send (only an unlocked page can read the outbox: docs/decisions/017).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import type { PrecacheEntry } from 'workbox-precaching';
import type { WorkboxPlugin } from 'workbox-core/types';
import { SHELL_URL, offlineDataResponse } from './lib/client/pwa/offline';
import {
	OUTBOX_SYNC_TAG,
	syncFromWorker,
	wipeIfWithdrawn
} from './lib/client/device/background-sync';

// The worker's own types, declared here rather than with TypeScript's "webworker" lib: this file is
// checked with the app (svelte-check, eslint), and that lib would put worker globals into every
// page's types. Add to them what a new handler needs.
interface ExtendableEvent extends Event {
	waitUntil(promise: Promise<unknown>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
	readonly data: unknown;
}
/** Background Sync's event (see the section at the end). */
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
	readonly lastChance: boolean;
}
interface ServiceWorkerScope {
	/** Replaced at build time by the precache list. */
	readonly __WB_MANIFEST: (PrecacheEntry | string)[];
	readonly location: { readonly origin: string };
	readonly clients: Parameters<typeof syncFromWorker>[0];
	skipWaiting(): Promise<void>;
	addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
	addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
}
declare let self: ServiceWorkerScope;

/** How long a navigation waits for the server before showing the app shell. */
const NAVIGATION_TIMEOUT_SECONDS = 4;
/** How long a page's data request waits before the page says it is offline. */
const DATA_TIMEOUT_SECONDS = 15;

// ---------------------------------------------------------------------------------------------
// Life cycle: a new version waits until the page asks it to take over ("Reload to update" in
// UpdatePrompt.svelte posts {type: 'SKIP_WAITING'}), then controls every open page at once.
// ---------------------------------------------------------------------------------------------
self.addEventListener('message', (event: ExtendableMessageEvent) => {
	const data = event.data as { type?: unknown } | null;
	if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();

// ---------------------------------------------------------------------------------------------
// Precache: the list is injected at build time; old versions' caches are removed on activation.
// ---------------------------------------------------------------------------------------------
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// ---------------------------------------------------------------------------------------------
// Network failures. A gateway's 502 or 504 means our server is not answering: treated like no
// network at all. Other answers (a 500, a 404, a redirect to sign-in) reach the page as they are.
// ---------------------------------------------------------------------------------------------
const serverUnreachable: WorkboxPlugin = {
	fetchDidSucceed: async ({ response }) => {
		if (response.status === 502 || response.status === 504)
			throw new Error(`gateway answered ${response.status}`);
		// The server's first answer to a withdrawn session names whose it was: wipe before the
		// page even starts.
		await wipeIfWithdrawn(response);
		return response;
	}
};

// ---------------------------------------------------------------------------------------------
// Navigations: network first (never stored), the precached app shell when that fails.
// ---------------------------------------------------------------------------------------------
/**
 * The precached shell, with the headers the server's hooks would have added: a `<meta>` CSP
 * (which the shell has) cannot forbid framing.
 */
async function shellResponse(): Promise<Response> {
	const cached = await matchPrecache(SHELL_URL);
	if (!cached) return Response.error();
	const headers = new Headers(cached.headers);
	headers.set('Content-Security-Policy', "frame-ancestors 'none'");
	headers.set('X-Frame-Options', 'DENY');
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('Cache-Control', 'no-store');
	return new Response(cached.body, { status: 200, statusText: 'OK', headers });
}
const shellOnFailure: WorkboxPlugin = { handlerDidError: shellResponse };
registerRoute(
	new NavigationRoute(
		new NetworkOnly({
			networkTimeoutSeconds: NAVIGATION_TIMEOUT_SECONDS,
			plugins: [serverUnreachable, shellOnFailure]
		}),
		// The API is never a page; nothing under it is answered from here.
		{ denylist: [/^\/api\//] }
	)
);

// ---------------------------------------------------------------------------------------------
// Page data (server load functions of online-only pages): network only, an OFFLINE error when
// the server cannot be reached.
// ---------------------------------------------------------------------------------------------
registerRoute(
	({ url, sameOrigin }) =>
		sameOrigin && !url.pathname.startsWith('/api/') && url.pathname.endsWith('/__data.json'),
	new NetworkOnly({
		networkTimeoutSeconds: DATA_TIMEOUT_SECONDS,
		plugins: [serverUnreachable, { handlerDidError: () => Promise.resolve(offlineDataResponse()) }]
	})
);

// ---------------------------------------------------------------------------------------------
// SvelteKit's "is there a newer app?" check (/_app/version.json), which its router makes before
// showing any error page: network only, never stored, and a quick "don't know" (503) when the
// server does not answer, so that an error page never waits for it.
// ---------------------------------------------------------------------------------------------
registerRoute(
	({ url, sameOrigin }) => sameOrigin && url.pathname === '/_app/version.json',
	new NetworkOnly({
		networkTimeoutSeconds: NAVIGATION_TIMEOUT_SECONDS,
		plugins: [serverUnreachable, { handlerDidError: () => Promise.resolve(offlineDataResponse()) }]
	})
);

// ---------------------------------------------------------------------------------------------
// Background Sync: the outbox.
//
// The browser fires 'sync' when a connection returns, even with the app closed. The page
// registers the tag whenever it queues a form (device-session.svelte.ts). The worker learns of a
// withdrawn session (and wipes), then asks the open pages to send: the forms are sealed under a
// key only an unlocked page holds.
// ---------------------------------------------------------------------------------------------
self.addEventListener('sync', (event: SyncEvent) => {
	if (event.tag === OUTBOX_SYNC_TAG) {
		event.waitUntil(syncFromWorker(self.clients, self.location.origin));
	}
});
