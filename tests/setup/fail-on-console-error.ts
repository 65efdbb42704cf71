import { afterEach, beforeEach, vi } from 'vitest';

// A test that prints an error has hidden a failure somewhere: make it fail loudly instead.
let errors: unknown[][] = [];
beforeEach(() => {
	errors = [];
	vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		errors.push(args);
	});
});
afterEach(() => {
	vi.restoreAllMocks();
	if (errors.length > 0) {
		throw new Error(`console.error was called during the test: ${JSON.stringify(errors[0])}`);
	}
});
