// The device lock and the wipes (docs/decisions/017-device-passcode.md): a passcode set at the
// first sign-in on a device, asked for on every opening and after idle time; too many wrong ones
// wipe the device; a withdrawn session wipes it at the first contact, by any way in.
import type { Browser, Page } from '@playwright/test';
import {
	DEVICE_PASSCODE,
	expect,
	expectAccessible,
	passDeviceLock,
	reloadUnlocked,
	submitSignIn,
	test
} from './fixtures';
import { sendNotification } from './support/notification-form';

/** What the device database holds for anyone, by store: counts only. */
async function deviceCounts(page: Page): Promise<Record<string, number>> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('safeguard-device');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(new Error('cannot open device db'));
		});
		const counts: Record<string, number> = {};
		for (const name of ['locks', 'profile', 'drafts', 'outbox', 'cache']) {
			counts[name] = await new Promise<number>((resolve) => {
				const req = db.transaction(name).objectStore(name).count();
				req.onsuccess = () => resolve(req.result);
			});
		}
		db.close();
		return counts;
	});
}

/** A draft and a form waiting to send (its upload is cut off for the rest of the test). */
async function leaveUnsentForms(page: Page, childName: string) {
	await page.route('**/api/trpc/notifications.submitBatch', (route) =>
		route.abort('internetdisconnected')
	);
	await sendNotification(page, `${childName} Waiting`, 'A form that waits in the outbox.');
	await expect(page.getByTestId('saved-heading')).toBeVisible();
	await page.getByRole('link', { name: 'New notification', exact: true }).click();
	await page.locator('#children-0-name').fill(`${childName} Draft`);
	await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
}

/** An administrator signs the practitioner out everywhere, from their own browser. */
async function signOutEverywhere(browser: Browser, baseURL: string) {
	const context = await browser.newContext({ baseURL });
	const admin = await context.newPage();
	await admin.goto('/sign-in');
	await submitSignIn(admin, 'admin');
	await expect(admin.getByRole('heading', { name: 'Users' })).toBeVisible();
	await admin.getByRole('button', { name: 'Sign out everywhere (Pat Practitioner)' }).click();
	await expect(admin.getByText(/Signed out of \d+ session/)).toBeVisible();
	await context.close();
}

/** The sign-in page says the device was wiped and what waited unsent; the device holds nothing. */
async function expectWipedWithNotice(page: Page) {
	const banner = page.getByRole('region', { name: 'Important' });
	await expect(banner).toContainText('Your access on this device was withdrawn');
	await expect(banner).toContainText(
		'It held 1 form waiting to send and 1 draft, which had not reached the Safeguarding Unit'
	);
	expect(await deviceCounts(page)).toMatchObject({
		locks: 0,
		profile: 0,
		drafts: 0,
		outbox: 0,
		cache: 0
	});
}

// Forms wait unsent because their upload is cut off, and a withdrawn session's checks are
// answered 401: the browser reports both.
test.use({ expectedConsoleErrors: /Failed to load resource/ });

