import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';

// E2E_PORT lets two suites run side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The shared test server's database, so tests can count what it stored. */
export const E2E_DATABASE_FILE = resolve('test-results/e2e-db/e2e.db');

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/artifacts',
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
			// Browsers cannot be downloaded here: Debian's Chromium, as root (docs/stack-pitfalls.md).
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
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			E2E_DATABASE_FILE: E2E_DATABASE_FILE
		}
	}
});
