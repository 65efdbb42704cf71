import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, PERSONAS, type Persona } from '../fixtures';
import type { Caller } from '../../support/demo-records';
import { nextDemoCode } from './second-factor';

export {
	notificationForm,
	seedOneOfEverything,
	type SeededRecords
} from '../../support/demo-records';

/**
 * A persona's calls to the API from a browser test, on a request context of its own (its own
 * cookie), so the test's page stays signed out until it logs in. The records themselves are made
 * by tests/support/demo-records.ts.
 */
export class Api implements Caller {
	constructor(readonly request: APIRequestContext) {}

	async signIn(persona: Persona) {
		const { email } = PERSONAS[persona];
		const result = await this.call<{ secondFactor: string | null }>('auth.signIn', {
			email,
			password: DEMO_PASSWORD
		});
		// The Unit's, the Chair's and the administrator's code step (decision 022).
		if (result.secondFactor === 'code') {
			await this.call('auth.secondFactor', { code: await nextDemoCode(email) });
		}
	}

	async call<T = unknown>(procedure: string, input: unknown): Promise<T> {
		const response = await this.request.post(`/api/trpc/${procedure}`, { data: input });
		const body = (await response.json()) as { result?: { data?: T }; error?: unknown };
		if (!response.ok()) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
		return body.result?.data as T;
	}

	async query<T = unknown>(procedure: string, input: unknown = {}): Promise<T> {
		const response = await this.request.get(`/api/trpc/${procedure}`, {
			params: { input: JSON.stringify(input) }
		});
		const body = (await response.json()) as { result?: { data?: T }; error?: unknown };
		if (!response.ok()) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
		return body.result?.data as T;
	}
}
