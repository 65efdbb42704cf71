import { defineConfig } from '@playwright/test';

const PORT = 4173;

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'off',
		launchOptions: {
			// Browsers cannot be downloaded here: Debian's Chromium, as root (STACK pitfall 12).
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	webServer: {
		// The built app (npm test builds first) on a fresh database with the demo personas.
		command: 'node tests/e2e/start-server.js',
		port: PORT,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(PORT), ORIGIN: `http://localhost:${PORT}` }
	}
});
