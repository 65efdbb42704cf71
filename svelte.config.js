import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Offline deep links must load /_app/... from the root, not relative to the URL
		// (docs/stack-pitfalls.md).
		paths: { relative: false },
		// The service worker is src/sw.ts: SvelteKit builds it (through a JS entry, so that sw.ts stays
		// type-checked with the app), @vite-pwa/sveltekit injects the precache list (vite.config.ts)
		// and src/lib/client/pwa/register.ts registers it. SvelteKit must not register it itself.
		files: { serviceWorker: 'src/lib/client/pwa/service-worker-entry.js' },
		serviceWorker: { register: false },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// No inline styles except SvelteKit's own route announcer, allowed by its exact hash.
				'style-src': [
					'self',
					'unsafe-hashes',
					'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='
				],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
