import { expect, type Page } from '@playwright/test';
import { DEMO_PERSONAS } from '../../../src/lib/server/services/users/personas';
import { createClient } from '@libsql/client';
import { E2E_DATABASE_FILE } from '../../../playwright.config';
import { SECOND_FACTOR_ROLES, totpCodeAt, totpStep } from '../../../src/lib/domain/second-factor';

// The code step of the demo's Unit, Chair and administrator (decision 022), in one place for every
// browser test: the code of the published demo secret, as an authenticator app would show it.

const FACTOR_EMAILS = new Set<string>(
	Object.values(DEMO_PERSONAS.people)
		.filter((p) => SECOND_FACTOR_ROLES.includes(p.role))
		.map((p) => p.email)
);

export function needsDemoCode(email: string): boolean {
	return FACTOR_EMAILS.has(email);
}

/**
 * Each code works once per account (the server keeps the last step it accepted), and the tests
 * sign the same person in many times a minute, faster than an app shows new codes. Rather than
 * wait for the clock, the helper moves the account's replay guard back in the test server's
 * database, as the passing of 30 seconds would (as tests/support/callers.ts does for the
 * integration tests), and gives the current step's code. The guard itself is tested without this
 * helper (tests/integration/second-factor.test.ts).
 */
export async function nextDemoCode(
	email: string,
	databaseFile: string = E2E_DATABASE_FILE
): Promise<string> {
	const client = createClient({ url: `file:${databaseFile}` });
	try {
		// The server writes too (its reminders run every second in the tests): wait for its lock.
		await client.execute('PRAGMA busy_timeout = 5000');
		await client.execute({
			sql: `UPDATE second_factors SET last_used_step = NULL
				WHERE user_id = (SELECT id FROM users WHERE email = ?)`,
			args: [email]
		});
	} finally {
		client.close();
	}
	return totpCodeAt(DEMO_PERSONAS.totpSecret, totpStep(new Date()));
}

/** On the code step's page after a right password: enters the demo secret's next code. */
export async function enterDemoCode(page: Page, email: string) {
	const field = page.getByLabel('Enter the code from your authenticator app');
	await expect(field).toBeVisible();
	await field.fill(await nextDemoCode(email));
	await page.getByRole('button', { name: 'Continue' }).click();
}
