// The app shell (docs/decisions/007-service-worker.md). Prerendered at build time with no
// server-side rendering, so its HTML carries no route data: served by the service worker at any
// URL, SvelteKit's client starts by navigating to the URL in the address bar and renders that
// route in the browser. The service worker precaches it as /shell.
export const prerender = true;
export const ssr = false;
