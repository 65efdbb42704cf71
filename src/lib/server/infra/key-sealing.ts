import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Private keys kept in the database are sealed with AES-256-GCM under a secret that is not in
 * the database (docs/decisions/018): a copy of the database, a backup or a replica alone does
 * not give the key. `label` binds a sealed value to its row (e.g. the key id), so a sealed value
 * moved to another row does not open.
 */

const VERSION = 'v1';

function keyFrom(secret: string): Buffer {
	return Buffer.from(hkdfSync('sha256', secret, 'safeguard-tracker', 'sealed private keys v1', 32));
}

export function seal(secret: string, plaintext: string, label: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
	cipher.setAAD(Buffer.from(label, 'utf8'));
	const body = Buffer.concat([
		cipher.update(plaintext, 'utf8'),
		cipher.final(),
		cipher.getAuthTag()
	]);
	return [VERSION, iv.toString('base64url'), body.toString('base64url')].join('.');
}

export class CannotUnseal extends Error {
	constructor() {
		super('A sealed key could not be opened: the secret is not the one it was sealed with.');
		this.name = 'CannotUnseal';
	}
}

export function unseal(secret: string, sealed: string, label: string): string {
	const [version, iv, body] = sealed.split('.');
	if (version !== VERSION || !iv || !body) throw new CannotUnseal();
	const bytes = Buffer.from(body, 'base64url');
	try {
		const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(iv, 'base64url'));
		decipher.setAAD(Buffer.from(label, 'utf8'));
		decipher.setAuthTag(bytes.subarray(bytes.length - 16));
		return Buffer.concat([
			decipher.update(bytes.subarray(0, bytes.length - 16)),
			decipher.final()
		]).toString('utf8');
	} catch {
		throw new CannotUnseal();
	}
}

/**
 * A sealed value moved from one secret to another (RECEIPT_KEY_SECRET rotated), with a fresh IV.
 * A value already sealed under `to` (a run of the rotation that stopped half way) is left as it
 * is; one that opens under neither throws CannotUnseal.
 */
export function reseal(from: string, to: string, sealed: string, label: string): string {
	let plaintext: string;
	try {
		plaintext = unseal(from, sealed, label);
	} catch (error) {
		if (from !== to && error instanceof CannotUnseal) {
			unseal(to, sealed, label);
			return sealed;
		}
		throw error;
	}
	return seal(to, plaintext, label);
}
