// What a lost phone's files give away (docs/decisions/017-device-passcode.md): a real browser
// profile is used for a session, closed, and its files read from outside the browser with the
// passcode unknown, as someone who copied them would.
import { createDecipheriv } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from '@playwright/test';
import { DEVICE_PASSCODE, expect, passDeviceLock, submitSignIn, test } from './fixtures';
import { fillNotificationForm, sendNotification } from './support/notification-form';

/** What the practitioner types in the session: none of it may be found in the profile's files. */
const TYPED = {
	sentChild: 'Peregrine Sentwell',
	waitingChild: 'Quillon Tesselate',
	waitingOutline: 'Zephyrine narrative about the bruising on the left arm',
	draftChild: 'Marlowe Kestrelby',
	draftOutline: 'Ondine the carer said at the door that the child had fallen',
	passcode: DEVICE_PASSCODE
};
/** A plain value and a raw key the test stores itself, to prove the reading finds such things. */
const CONTROL_TEXT = 'Control marker Wyvernholt';

interface SealedBytes {
	iv: number[];
	data: number[];
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
	});
}

/** The 32-byte windows of `bytes` that open `sealed` as an AES-256-GCM key (WebCrypto layout). */
function keysThatOpen(bytes: Buffer, sealed: SealedBytes): number[] {
	const data = Buffer.from(sealed.data);
	const tag = data.subarray(data.length - 16);
	const body = data.subarray(0, data.length - 16);
	const iv = Buffer.from(sealed.iv);
	const found: number[] = [];
	for (let at = 0; at + 32 <= bytes.length; at++) {
		const decipher = createDecipheriv('aes-256-gcm', bytes.subarray(at, at + 32), iv);
		decipher.setAuthTag(tag);
		decipher.update(body);
		try {
			decipher.final();
			found.push(at);
		} catch {
			// Not the key.
		}
	}
	return found;
}

/** One sealed record of each store the app keeps, as bytes (what a parser of the files gets). */
async function sealedRecords(page: Page): Promise<Record<string, SealedBytes>> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('safeguard-device');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(new Error('cannot open device db'));
		});
		const found: Record<string, { iv: number[]; data: number[] }> = {};
		for (const store of ['drafts', 'outbox', 'cache']) {
			const all = await new Promise<{ sealed: { iv: Uint8Array; data: ArrayBuffer } | null }[]>(
				(resolve) => {
					const req = db.transaction(store).objectStore(store).getAll();
					req.onsuccess = () => resolve(req.result as never);
				}
			);
			const record = all.find((r) => r.sealed);
			if (record?.sealed) {
				found[store] = {
					iv: [...record.sealed.iv],
					data: [...new Uint8Array(record.sealed.data)]
				};
			}
		}
		db.close();
		return found;
	});
}

