// The installable app and its service worker (docs/decisions/007-service-worker.md), against the
// built app: installability, what the worker precaches, the offline app shell, the offline error
// page, and the "new version" prompt.
import { spawn, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, openUnlocked, test } from './fixtures';
import { ownPort } from './support/app-server';

const OFFLINE_TEXT =
	'You are offline. This page needs a connection: your drafts and unsent forms are kept on this device.';

/**
 * Waits until a service worker is `activated` and controls the page (docs/stack-pitfalls.md:
 * `serviceWorker.ready` alone resolves too early). The first load of a page is not controlled
 * until the worker claims it, so this reloads once if it has to.
 */
async function waitForController(page: Page) {
	const controlled = () =>
		page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			const worker = registration.active;
			if (!worker) return false;
			if (worker.state !== 'activated') {
				await new Promise<void>((done) => {
					const check = () => {
						if (worker.state === 'activated') done();
					};
					worker.addEventListener('statechange', check);
					check();
				});
			}
			if (navigator.serviceWorker.controller) return true;
			// clientsClaim() runs on activation; give its controllerchange a moment.
			return new Promise<boolean>((done) => {
				const timer = setTimeout(() => done(navigator.serviceWorker.controller !== null), 3000);
				navigator.serviceWorker.addEventListener('controllerchange', () => {
					clearTimeout(timer);
					done(true);
				});
			});
		});
	if (await controlled()) return;
	await page.reload();
	expect(await controlled(), 'the service worker controls the page').toBe(true);
}

/** The precache list injected into the built worker (self.__WB_MANIFEST), as root paths. */
function precacheList(swSource: string): string[] {
	const start = swSource.indexOf('[{"revision"');
	expect(start, 'sw.js holds an injected precache list').toBeGreaterThan(-1);
	const end = swSource.indexOf('}]', start) + 2;
	const entries = JSON.parse(swSource.slice(start, end)) as { url: string }[];
	return entries.map((e) => new URL(e.url, 'http://x/').pathname);
}

/** Every JS and CSS file SvelteKit's client build produced, as root paths. */
function clientChunks(buildDir = 'build'): string[] {
	const root = resolve(buildDir, 'client');
	const walk = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
		);
	return walk(join(root, '_app', 'immutable'))
		.filter((file) => /\.(js|css)$/.test(file))
		.map((file) => `/${relative(root, file).split('\\').join('/')}`);
}

/** The built app on its own port and database, so a test can stop it or change its files. */
class OwnServer {
	readonly dir = mkdtempSync(join(tmpdir(), 'safeguard-e2e-pwa-'));
	#child: ChildProcess | null = null;

	constructor(
		readonly port: number,
		readonly buildDir = 'build'
	) {}

	get origin() {
		return `http://localhost:${this.port}`;
	}

	async start() {
		const child = spawn(process.execPath, [this.buildDir], {
			env: {
				...process.env,
				PORT: String(this.port),
				ORIGIN: this.origin,
				DATABASE_URL: `file:${join(this.dir, 'app.db')}`,
				SAFEGUARD_DEMO: '1'
			},
			stdio: ['ignore', 'pipe', 'inherit']
		});
		this.#child = child;
		await new Promise<void>((done, fail) => {
			const timer = setTimeout(() => fail(new Error('server did not start')), 30_000);
			child.stdout?.on('data', (chunk: Buffer) => {
				if (String(chunk).includes('Listening')) {
					clearTimeout(timer);
					done();
				}
			});
			child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
		});
	}

	async stop() {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((done) => {
			child.once('exit', () => done());
			child.kill('SIGTERM');
		});
	}
}

