import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { expect } from 'vitest';
import { Problem } from '$lib/server/infra/problem';
import type { ErrorCode } from '$lib/errors';

/** Awaits a call that must fail with a catalogue code; returns the error for more checks. */
export async function expectProblem(call: Promise<unknown>, code: ErrorCode | 'INVALID_INPUT') {
	const error = await call.then(
		() => {
			throw new Error(`expected ${code}, but the call succeeded`);
		},
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(TRPCError);
	const cause = (error as TRPCError).cause;
	if (code === 'INVALID_INPUT' && cause instanceof ZodError) return cause;
	expect(cause).toBeInstanceOf(Problem);
	expect((cause as Problem).code).toBe(code);
	return cause as Problem;
}
