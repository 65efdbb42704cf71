import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The secret everything the database must not hold in the clear is sealed under
 * (`key-sealing.ts`, docs/decisions/018 and 022): the receipt signing keys and the TOTP secrets.
 * RECEIPT_KEY_SECRET, which production must set (`npm start` refuses to start without it). An
 * embedded database without one (the demo, development, tests) gets a random secret in a file
 * beside it, made on first use, so its keys are still not in the database itself. Callers pass
 * the embedded database's `file:` URL (`fileUrlOf(db)`), or nothing for a libSQL server.
 */
export function receiptKeySecret(databaseFileUrl: string | null | undefined): string {
	const fromEnv = process.env.RECEIPT_KEY_SECRET;
	if (fromEnv !== undefined) {
		if (fromEnv.length < 32) throw new Error('RECEIPT_KEY_SECRET must be at least 32 characters');
		return fromEnv;
	}
	if (!databaseFileUrl)
		throw new Error('Set RECEIPT_KEY_SECRET: the receipt key is sealed under it');
	const path = `${databaseFileUrl.slice('file:'.length)}.receipt-key-secret`;
	if (!existsSync(path)) {
		// 'wx': if another process made it first, theirs is kept and read back below.
		try {
			writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	return readFileSync(path, 'utf8').trim();
}