test.describe('installable app', () => {
	test('the worker controls the sign-in page and Chromium finds the app installable', async ({
		playwright,
		launchOptions,
		baseURL
	}) => {
		// Chromium never offers to install from an incognito profile, which is what a test's own
		// context is: this test uses a real (persistent) profile, and watches its console itself.
		const profile = mkdtempSync(join(tmpdir(), 'safeguard-e2e-profile-'));
		const context = await playwright.chromium.launchPersistentContext(profile, {
			...launchOptions,
			baseURL
		});
		const problems: string[] = [];
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			page.on('console', (msg) => {
				if (msg.type() === 'error') problems.push(msg.text());
			});
			page.on('pageerror', (err) => problems.push(err.message));

			await page.goto('/sign-in');
			await waitForController(page);

			const cdp = await context.newCDPSession(page);
			const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
				installabilityErrors: { errorId: string }[];
			};
			expect(installabilityErrors).toEqual([]);

			const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
			expect(manifestHref).toBe('/manifest.webmanifest');
			const manifest = (await page.evaluate(async (href) => {
				const response = await fetch(href);
				return (await response.json()) as unknown;
			}, manifestHref!)) as Record<string, unknown>;
			expect(manifest).toMatchObject({
				name: 'Safeguard Tracker',
				short_name: 'Safeguard',
				start_url: '/notifications',
				scope: '/',
				display: 'standalone',
				theme_color: '#1d3557',
				background_color: '#ffffff'
			});
			expect(typeof manifest.description).toBe('string');
			const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
			expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
				'192x192 any',
				'512x512 any',
				'512x512 maskable'
			]);
			for (const icon of icons) {
				const response = await page.request.get(icon.src);
				expect(response.headers()['content-type']).toBe('image/png');
				const png = await response.body();
				// IHDR: width and height as the manifest says.
				const side = Number(icon.sizes.split('x')[0]);
				expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([side, side]);
			}
			// (SvelteKit's router rewrites icon links to absolute URLs.)
			const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
			expect(new URL(touchIcon!, page.url()).pathname).toBe('/icons/apple-touch-icon.png');
			expect(problems, 'console errors in the page').toEqual([]);
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	});

	test('the sign-in page is accessible and shows no update banner', async ({ page }) => {
		await page.goto('/sign-in');
		await waitForController(page);
		await expect(page.getByTestId('update-banner')).toHaveCount(0);
		await expectAccessible(page);
	});
});

test.describe('precache', () => {
	test('the built worker precaches the shell, manifest, icons and every JS and CSS chunk', async ({
		page,
		login
	}) => {
		const sw = await page.request.get('/sw.js');
		expect(sw.ok()).toBe(true);
		const listed = precacheList(await sw.text());
		const chunks = clientChunks();
		expect(chunks.length).toBeGreaterThan(10);
		const expected = [
			'/shell',
			'/manifest.webmanifest',
			'/icons/icon-192.png',
			'/icons/icon-512.png',
			'/icons/icon-maskable-512.png',
			...chunks
		];
		expect(expected.filter((path) => !listed.includes(path))).toEqual([]);
		// Pages and data are never precached: the shell is the only page.
		const pages = listed.filter((path) => !/\.\w+$/.test(path) || /\.(html|json)$/.test(path));
		expect(pages).toEqual(['/shell']);

		// And the installed worker really holds them, and nothing else, even after signed-in
		// pages have been visited.
		await page.goto('/sign-in');
		await waitForController(page);
		await login('practitioner');
		await openUnlocked(page, '/notifications/new');
		await expect(page.locator('main h1')).toBeVisible();
		const cached = await page.evaluate(async () => {
			const paths: string[] = [];
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
			}
			return paths;
		});
		expect(expected.filter((path) => !cached.includes(path))).toEqual([]);
		// Nothing but the precache: no page, data or API response is ever stored.
		expect(cached.filter((path) => !listed.includes(path))).toEqual([]);
	});
});

