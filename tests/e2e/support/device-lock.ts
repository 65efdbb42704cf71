import { expect, type Page } from '@playwright/test';

// The device lock (docs/decisions/017-device-passcode.md): a practitioner's first sign-in on a
// browser profile sets a passcode, and every full page load after that starts locked (the device
// key lives only in the page's memory). Every browser test and bench that works as the
// practitioner passes the lock with these, so the step is written once.

/** The device passcode the tests' practitioner sets on each fresh browser profile. */
export const DEVICE_PASSCODE = 'four words to remember';

/** How to type into the lock's fields: Playwright's fill, or the keyboard-only test's own way. */
export type TypeInto = (page: Page, selector: string, text: string) => Promise<void>;

const fillField: TypeInto = (page, selector, text) => page.locator(selector).fill(text);

/**
 * Passes whichever of the lock's two pages is showing: sets the passcode on a first sign-in, or
 * enters it to unlock. `typeInto` lets the keyboard-only test type as it does everywhere else.
 */
export async function passDeviceLock(
	page: Page,
	options: { passcode?: string; typeInto?: TypeInto } = {}
) {
	const { passcode = DEVICE_PASSCODE, typeInto = fillField } = options;
	const set = page.getByRole('heading', { name: 'Set a passcode for this device' });
	const enter = page.getByRole('heading', { name: 'Enter your passcode' });
	await expect(set.or(enter)).toBeVisible();
	if (await set.isVisible()) {
		await typeInto(page, '#passcode', passcode);
		await typeInto(page, '#passcode-again', passcode);
	} else {
		await typeInto(page, '#passcode', passcode);
	}
	// Enter submits either form, by keyboard or not.
	await page.keyboard.press('Enter');
	await expect(page).not.toHaveURL(/\/(unlock|passcode)\b/);
}

/** Opens a practitioner's page with a full page load, which starts locked, and unlocks it. */
export async function openUnlocked(page: Page, path: string) {
	await page.goto(path);
	await passDeviceLock(page);
}

/** Reloads a practitioner's page (the device locks) and unlocks it. */
export async function reloadUnlocked(page: Page) {
	await page.reload();
	await passDeviceLock(page);
}
