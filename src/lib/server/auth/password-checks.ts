/*
 * Password checks run a few at a time (docs/decisions/018). argon2 runs on libuv's small thread
 * pool (4 threads), which file reads and other native work share: a flood of sign-ins, each
 * costing 19 MiB and tens of milliseconds, would otherwise fill it and stall every other
 * request. Checks beyond the limit wait in a bounded queue; beyond that the sign-in is refused
 * as busy, costing nothing. The limit is per process, as the thread pool is.
 */
export const PASSWORD_CHECK_CONCURRENCY = 2;
export const PASSWORD_CHECK_QUEUE = 64;

export class PasswordChecksBusy extends Error {
	constructor() {
		super('too many password checks waiting');
		this.name = 'PasswordChecksBusy';
	}
}

let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

/** Runs `check` when one of the few slots is free; throws PasswordChecksBusy if the queue is full. */
export async function withPasswordCheckSlot<T>(check: () => Promise<T>): Promise<T> {
	if (running >= PASSWORD_CHECK_CONCURRENCY) {
		if (waiting.length >= PASSWORD_CHECK_QUEUE) throw new PasswordChecksBusy();
		await new Promise<void>((resolve) => waiting.push(resolve));
	} else {
		running++;
	}
	peak = Math.max(peak, running);
	try {
		return await check();
	} finally {
		// Hand the slot straight to the next in line, so `running` never dips and lets a newcomer
		// jump the queue.
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

/** The most checks seen running at once since the last reset (for tests and benchmarks). */
export function passwordChecksPeak(reset = false): number {
	const value = peak;
	if (reset) peak = running;
	return value;
}