test.describe('offline', () => {
	// Offline, the page's data requests fail on purpose: the browser reports each one.
	test.use({ expectedConsoleErrors: /Failed to load resource/ });

	test('with no network, deep links open the app shell and explain what needs a connection', async ({
		page,
		context
	}) => {
		await page.goto('/sign-in');
		await waitForController(page);
		await context.setOffline(true);

		const signIn = await page.goto('/sign-in');
		expect(signIn?.fromServiceWorker()).toBe(true);
		expect(signIn?.status()).toBe(200);
		await expect(page.getByRole('link', { name: 'Safeguard Tracker' })).toBeVisible();
		await expect(page.getByText(OFFLINE_TEXT)).toBeVisible();
		await expect(page.getByRole('link', { name: 'Start a new notification' })).toHaveAttribute(
			'href',
			'/notifications/new'
		);
		await expect(page.getByRole('link', { name: 'See forms waiting to be sent' })).toHaveAttribute(
			'href',
			'/outbox'
		);
		await expectAccessible(page);

		const deepLink = await page.goto('/notifications/new');
		expect(deepLink?.fromServiceWorker()).toBe(true);
		expect(deepLink?.status()).toBe(200);
		// The shell's HTML has no body: the header and a page heading mean the precached
		// JavaScript ran and the router rendered a page for the address.
		await expect(page.getByRole('link', { name: 'Safeguard Tracker' })).toBeVisible();
		await expect(page.locator('main h1')).toBeVisible();
		await expect(page.getByText('Loading…')).toHaveCount(0);
		// The server's framing protection travels with the shell.
		expect(deepLink?.headers()['x-frame-options']).toBe('DENY');
		expect(deepLink?.headers()['content-security-policy']).toBe("frame-ancestors 'none'");

		await context.setOffline(false);
	});

	test('with the server down (the network still up), the shell and the offline message', async ({
		page
	}) => {
		const server = new OwnServer(ownPort(7));
		await server.start();
		try {
			await page.goto(`${server.origin}/sign-in`);
			await waitForController(page);
			await server.stop();

			const signIn = await page.goto(`${server.origin}/sign-in`);
			expect(signIn?.fromServiceWorker()).toBe(true);
			await expect(page.getByRole('link', { name: 'Safeguard Tracker' })).toBeVisible();
			// navigator.onLine is still true here: the worker's OFFLINE answer is what tells.
			expect(await page.evaluate(() => navigator.onLine)).toBe(true);
			await expect(page.getByText(OFFLINE_TEXT)).toBeVisible();

			const deepLink = await page.goto(`${server.origin}/notifications/new`);
			expect(deepLink?.fromServiceWorker()).toBe(true);
			await expect(page.getByRole('link', { name: 'Safeguard Tracker' })).toBeVisible();
			await expect(page.locator('main h1')).toBeVisible();
			await expect(page.getByText('Loading…')).toHaveCount(0);
		} finally {
			await server.stop();
		}
	});
	test('with a server that accepts connections but never answers, the shell after 4 seconds', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const server = new OwnServer(ownPort(9));
		await server.start();
		const sockets = new Set<Socket>();
		const silent = createServer((socket) => sockets.add(socket));
		try {
			await page.goto(`${server.origin}/sign-in`);
			await waitForController(page);
			await server.stop();
			await new Promise<void>((done) => silent.listen(server.port, done));

			const started = Date.now();
			const signIn = await page.goto(`${server.origin}/sign-in`);
			const waited = Date.now() - started;
			expect(signIn?.fromServiceWorker()).toBe(true);
			expect(waited).toBeGreaterThanOrEqual(3_500);
			expect(waited).toBeLessThan(10_000);
			// The page's own data request then times out too, and the page says so.
			await expect(page.getByText(OFFLINE_TEXT)).toBeVisible({ timeout: 25_000 });
			await expect(page.getByRole('link', { name: 'Safeguard Tracker' })).toBeVisible();
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((done) => silent.close(() => done()));
			await server.stop();
		}
	});
});

test.describe('update prompt', () => {
	test('a new worker waits until the person chooses "Reload to update"', async ({ page }) => {
		// A copy of the build inside the project (so its server finds node_modules), whose sw.js
		// the test changes to stand for a new release.
		const copy = resolve('test-results/pwa-update-build');
		rmSync(copy, { recursive: true, force: true });
		mkdirSync(copy, { recursive: true });
		cpSync('build', copy, { recursive: true });
		const server = new OwnServer(ownPort(8), copy);
		await server.start();
		try {
			await page.goto(`${server.origin}/sign-in`);
			await waitForController(page);
			const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
			await expect(page.getByTestId('update-banner')).toHaveCount(0);

			// A new release: the worker script differs by a byte or more. The server serves what was
			// on disk when it started, so restart it.
			await server.stop();
			const swFile = join(copy, 'client', 'sw.js');
			writeFileSync(swFile, `${readFileSync(swFile, 'utf8')}\n// release 2\n`);
			rmSync(`${swFile}.br`, { force: true });
			rmSync(`${swFile}.gz`, { force: true });
			await server.start();

			await page.evaluate(async () => {
				const registration = await navigator.serviceWorker.getRegistration();
				await registration?.update();
			});
			const banner = page.getByRole('region', { name: 'Update' });
			await expect(banner).toBeVisible();
			await expect(banner).toContainText('A new version of Safeguard Tracker is available');
			// The old worker still controls the page until the person chooses.
			expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
				firstWorker
			);
			await expectAccessible(page);

			const reloaded = page.waitForEvent('load');
			await banner.getByRole('button', { name: 'Reload to update' }).click();
			await reloaded;
			await expect(page.getByTestId('update-banner')).toHaveCount(0);
			const state = await page.evaluate(async () => {
				const registration = await navigator.serviceWorker.getRegistration();
				return {
					waiting: registration?.waiting ?? null,
					controller: navigator.serviceWorker.controller?.state
				};
			});
			expect(state).toEqual({ waiting: null, controller: 'activated' });
		} finally {
			await server.stop();
			rmSync(copy, { recursive: true, force: true });
		}
	});
});
