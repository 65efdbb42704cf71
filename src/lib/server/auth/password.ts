import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP minimums the Lucia guide uses: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPasswordHash(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not reveal which email addresses have accounts.
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
	decoy ??= hashPassword('decoy-password-never-matches');
	await verifyPasswordHash(await decoy, password);
}
