import { expect, type Page } from '@playwright/test';
import { DEMO_PERSONAS } from '../../../src/lib/server/services/users/personas';
import {
	SECOND_FACTOR_ROLES,
	TOTP_PERIOD_SECONDS,
	TOTP_WINDOW_STEPS,
	totpCodeAt,
	totpStep
} from '../../../src/lib/domain/second-factor';

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
 * Each code works once per account, and the tests sign the same person in many times a minute:
 * the steps this process has used are remembered (the browser tests run one at a time), and the
 * next code is the oldest step of the window not used yet. When the window's steps are spent, it
 * waits for the clock to bring a new one, as a person waits for their app's next code.
 */
const lastStepUsed = new Map<string, number>();

export async function nextDemoCode(email: string): Promise<string> {
	for (;;) {
		const current = totpStep(new Date());
		const step = Math.max(current - TOTP_WINDOW_STEPS, (lastStepUsed.get(email) ?? -Infinity) + 1);
		if (step <= current + TOTP_WINDOW_STEPS) {
			lastStepUsed.set(email, step);
			return totpCodeAt(DEMO_PERSONAS.totpSecret, step);
		}
		const msIntoStep = Date.now() % (TOTP_PERIOD_SECONDS * 1000);
		await new Promise((resolve) =>
			setTimeout(resolve, TOTP_PERIOD_SECONDS * 1000 - msIntoStep + 50)
		);
	}
}

/** On the code step's page after a right password: enters the demo secret's next code. */
export async function enterDemoCode(page: Page, email: string) {
	const field = page.getByLabel('Enter the code from your authenticator app');
	await expect(field).toBeVisible();
	await field.fill(await nextDemoCode(email));
	await page.getByRole('button', { name: 'Continue' }).click();
}
