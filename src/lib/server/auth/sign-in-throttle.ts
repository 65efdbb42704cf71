import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { problem } from '../infra/problem';
import { signInThrottles } from '../db/schema';

/*
 * Sign-in attempts are counted in the database BEFORE the password is checked
 * (docs/decisions/018-accounts-you-can-trust.md): an attempt takes a slot with one atomic
 * statement per key, and only an attempt that got every slot may verify a password. Parallel
 * requests, several server processes and batches all queue on the same rows, so no more guesses
 * are verified than the limits allow. A success gives the slots back.
 *
 * - per account and address pair: a few attempts per window, then that pair waits for the window
 *   to end. This is what stops one attacker guessing one account.
 * - per address, across accounts: a higher ceiling against one address spraying many accounts.
 * - per account, across addresses: a higher ceiling still, and past it a growing delay between
 *   attempts rather than a lock, so someone guessing from many addresses slows to a crawl while
 *   the account's owner can always sign in after a short wait.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const PAIR_ATTEMPT_LIMIT = 5;
export const ADDRESS_ATTEMPT_LIMIT = 100;
export const ACCOUNT_FREE_ATTEMPTS = 20;
/** The first delay past the account's free attempts; each later one doubles, up to the cap. */
export const ACCOUNT_FIRST_DELAY_MS = 1000;
export const ACCOUNT_DELAY_CAP_MS = 5 * 60 * 1000;

export interface ThrottleKeys {
	pair: string;
	account: string;
	address: string;
}

/** Keys are hashed so the table holds no email addresses or IP addresses. */
export function throttleKeys(email: string, address: string): ThrottleKeys {
	const h = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
	const account = email.trim().toLowerCase();
	return {
		pair: h(`pair:${account}\u0000${address}`),
		account: h(`account:${account}`),
		address: h(`address:${address}`)
	};
}

export type AttemptReservation =
	| { allowed: true }
	| { allowed: false; retryAfterMs: number; reason: 'pair' | 'address' | 'account' };

/** Counts one attempt under `key` and answers the count in the current window. */
async function countAttempt(db: Db, key: string, t: number): Promise<{ n: number; since: number }> {
	const windowStart = t - THROTTLE_WINDOW_MS;
	const [row] = await db.all<{ n: number; since: number }>(sql`
		INSERT INTO sign_in_throttles (key, failures, window_started_at, blocked_until)
		VALUES (${key}, 1, ${t}, NULL)
		ON CONFLICT(key) DO UPDATE SET
			failures = CASE WHEN window_started_at <= ${windowStart} THEN 1 ELSE failures + 1 END,
			window_started_at = CASE WHEN window_started_at <= ${windowStart} THEN ${t} ELSE window_started_at END
		RETURNING failures AS n, window_started_at AS since`);
	if (!row) throw new Error('sign-in throttle upsert returned no row');
	return row;
}

/**
 * The account's slot: free for its first attempts in a window, then one attempt per delay, the
 * delay doubling each time. One statement takes the slot and sets the next delay, so two
 * requests cannot both take it; a request that arrives during the delay changes nothing.
 */
async function takeAccountSlot(db: Db, key: string, t: number): Promise<number | null> {
	const windowStart = t - THROTTLE_WINDOW_MS;
	const next = sql`(CASE WHEN window_started_at <= ${windowStart} THEN 1 ELSE failures + 1 END)`;
	const rows = await db.all<{ n: number }>(sql`
		INSERT INTO sign_in_throttles (key, failures, window_started_at, blocked_until)
		VALUES (${key}, 1, ${t}, NULL)
		ON CONFLICT(key) DO UPDATE SET
			failures = ${next},
			window_started_at = CASE WHEN window_started_at <= ${windowStart} THEN ${t} ELSE window_started_at END,
			blocked_until = CASE WHEN ${next} > ${ACCOUNT_FREE_ATTEMPTS}
				THEN ${t} + MIN(${ACCOUNT_DELAY_CAP_MS},
					${ACCOUNT_FIRST_DELAY_MS} << MIN(20, ${next} - ${ACCOUNT_FREE_ATTEMPTS} - 1))
				ELSE NULL END
		WHERE blocked_until IS NULL OR blocked_until <= ${t} OR window_started_at <= ${windowStart}
		RETURNING failures AS n`);
	return rows[0]?.n ?? null;
}

/**
 * Takes a slot for one sign-in attempt before any password is checked. Refused attempts verify
 * nothing; the caller answers them without touching the password.
 */
export async function reserveSignInAttempt(
	db: Db,
	keys: ThrottleKeys,
	now = new Date()
): Promise<AttemptReservation> {
	const t = now.getTime();
	const pair = await countAttempt(db, keys.pair, t);
	if (pair.n > PAIR_ATTEMPT_LIMIT) {
		return { allowed: false, reason: 'pair', retryAfterMs: pair.since + THROTTLE_WINDOW_MS - t };
	}
	const address = await countAttempt(db, keys.address, t);
	if (address.n > ADDRESS_ATTEMPT_LIMIT) {
		return {
			allowed: false,
			reason: 'address',
			retryAfterMs: address.since + THROTTLE_WINDOW_MS - t
		};
	}
	if ((await takeAccountSlot(db, keys.account, t)) === null) {
		const [row] = await db
			.select({ until: signInThrottles.blockedUntil })
			.from(signInThrottles)
			.where(inArray(signInThrottles.key, [keys.account]));
		return {
			allowed: false,
			reason: 'account',
			retryAfterMs: Math.max(1000, (row?.until?.getTime() ?? t) - t)
		};
	}
	return { allowed: true };
}

/**
 * A successful sign-in gives its slots back: the pair and the account start afresh, and the
 * address's count drops by this attempt, so an office of people signing in from one address
 * never reaches its ceiling by succeeding.
 */
export async function releaseOnSuccess(db: Db, keys: ThrottleKeys) {
	await db.delete(signInThrottles).where(inArray(signInThrottles.key, [keys.pair, keys.account]));
	await db.run(sql`
		UPDATE sign_in_throttles SET failures = MAX(0, failures - 1) WHERE key = ${keys.address}`);
}

/** Past the account's free attempts the wait is short and named; elsewhere it is the window. */
export function signInRefusal(reason: 'pair' | 'address' | 'account', retryAfterMs: number) {
	if (reason !== 'account') return problem('SIGN_IN_RATE_LIMITED');
	const seconds = Math.ceil(retryAfterMs / 1000);
	const wait = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
	return problem(
		'SIGN_IN_RATE_LIMITED',
		undefined,
		`Many attempts have been made to sign in to this account. Wait ${wait} and try again, or ask your administrator to reset your password.`
	);
}

/**
 * A password (or code) typed to prove it is still them is a guess like a sign-in: counted first,
 * under the same limits as signing in, so an open session cannot be used to guess the password.
 * A right one (`check` returns) gives the slots back; a wrong one (`check` throws) keeps them.
 */
export async function countedProof<T>(
	db: Db,
	email: string,
	address: string,
	check: () => Promise<T>
): Promise<T> {
	const keys = throttleKeys(email, address);
	const slot = await reserveSignInAttempt(db, keys);
	if (!slot.allowed) throw signInRefusal(slot.reason, slot.retryAfterMs);
	const result = await check();
	await releaseOnSuccess(db, keys);
	return result;
}
