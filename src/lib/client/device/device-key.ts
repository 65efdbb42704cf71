import type { Sealed } from './sealed';

// The device key is stored only wrapped (encrypted) under a key derived from the passcode the user
// set on this device (docs/decisions/017-device-passcode.md): in memory it is a non-extractable
// CryptoKey, on disk it is never in the clear. A browser writes a stored CryptoKey's raw bytes
// into its profile files, so a key kept as a CryptoKey in IndexedDB would open every record to
// anyone who copies them. Only the lock's pages load this module.

/** The device key as stored: wrapped under the passcode's key, and how to derive that key. */
export interface WrappedDeviceKey {
	/** PBKDF2-SHA-256 salt (16 random bytes) and iterations for the passcode. */
	salt: Uint8Array<ArrayBuffer>;
	iterations: number;
	/** The device key's 32 bytes, AES-GCM-encrypted under the passcode's key. */
	wrapped: Sealed;
}

/**
 * PBKDF2-SHA-256 iterations for a new passcode: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
 * About 65–85 ms in Chromium on the machine of docs/decisions/017; several times that on a
 * phone. Stored with each wrapped key, so it can be raised for new keys later.
 */
export const PASSCODE_ITERATIONS = 600_000;

const AES = { name: 'AES-GCM', length: 256 } as const;

/** The user id is bound to the wrapped key (GCM's additional data): it opens for no one else. */
function wrapParams(iv: Uint8Array<ArrayBuffer>, userId: string): AesGcmParams {
	return { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(`device-key:${userId}`) };
}

async function passcodeKey(passcode: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
	const material = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(passcode.normalize('NFC')),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		AES,
		false,
		['wrapKey', 'unwrapKey']
	);
}

/**
 * A new device key for `userId`, wrapped under `passcode`. Returns what to store and the key to
 * use now; the key in use is non-extractable (the extractable one made to wrap it is dropped).
 */
export async function newDeviceKey(
	userId: string,
	passcode: string,
	iterations = PASSCODE_ITERATIONS
): Promise<{ stored: WrappedDeviceKey; key: CryptoKey }> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const kek = await passcodeKey(passcode, salt, iterations);
	const fresh = await crypto.subtle.generateKey(AES, true, ['encrypt', 'decrypt']);
	const data = await crypto.subtle.wrapKey('raw', fresh, kek, wrapParams(iv, userId));
	const stored: WrappedDeviceKey = { salt, iterations, wrapped: { iv, data } };
	return { stored, key: await unwrapWith(kek, stored, userId) };
}

/** The device key, if `passcode` is the one it was wrapped under; otherwise undefined. */
export async function unwrapDeviceKey(
	stored: WrappedDeviceKey,
	userId: string,
	passcode: string
): Promise<CryptoKey | undefined> {
	const kek = await passcodeKey(passcode, stored.salt, stored.iterations);
	try {
		return await unwrapWith(kek, stored, userId);
	} catch {
		// AES-GCM's tag does not match: another passcode (or another user's record).
		return undefined;
	}
}

function unwrapWith(kek: CryptoKey, stored: WrappedDeviceKey, userId: string) {
	return crypto.subtle.unwrapKey(
		'raw',
		stored.wrapped.data,
		kek,
		wrapParams(stored.wrapped.iv, userId),
		AES,
		false,
		['encrypt', 'decrypt']
	);
}