test('a copy of the profile holds no typed value, no readable record and no key that opens one', async ({
	playwright,
	launchOptions,
	baseURL
}) => {
	test.setTimeout(5 * 60_000);
	const profile = mkdtempSync(join(tmpdir(), 'safeguard-e2e-files-'));
	const copy = mkdtempSync(join(tmpdir(), 'safeguard-e2e-copied-'));
	const context = await playwright.chromium.launchPersistentContext(profile, {
		...launchOptions,
		baseURL
	});
	let sealed: Record<string, SealedBytes> = {};
	let control: SealedBytes;
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/sign-in');
		await submitSignIn(page, 'practitioner');
		await passDeviceLock(page);

		// A form the Unit received, so "My notifications" keeps its details on the device.
		await sendNotification(page, TYPED.sentChild, 'A form that reached the Unit.');
		const reference = page.getByTestId('reference');
		await expect(reference).toHaveText(/^NTF-/, { timeout: 30_000 });
		const sentReference = (await reference.textContent())?.trim() ?? '';
		await page.getByRole('link', { name: 'My notifications', exact: true }).click();
		await expect(page.getByRole('row', { name: new RegExp(sentReference) })).toBeVisible();
		// Its details, which the device keeps for offline reading.
		await page.getByRole('link', { name: sentReference }).click();
		await expect(page.getByText(TYPED.sentChild).first()).toBeVisible();
		// A form waiting to send: submitted (a form submission, as browsers see it) with no network.
		await page.route('**/api/trpc/notifications.submitBatch', (route) =>
			route.abort('internetdisconnected')
		);
		await sendNotification(page, TYPED.waitingChild, TYPED.waitingOutline);
		await expect(page.getByTestId('saved-heading')).toBeVisible();
		// A draft, typed, left and come back to through the browser's history.
		await page.getByRole('link', { name: 'New notification', exact: true }).click();
		await fillNotificationForm(page, TYPED.draftChild, TYPED.draftOutline);
		await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
		await page.getByRole('link', { name: 'Outbox', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
		await page.goBack();
		await expect(page.locator('#children-0-name')).toHaveValue(TYPED.draftChild);
		// (The form's last section is built a few frames after the first.)
		await expect(page.locator('#outline')).toHaveValue(TYPED.draftOutline);
		// Every field of the form asks the browser to keep nothing (the notifier's own details
		// carry their own tokens, WCAG 1.3.5): no autofill or form history of a child's details.
		const fields = await page
			.locator('form input:not([type=radio]):not([type=checkbox]), form textarea')
			.evaluateAll((elements) =>
				elements.map((e) => [
					e.id,
					e.getAttribute('autocomplete') ?? e.closest('form')?.getAttribute('autocomplete')
				])
			);
		expect(fields.length).toBeGreaterThan(10);
		const tokens = new Set(['off', 'name', 'organization-title', 'organization', 'tel', 'email']);
		expect(fields.filter(([, token]) => !tokens.has(token ?? ''))).toEqual([]);
		expect(fields.find(([id]) => id === 'children-0-name')?.[1]).toBe('off');
		expect(fields.find(([id]) => id === 'outline')?.[1]).toBe('off');
		// The page itself is never stored by the browser's caches.
		const response = await page.request.get('/notifications/new');
		expect(response.headers()['cache-control']).toBe('no-store');

		sealed = await sealedRecords(page);
		expect(Object.keys(sealed).sort()).toEqual(['cache', 'drafts', 'outbox']);
		// The control: what the version before this one did, a CryptoKey stored in IndexedDB, with
		// a value sealed under it and a plain marker, in a database of its own.
		control = await page.evaluate(async (marker) => {
			const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
				'encrypt',
				'decrypt'
			]);
			const iv = crypto.getRandomValues(new Uint8Array(12));
			const data = await crypto.subtle.encrypt(
				{ name: 'AES-GCM', iv },
				key,
				new TextEncoder().encode('sealed control')
			);
			const db = await new Promise<IDBDatabase>((resolve) => {
				const open = indexedDB.open('control-only');
				open.onupgradeneeded = () => open.result.createObjectStore('keys');
				open.onsuccess = () => resolve(open.result);
			});
			await new Promise<void>((resolve) => {
				const tx = db.transaction('keys', 'readwrite');
				tx.objectStore('keys').put({ key, marker }, 'control');
				tx.oncomplete = () => resolve();
			});
			db.close();
			return { iv: [...iv], data: [...new Uint8Array(data)] };
		}, CONTROL_TEXT);
	} finally {
		await context.close();
	}

	try {
		// The copy: the profile's IndexedDB files, taken as they are on disk.
		cpSync(join(profile, 'Default', 'IndexedDB'), copy, { recursive: true });
		const indexedDbFiles = walk(copy).map((file) => ({
			name: relative(copy, file),
			bytes: readFileSync(file)
		}));
		expect(indexedDbFiles.length).toBeGreaterThan(0);
		const all = Buffer.concat(indexedDbFiles.map((f) => f.bytes));

		// The reading works: it finds the control's plain marker and the control's raw key.
		expect(all.includes(Buffer.from(CONTROL_TEXT))).toBe(true);
		expect(keysThatOpen(all, control!).length, 'the stored CryptoKey is found raw').toBeGreaterThan(
			0
		);
		// No 32 bytes anywhere in the files open any of the app's sealed records.
		for (const [store, record] of Object.entries(sealed)) {
			expect(keysThatOpen(all, record), `a key that opens the ${store} record`).toEqual([]);
		}

		// Nothing typed is in any file of the whole profile: IndexedDB, autofill ("Web Data"),
		// session restore ("Sessions"), local and session storage, caches, history.
		const needles = Object.values(TYPED).flatMap((value) => [
			Buffer.from(value, 'utf8'),
			Buffer.from(value, 'utf16le')
		]);
		const found: string[] = [];
		for (const file of walk(profile)) {
			if (statSync(file).size === 0) continue;
			const bytes = readFileSync(file);
			for (const [i, needle] of needles.entries()) {
				if (bytes.includes(needle)) {
					found.push(`${relative(profile, file)}: ${Object.values(TYPED)[Math.floor(i / 2)]}`);
				}
			}
		}
		expect(found).toEqual([]);
	} finally {
		rmSync(profile, { recursive: true, force: true });
		rmSync(copy, { recursive: true, force: true });
	}
});
