import { PERSONAS, expect, expectAccessible, test } from './fixtures';

test.describe('a practitioner notifies; the Unit finds it in the queue', () => {
	test('full journey, with a wrong field corrected first', async ({ page, login }) => {
		await login('practitioner');
		await expect(page.getByRole('heading', { name: 'My notifications' })).toBeVisible();
		await expectAccessible(page);

		await page.getByRole('button', { name: 'Start a new notification' }).click();
		await expect(page.getByRole('heading', { name: 'Notify the Safeguarding Unit' })).toBeVisible();
		await expectAccessible(page);

		// Fill the form, with one deliberate mistake: an email address without an @.
		await page.getByLabel('Your full name').fill('Pat Practitioner');
		await page.getByLabel('Your job title or role').fill('Health visitor');
		await page.getByLabel('Agency you work for').fill('Harrogate District NHS Foundation Trust');
		await page.getByLabel('Phone number').fill('01632 960 001');
		await page.getByLabel('Email address').fill('pat.example.org');
		await page.getByLabel('Date you became aware of the incident').fill('2026-11-20');
		await page.getByLabel('Serious harm: life-threatening injury').check();
		await page
			.getByRole('group', { name: 'Do you know the date of the incident?' })
			.getByLabel('Yes')
			.check();
		await page.getByLabel('Date of the incident').fill('2026-11-19');
		await page.getByLabel('Where did it happen?').fill('Harrogate');
		await page.getByLabel('Child in need').check();
		await page.getByLabel('None: not in an institutional setting').check();
		await page.getByLabel('Full name', { exact: true }).fill('Jamie Example');
		await page
			.getByRole('group', { name: "Do you know the child's date of birth?" })
			.getByLabel('Yes')
			.check();
		await page.getByLabel('Date of birth').fill('2021-04-02');
		const otherChildren = page.getByRole('group', {
			name: 'Are other children likely to be at risk?'
		});
		await otherChildren.getByLabel('Yes').check();
		await page
			.getByLabel('Which children, and why are they at risk?')
			.fill('A younger sibling, aged 2, lives in the same home.');
		await page.getByLabel('Health', { exact: true }).check();
		await page.getByLabel('Police', { exact: true }).check();
		await page.getByRole('group', { name: 'Are the police involved?' }).getByLabel('Yes').check();
		await page
			.getByRole('group', { name: 'Is there media interest' })
			.getByLabel('No', { exact: true })
			.check();
		for (const group of await page.locator('fieldset:has(input[name^="criteria-"])').all()) {
			await group.getByLabel('Not known').check();
		}
		await page
			.getByLabel('Outline of what happened')
			.fill(
				'Admitted to hospital with injuries not consistent with the account given by the carer.'
			);
		await page.getByLabel('The information I have given is accurate').check();
		await page.getByRole('button', { name: 'Continue' }).click();

		// The error summary takes focus and links to the field at fault.
		const summary = page.locator('.govuk-error-summary');
		await expect(summary).toBeFocused();
		await expect(summary).toContainText('There is a problem');
		await expect(summary.getByRole('link')).toHaveText([
			'Enter an email address in the correct format, like name@example.org'
		]);
		await expect(page).toHaveTitle(/^Error: /);
		await expectAccessible(page);
		await summary.getByRole('link').click();
		await expect(page.getByLabel('Email address')).toBeFocused();
		await page.getByLabel('Email address').fill('pat@example.org');
		await page.getByRole('button', { name: 'Continue' }).click();

		// Check your answers, then send.
		await expect(
			page.getByRole('heading', { name: 'Check your answers before sending' })
		).toBeVisible();
		await expect(page.getByText('pat@example.org')).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Send notification' }).click();

		await expect(page.getByRole('heading', { name: 'Notification sent' })).toBeVisible();
		const reference = (await page.getByTestId('reference').textContent())?.trim() ?? '';
		expect(reference).toMatch(/^NTF-\d{4}-\d{4}$/);
		// No personal data in the address bar: only the random id.
		expect(page.url()).not.toMatch(/jamie|example/i);
		await expectAccessible(page);

		await page.getByRole('link', { name: 'Go to my notifications' }).click();
		const row = page.getByRole('row', { name: new RegExp(reference) });
		await expect(row).toContainText('Received');
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page.getByText('You have signed out.')).toBeVisible();

		// The Unit sees it at the top of the queue, flagged, and opens it.
		await login('unit');
		await expect(page.getByRole('heading', { name: 'Triage queue' })).toBeVisible();
		const queueRow = page.getByRole('row', { name: new RegExp(reference) });
		await expect(queueRow).toContainText('Jamie Example');
		await expect(queueRow).toContainText('Other children at risk');
		await expectAccessible(page);
		await queueRow.getByRole('link', { name: reference }).click();
		await expect(page.getByRole('heading', { name: 'Triage', exact: true })).toBeVisible();
		await expect(page.getByText('Other children may be at risk')).toBeVisible();
		await expect(page.getByText('A younger sibling, aged 2')).toBeVisible();
		await expectAccessible(page);
	});

	test.describe('refusals', () => {
		test.use({ expectedConsoleErrors: /status of 403/ });
		test('sign-in errors are summarised and focused; roles are kept to their pages', async ({
			page,
			login
		}) => {
			await page.goto('/sign-in');
			await expectAccessible(page);
			await page.getByRole('button', { name: 'Sign in', exact: true }).click();
			const summary = page.locator('.govuk-error-summary');
			await expect(summary).toBeFocused();
			await expect(summary).toContainText('Enter your email address');
			await expect(summary).toContainText('Enter your password');
			await expectAccessible(page);

			await page.getByLabel('Email address').fill(PERSONAS.unit.email);
			await page.getByLabel('Password').fill('not the password');
			await page.getByRole('button', { name: 'Sign in', exact: true }).click();
			await expect(summary).toContainText('The email address or password is not right');

			await login('practitioner');
			const response = await page.goto('/unit/queue');
			expect(response?.status()).toBe(403);
			await expect(page.getByRole('heading', { name: 'You cannot open this page' })).toBeVisible();
		});
	});
});
