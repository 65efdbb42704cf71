import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { signInThrottles } from '../db/schema';

// Failed sign-ins are counted per account and per client address in the database, so every
// server process sees the same counts. Guessing one account's password is slowed hard; one
// address trying many accounts is slowed too, with a higher limit for shared office networks.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const BLOCK_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 30;

export interface ThrottleKeys {
	account: string;
	address: string;
}

/** Keys are hashed so the table holds no email addresses or IP addresses. */
export function throttleKeys(email: string, address: string): ThrottleKeys {
	const h = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
	return { account: h(`account:${email.trim().toLowerCase()}`), address: h(`address:${address}`) };
}

export async function isSignInBlocked(db: Db, keys: ThrottleKeys, now = new Date()) {
	const rows = await db
		.select({ key: signInThrottles.key })
		.from(signInThrottles)
		.where(
			and(
				inArray(signInThrottles.key, [keys.account, keys.address]),
				gt(signInThrottles.blockedUntil, now)
			)
		);
	return rows.length > 0;
}

async function countFailure(db: Db, key: string, limit: number, now: Date) {
	const t = now.getTime();
	const windowStart = t - THROTTLE_WINDOW_MS;
	// One atomic statement: concurrent failures from several processes cannot lose a count.
	await db.run(sql`
		INSERT INTO sign_in_throttles (key, failures, window_started_at, blocked_until)
		VALUES (${key}, 1, ${t}, ${limit <= 1 ? t + BLOCK_MS : null})
		ON CONFLICT(key) DO UPDATE SET
			failures = CASE WHEN window_started_at <= ${windowStart} THEN 1 ELSE failures + 1 END,
			window_started_at = CASE WHEN window_started_at <= ${windowStart} THEN ${t} ELSE window_started_at END,
			blocked_until = CASE
				WHEN (CASE WHEN window_started_at <= ${windowStart} THEN 1 ELSE failures + 1 END) >= ${limit}
				THEN ${t + BLOCK_MS}
				ELSE blocked_until END`);
}

export async function recordSignInFailure(db: Db, keys: ThrottleKeys, now = new Date()) {
	await countFailure(db, keys.account, ACCOUNT_FAILURE_LIMIT, now);
	await countFailure(db, keys.address, ADDRESS_FAILURE_LIMIT, now);
}

/** A successful sign-in clears the account's count (the address keeps its own). */
export async function clearAccountFailures(db: Db, keys: ThrottleKeys) {
	await db.delete(signInThrottles).where(eq(signInThrottles.key, keys.account));
}
