// SvelteKit's service-worker entry (svelte.config.js `files.serviceWorker`). The worker itself is
// src/sw.ts; this file only exists so that it stays in the app's TypeScript project: SvelteKit
// leaves its entry file out of that project (so worker types don't leak into pages), and a plain
// JS entry needs no type checking.
import '../../../sw';
