import type { Page } from '@playwright/test';
import { CRITERIA_QUESTIONS } from '../../../src/lib/domain/notification/notification-options';

/** Fills every mandatory field of the notification form by id: fast enough for many forms. */
export async function fillNotificationForm(page: Page, childName: string, outline: string) {
	const fill = (id: string, value: string) => page.locator(`#${id}`).fill(value);
	const check = (selector: string) => page.locator(selector).check();
	await fill('notifier-name', 'Pat Practitioner');
	await fill('notifier-role', 'Health visitor');
	await fill('notifier-agency', 'Harrogate District NHS Foundation Trust');
	await fill('notifier-phone', '01632 960 001');
	await fill('notifier-email', 'pat@example.org');
	await fill('awareOn', '2026-11-20');
	await check('#incidentType-serious_harm');
	await check('#incidentDateKnown');
	await fill('incidentDate', '2026-11-19');
	await fill('location', 'Harrogate');
	await check('#legalStatus-child_in_need');
	await check('#institutionalSetting');
	await fill('children-0-name', childName);
	await check('#children-0-dobKnown');
	await fill('children-0-dateOfBirth', '2021-04-02');
	await check('#otherChildrenAtRisk-no');
	await check('#agenciesInvolved-health');
	await check('#policeInvolved');
	await check('#mediaInterest-no');
	for (const key of Object.keys(CRITERIA_QUESTIONS)) await check(`#criteria-${key}-not_known`);
	await fill('outline', outline);
	await check('#declaration');
}

/**
 * From any practitioner's page: starts a new notification from the header (a page load would
 * lock the device), fills, checks the answers and sends it; returns its device id.
 */
export async function sendNotification(page: Page, childName: string, outline: string) {
	await page.getByRole('link', { name: 'New notification', exact: true }).click();
	await page.getByRole('heading', { name: 'Notify the Safeguarding Unit' }).waitFor();
	await fillNotificationForm(page, childName, outline);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Send notification' }).click();
	await page.waitForURL(/\/notifications\/[0-9a-f-]+\/confirmation$/);
	return /\/notifications\/([0-9a-f-]+)\/confirmation$/.exec(page.url())?.[1] ?? '';
}
