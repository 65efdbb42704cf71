import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit(),
		// Web manifest and service worker (docs/decisions/007-service-worker.md). SvelteKit builds the
		// worker, src/sw.ts (svelte.config.js `files.serviceWorker`); this plugin then injects the
		// precache list: every JS, CSS, image and font file of the client build, the manifest, and
		// the prerendered app shell (/shell). The result is /sw.js.
		SvelteKitPWA({
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'sw.ts',
			// There is no index.html to inject into: the root layout registers the worker
			// (src/lib/client/pwa/register.ts) and renders the manifest link.
			injectRegister: false,
			registerType: 'prompt',
			manifest: {
				id: '/',
				name: 'Safeguard Tracker',
				short_name: 'Safeguard',
				description:
					'Notify the Safeguarding Unit of a child’s death or serious harm, even with no signal, and follow the case review.',
				lang: 'en-GB',
				// Practitioners' home; the server sends other roles to theirs.
				start_url: '/notifications',
				scope: '/',
				display: 'standalone',
				theme_color: '#1d3557',
				background_color: '#ffffff',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			injectManifest: {
				// The integration's default list plus fonts, in case a stylesheet ever ships one.
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff,woff2,webmanifest}',
					'prerendered/**/*.{html,json}'
				]
			},
			kit: { includeVersionFile: false }
		})
	],
	server: { port: 5173 },
	test: {
		include: [
			'src/**/*.spec.ts',
			'tests/integration/**/*.test.ts',
			'tests/procedure/**/*.test.ts',
			'tests/lint/**/*.test.ts'
		],
		environment: 'node',
		setupFiles: ['tests/setup/fail-on-console-error.ts'],
		testTimeout: 20000
	}
});