test.describe('the device passcode', () => {
	test('set at the first sign-in, asked for on reopening and after 5 idle minutes; errors are summarised', async ({
		page
	}) => {
		// A clock the test can move on; it runs at normal speed until then.
		await page.clock.install();
		await page.goto('/sign-in');
		await submitSignIn(page, 'practitioner');

		await expect(
			page.getByRole('heading', { name: 'Set a passcode for this device' })
		).toBeVisible();
		await expect(page.getByRole('link', { name: 'My notifications' })).toHaveCount(0);
		await expectAccessible(page);
		const summary = page.locator('.govuk-error-summary');
		const passcode = page.getByLabel('Passcode', { exact: true });
		const again = page.getByLabel('Enter the passcode again');
		await page.getByRole('button', { name: 'Set passcode' }).click();
		await expect(summary).toBeFocused();
		await expect(summary.getByRole('link')).toHaveText(['Enter a passcode']);
		await expect(page).toHaveTitle(/^Error: /);
		await passcode.fill('short');
		await page.getByRole('button', { name: 'Set passcode' }).click();
		await expect(summary.getByRole('link')).toHaveText(['Passcode must be 8 characters or more']);
		await passcode.fill(DEVICE_PASSCODE);
		await again.fill('four words to forget');
		await page.getByRole('button', { name: 'Set passcode' }).click();
		await expect(summary.getByRole('link')).toHaveText([
			'The passcodes do not match: enter the same passcode twice'
		]);
		await expectAccessible(page);
		await summary.getByRole('link').click();
		await expect(again).toBeFocused();
		await again.fill(DEVICE_PASSCODE);
		await page.getByRole('button', { name: 'Set passcode' }).click();
		await expect(page.getByRole('heading', { name: 'My notifications' })).toBeVisible();

		// A draft, then the app is opened again: locked, and nothing of the draft shows.
		await page.getByRole('link', { name: 'New notification', exact: true }).click();
		await page.locator('#children-0-name').fill('Rowan Locked');
		await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
		const draftUrl = page.url();
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
		await expect(page.getByText('Rowan Locked')).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toHaveCount(0);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Unlock' }).click();
		await expect(summary.getByRole('link')).toHaveText(['Enter your passcode']);
		await page.getByLabel('Passcode', { exact: true }).fill('not my passcode');
		await page.getByRole('button', { name: 'Unlock' }).click();
		await expect(summary).toBeFocused();
		await expect(summary.getByRole('link')).toHaveText([
			'The passcode is not right. You can try 4 more times before the data on this device is removed'
		]);
		await expect(page.getByLabel('Passcode', { exact: true })).toHaveValue('');
		await expectAccessible(page);
		await page.getByLabel('Passcode', { exact: true }).fill(DEVICE_PASSCODE);
		await page.getByRole('button', { name: 'Unlock' }).click();
		// Back where it was, with the draft.
		await expect(page).toHaveURL(draftUrl);
		await expect(page.locator('#children-0-name')).toHaveValue('Rowan Locked');

		// Five minutes without use: locked again, the typing saved; the passcode brings it back.
		await page.locator('#children-0-name').fill('Rowan Locked Again');
		// Saved, and the typing's last events are over: then nobody touches the page.
		await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
		await page.waitForTimeout(500);
		await page.clock.fastForward('05:10');
		await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
		await expect(page).toHaveURL(/\/unlock\?next=%2Fnotifications%2Fnew%3Fdraft%3D/);
		await expect(page.getByText('Rowan Locked')).toHaveCount(0);
		// The earlier wrong passcode was forgotten when the right one came.
		await expect(page.locator('.govuk-warning-text')).toHaveCount(0);
		await page.getByLabel('Passcode', { exact: true }).fill(DEVICE_PASSCODE);
		await page.getByRole('button', { name: 'Unlock' }).click();
		await expect(page.locator('#children-0-name')).toHaveValue('Rowan Locked Again');
		// Going back in history does not get round the lock either.
		await page.clock.fastForward('05:10');
		await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
		await page.goBack();
		await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
		await expect(page.getByText('Rowan Locked')).toHaveCount(0);
	});

	test('five wrong passcodes remove the device data, say what waited unsent, and end the session', async ({
		page,
		login
	}) => {
		await login('practitioner');
		await leaveUnsentForms(page, 'Ellis');
		await page.reload();
		for (let left = 4; left >= 1; left--) {
			await page.getByLabel('Passcode', { exact: true }).fill(`wrong passcode ${left}`);
			await page.getByRole('button', { name: 'Unlock' }).click();
			await expect(page.locator('.govuk-error-summary')).toContainText(
				left === 1 ? 'If the next one is wrong' : `try ${left} more times`
			);
		}
		// A reload does not reset the count: the page says how close the wipe is.
		await page.reload();
		await expect(page.locator('.govuk-warning-text')).toContainText('If the next one is wrong');
		await page.getByLabel('Passcode', { exact: true }).fill('wrong passcode 0');
		await page.getByRole('button', { name: 'Unlock' }).click();

		const heading = page.getByRole('heading', { name: 'The data on this device has been removed' });
		await expect(heading).toBeFocused();
		await expect(page.getByTestId('wiped-unsent')).toHaveText(
			'It held 1 form waiting to send and 1 draft, which had not reached the Safeguarding Unit: they cannot be recovered.'
		);
		await expectAccessible(page);
		expect(await deviceCounts(page)).toMatchObject({ locks: 0, drafts: 0, outbox: 0, cache: 0 });

		// The session ended on the server too: the sign-in page asks for the account again, and a
		// new passcode starts the device afresh with nothing of before.
		await page.getByRole('link', { name: 'Sign in again' }).click();
		await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
		await submitSignIn(page, 'practitioner');
		await expect(page.getByTestId('wipe-notice')).toContainText(
			'after a wrong passcode was entered 5 times'
		);
		await passDeviceLock(page);
		await page.getByRole('link', { name: 'Drafts', exact: true }).click();
		await expect(page.getByText('You have no drafts on this device.')).toBeVisible();
		await page.getByRole('link', { name: 'Outbox', exact: true }).click();
		await expect(page.getByText('There is nothing in the outbox.')).toBeVisible();
	});

	test('"I have forgotten my passcode" removes the data after saying what is lost', async ({
		page,
		login
	}) => {
		await login('practitioner');
		await page.getByRole('link', { name: 'New notification', exact: true }).click();
		await page.locator('#children-0-name').fill('Harper Forgotten');
		await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
		await page.reload();
		await page.getByText('I have forgotten my passcode').click();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Remove the data on this device and sign out' }).click();
		await expect(
			page.getByRole('heading', { name: 'The data on this device has been removed' })
		).toBeFocused();
		await expect(page.getByTestId('wiped-unsent')).toContainText(
			'0 forms waiting to send and 1 draft'
		);
		expect(await deviceCounts(page)).toMatchObject({ locks: 0, drafts: 0 });
	});

	test("a practitioner's page is never kept in the back/forward cache; going back asks for the passcode", async ({
		playwright,
		launchOptions,
		baseURL
	}) => {
		// Playwright turns Chromium's back/forward cache off by default; this browser has it on.
		const browser = await playwright.chromium.launch({
			...launchOptions,
			ignoreDefaultArgs: ['--disable-back-forward-cache']
		});
		try {
			const page = await (await browser.newContext({ baseURL })).newPage();
			/** Leaves the page for another document of the site and comes back with Back. */
			const awayAndBack = async () => {
				await page.evaluate(() => Object.assign(window, { stillHere: true }));
				await page.goto('/manifest.webmanifest');
				// Back from the cache fires no new load, which goBack would wait for.
				await page.goBack({ waitUntil: 'commit' });
				await page.locator('h1').first().waitFor();
				return page.evaluate(() => ({
					restored: 'stillHere' in window,
					reasons: (
						performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & {
							notRestoredReasons?: { reasons?: { reason: string }[] } | null;
						}
					).notRestoredReasons?.reasons?.map((r) => r.reason)
				}));
			};
			// The control: the signed-out sign-in page, which holds nothing, is kept and restored.
			await page.goto('/sign-in');
			// Once the service worker has installed and claimed the page: a claim landing while the
			// page sits in the cache evicts it (Chromium's "ServiceWorkerClaim"), which a busy
			// machine, slow to precache, made happen.
			await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
			expect((await awayAndBack()).restored, 'this browser restores pages from the cache').toBe(
				true
			);

			await submitSignIn(page, 'practitioner');
			await passDeviceLock(page);
			await page.getByRole('link', { name: 'New notification', exact: true }).click();
			await page.locator('#children-0-name').fill('Sutton Cached');
			await expect(page.getByTestId('draft-saved')).toHaveText('Draft saved on this device.');
			const back = await awayAndBack();
			expect(back.restored, 'the form page came back from the cache').toBe(false);
			expect(back.reasons).toContain('response-cache-control-no-store');
			// A new page load: locked, with nothing of the draft showing.
			await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
			await expect(page.getByText('Sutton Cached')).toHaveCount(0);
		} finally {
			await browser.close();
		}
	});
});

