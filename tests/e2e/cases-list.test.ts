import { uuidv7 } from 'uuidv7';
import { Api, notificationForm } from './support/seed';
import { expect, expectFitsAndAccessible, test } from './fixtures';

// The Unit's cases list pages on the server (docs/decisions/034): 25 cases a page, filters and
// order in the address (never a name), on a phone's 320 px with nothing to scroll sideways.
test.use({ viewport: { width: 320, height: 640 } });

const OPENED = 30;

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL;
	const contexts = await Promise.all([0, 1].map(() => playwright.request.newContext({ baseURL })));
	const [practitioner, unit] = contexts.map((c) => new Api(c)) as [Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	for (let i = 0; i < OPENED; i++) {
		const id = uuidv7();
		await practitioner.call('notifications.submit', {
			id,
			form: notificationForm({ incidentType: 'serious_harm' })
		});
		await unit.call('triage.openCase', { notificationId: id, classification: 'serious_harm' });
	}
	await Promise.all(contexts.map((c) => c.dispose()));
});

/** The case references in the list's table, in order. */
async function references(page: import('@playwright/test').Page) {
	return page.locator('table tbody tr td:first-child a').allTextContents();
}

test('the cases list shows 25 cases a page and pages on without repeating one', async ({
	page,
	login
}) => {
	await login('unit');
	await page.goto('/unit/cases');
	await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
	const first = await references(page);
	expect(first).toHaveLength(25);
	await expect(page.getByRole('link', { name: 'First page' })).toHaveCount(0);
	await expectFitsAndAccessible(page);

	await page.getByRole('link', { name: 'Next page' }).click();
	await expect(page.getByRole('link', { name: 'First page' })).toBeVisible();
	const second = await references(page);
	expect(second.length).toBeGreaterThanOrEqual(OPENED - 25);
	expect(second.filter((r) => first.includes(r))).toEqual([]);
	// The address holds an opaque position, no reference or name.
	expect(new URL(page.url()).searchParams.get('after')).toMatch(/^[A-Za-z0-9_-]+$/);
	await expectFitsAndAccessible(page);

	await page.getByRole('link', { name: 'First page' }).click();
	await expect(page.getByRole('link', { name: 'First page' })).toHaveCount(0);
	expect(await references(page)).toEqual(first);
});

test('the cases list filters by stage and owner, and sorts, from the address', async ({
	page,
	login
}) => {
	await login('unit');
	await page.goto('/unit/cases');
	await page.getByLabel('Stage').selectOption({ label: 'Triage' });
	await page.getByLabel('Sort by').selectOption({ label: 'Recently changed' });
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/state=triage/);
	await expect(page).toHaveURL(/sort=updated/);
	await expect(page.getByRole('table')).toContainText('Cases, most recently changed first');
	const stages = await page.locator('td[data-label="Stage"]').allTextContents();
	expect(stages.length).toBeGreaterThan(0);
	expect(stages.every((s) => s.trim() === 'Triage')).toBe(true);
	// The filters stay chosen on the page they gave.
	await expect(page.getByLabel('Stage')).toHaveValue('triage');
	await expectFitsAndAccessible(page);

	await page.getByLabel('Owner').selectOption({ label: 'Nobody yet' });
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/owner=none/);
	await expect(page.getByText('There are no cases that match these filters.')).toBeVisible();
	await expectFitsAndAccessible(page);

	await page.getByLabel('Owner').selectOption({ label: 'Me' });
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/owner=me/);
	const owners = await page.locator('td[data-label="Owner"]').allTextContents();
	expect(owners.length).toBeGreaterThan(0);
	expect(owners.every((o) => o.trim() === 'Uma Unit')).toBe(true);

	await page.getByRole('link', { name: 'Clear filters' }).click();
	await expect(page).toHaveURL(/\/unit\/cases$/);
});

test('a page of the cases list stays under 100 KB of HTML', async ({ page, login }) => {
	await login('unit');
	const response = await page.request.get('/unit/cases');
	expect(response.ok()).toBe(true);
	expect((await response.body()).byteLength).toBeLessThan(100 * 1024);
});
