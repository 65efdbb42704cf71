import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { fieldErrorsFrom } from './field-errors';

describe('fieldErrorsFrom', () => {
	it('keeps the first message of each field, by its dotted path', () => {
		const schema = z.object({
			children: z.array(z.object({ name: z.string().min(1, 'Enter the name').max(2, 'Too long') }))
		});
		const parsed = schema.safeParse({ children: [{ name: '' }, { name: 'abc' }] });
		expect(fieldErrorsFrom(parsed.error ?? { issues: [] })).toEqual({
			'children.0.name': 'Enter the name',
			'children.1.name': 'Too long'
		});
	});

	it('reads zod/mini issues the same way', () => {
		const parsed = zm.object({ email: zm.string({ error: 'Enter an email' }) }).safeParse({});
		expect(fieldErrorsFrom(parsed.error ?? { issues: [] })).toEqual({ email: 'Enter an email' });
	});

	it('drops a leading segment named `under`, keeping fields outside it', () => {
		const issues = [
			{ path: ['form', 'outline'], message: 'Enter the outline' },
			{ path: ['id'], message: 'Enter a valid identifier' },
			{ path: ['form'], message: 'Enter the form' }
		];
		expect(fieldErrorsFrom({ issues }, { under: 'form' })).toEqual({
			outline: 'Enter the outline',
			id: 'Enter a valid identifier',
			_form: 'Enter the form'
		});
	});

	it('files an issue about the whole input under `whole`', () => {
		const issues = [{ path: [], message: 'Check the details entered' }];
		expect(fieldErrorsFrom({ issues })).toEqual({ _form: 'Check the details entered' });
		expect(fieldErrorsFrom({ issues }, { whole: 'payload' })).toEqual({
			payload: 'Check the details entered'
		});
	});
});