test.describe('a withdrawn session', () => {
	test('opening the site address wipes the device at once and says what waited unsent; signing in again brings nothing back', async ({
		page,
		login,
		browser,
		baseURL
	}) => {
		await login('practitioner');
		await leaveUnsentForms(page, 'Quinn');
		await signOutEverywhere(browser, baseURL!);

		// The plain address, as a person would type it.
		await page.goto('/');
		await expect(page).toHaveURL(/\/sign-in\?reason=revoked$/);
		await expectWipedWithNotice(page);
		await expectAccessible(page);

		// Any other address says the same.
		await page.goto('/no-such-page');
		await expect(page).toHaveURL(/\/sign-in\?reason=revoked$/);

		await submitSignIn(page, 'practitioner');
		await expect(
			page.getByRole('heading', { name: 'Set a passcode for this device' })
		).toBeVisible();
		await passDeviceLock(page);
		await page.getByRole('link', { name: 'Drafts', exact: true }).click();
		await expect(page.getByText('You have no drafts on this device.')).toBeVisible();
	});

	test('the sign-in page, opened first, wipes the device and says so', async ({
		page,
		login,
		browser,
		baseURL
	}) => {
		await login('practitioner');
		await leaveUnsentForms(page, 'Rory');
		await signOutEverywhere(browser, baseURL!);

		await page.goto('/sign-in');
		await expectWipedWithNotice(page);
		await expectAccessible(page);
	});

	test('a device whose withdrawn cookie is gone is wiped when its user signs in again', async ({
		page,
		context,
		login,
		browser,
		baseURL
	}) => {
		await login('practitioner');
		await leaveUnsentForms(page, 'Sasha');
		await signOutEverywhere(browser, baseURL!);
		// The cookie expired in the browser before the device came back online.
		await context.clearCookies();
		await page.goto('/sign-in');
		await expect(page.getByRole('region', { name: 'Important' })).toHaveCount(0);
		await submitSignIn(page, 'practitioner');
		// The key was made before access was withdrawn: the device was wiped, and says so.
		await expect(page.getByTestId('wipe-notice')).toContainText(
			'because your access was withdrawn'
		);
		await expect(page.getByTestId('wipe-notice')).toContainText(
			'It held 1 form waiting to send and 1 draft'
		);
		await passDeviceLock(page);
		await page.getByRole('link', { name: 'Drafts', exact: true }).click();
		await expect(page.getByText('You have no drafts on this device.')).toBeVisible();
		// Reopened, the new passcode still works: the new key is not taken for an old one.
		await reloadUnlocked(page);
		await expect(page.getByRole('heading', { name: 'Drafts on this device' })).toBeVisible();
	});

	test('the service worker wipes the device at its own first contact, with no page of the app open', async ({
		page,
		context,
		login,
		browser,
		baseURL
	}) => {
		await login('practitioner');
		await expect
			.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
				timeout: 20_000
			})
			.toBe(true);
		await leaveUnsentForms(page, 'Tatum');
		// Away from the app's pages: a file of the site, which runs none of the app's code.
		await page.goto('/manifest.webmanifest');
		expect(await deviceCounts(page)).toMatchObject({ drafts: 1, outbox: 1, locks: 1 });
		await signOutEverywhere(browser, baseURL!);

		// The connection comes back: the browser fires Background Sync in the worker.
		const cdp = await context.newCDPSession(page);
		const registrationId = new Promise<string>((resolve) => {
			cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
				const found = registrations.find((r) => r.scopeURL.startsWith(baseURL!));
				if (found) resolve(found.registrationId);
			});
		});
		await cdp.send('ServiceWorker.enable');
		await cdp.send('ServiceWorker.dispatchSyncEvent', {
			origin: new URL(baseURL!).origin,
			registrationId: await registrationId,
			tag: 'outbox',
			lastChance: false
		});
		await expect
			.poll(() => deviceCounts(page), { timeout: 15_000 })
			.toMatchObject({ locks: 0, profile: 0, drafts: 0, outbox: 0 });
		// The next opening of the app says what the worker removed.
		await page.goto('/');
		await expect(page).toHaveURL(/\/sign-in\?reason=revoked$/);
		await expectWipedWithNotice(page);
	});
});
