import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { uuidv7 } from 'uuidv7';
import { Api, notificationForm } from './support/seed';
import { expect, expectFitsAndAccessible, test } from './fixtures';

// Issue 16 (§13.20 "analysed for trends"): the Unit's dashboard with its filters in the address,
// a list downloaded as CSV (children's names only with a reason) and the case documents, at
// 320 px as on a phone, axe-clean.

test.use({ viewport: { width: 320, height: 640 } });

const CHILD = 'Robin Reportchild';

test('the Unit reads the dashboard, filters it, downloads a list and prints a case', async ({
	page,
	login,
	baseURL,
	playwright
}) => {
	test.setTimeout(2 * 60_000);
	const contexts = await Promise.all([0, 1].map(() => playwright.request.newContext({ baseURL })));
	const [practitioner, unit] = contexts.map((c) => new Api(c)) as [Api, Api];
	await practitioner.signIn('practitioner');
	await unit.signIn('unit');
	const notificationId = uuidv7();
	await practitioner.call('notifications.submit', {
		id: notificationId,
		form: notificationForm({
			incidentType: 'serious_incident',
			seriousIncidentCategory: 'police_called',
			children: [
				{
					name: CHILD,
					otherNames: '',
					dobKnown: 'yes',
					dateOfBirth: '2019-03-03',
					approximateAge: '',
					gender: 'not_known',
					ethnicity: ''
				}
			]
		})
	});
	const { caseId } = await unit.call<{ caseId: string }>('triage.openCase', {
		notificationId,
		classification: 'serious_incident'
	});
	const { reference } = await unit.query<{ reference: string }>('cases.get', { id: caseId });

	await login('unit');
	await page.getByRole('link', { name: 'Reports' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
	const category = page.getByTestId('chart-by-category');
	await expect(category.getByTestId('chart-summary')).toContainText(
		'Serious incident that required the police to be called to the home'
	);
	await expect(
		category.getByRole('row', { name: /police to be called to the home/ })
	).toContainText(/[1-9]/);
	await expectFitsAndAccessible(page);

	// The filters travel in the address, and say nothing about a child.
	await page.getByLabel('Type', { exact: true }).selectOption('death');
	await page.getByRole('button', { name: 'Show figures' }).click();
	await expect(page).toHaveURL(/type=death/);
	expect(page.url()).not.toContain('Robin');
	await expect(category.getByTestId('chart-summary')).toHaveText(
		'No serious incidents in this period.'
	);

	// A wrong period is named in the error summary, which takes focus.
	await page.goto('/reports?from=2026-05-01&to=2026-01-01');
	const summary = page.getByRole('alert');
	await expect(summary).toContainText(
		'The first day of the period must be on or before the last day'
	);
	await expect(page.locator('.govuk-error-summary')).toBeFocused();
	await expectFitsAndAccessible(page);

	// The cases list as CSV, without the children's names.
	await page.goto('/reports');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Cases (CSV)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^safeguard-cases-\d{4}-\d{2}-\d{2}\.csv$/);
	const rows = parse<Record<string, string>>(await readFile(await download.path()), {
		columns: true,
		bom: true
	});
	expect(rows.find((row) => row.Reference === reference)).toMatchObject({ Stage: 'Triage' });
	expect(JSON.stringify(rows)).not.toContain(CHILD);

	// With the names: only with a reason.
	await page.getByLabel('List', { exact: true }).selectOption('cases');
	await page.getByRole('button', { name: "Download with children's names" }).click();
	await expect(page.getByRole('alert')).toContainText("Enter why you need the children's names");
	await expectFitsAndAccessible(page);
	await page.getByLabel('List', { exact: true }).selectOption('cases');
	await page.getByLabel("Why you need the children's names").fill('Sub Group meeting on the case');
	const [named] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: "Download with children's names" }).click()
	]);
	const namedRows = parse<Record<string, string>>(await readFile(await named.path()), {
		columns: true,
		bom: true
	});
	expect(namedRows.find((row) => row.Reference === reference)?.['First child named']).toBe(CHILD);

	// The year's figures, and the §13.20 report to print and as a PDF.
	await page.goto('/reports/year');
	await expect(page.getByRole('heading', { level: 1 })).toContainText("The year's figures");
	await expectFitsAndAccessible(page);
	await page.goto(`/cases/${caseId}`);
	await page
		.getByRole('link', { name: 'Report to Ofsted on a serious incident (§13.20): print' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(reference);
	await expect(page.getByText("Children's names left out.")).toBeVisible();
	await expectFitsAndAccessible(page);
	const pdf = await page.request.get(`/cases/${caseId}/documents/serious-incident`);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
	await Promise.all(contexts.map((c) => c.dispose()));
});
