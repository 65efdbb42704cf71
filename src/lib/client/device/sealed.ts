// Everything a practitioner types is stored on the device encrypted with AES-GCM under the
// user's device key, with a fresh 96-bit IV per write. The device key is stored only wrapped
// under the user's passcode (device-key.ts, docs/decisions/017-device-passcode.md).

export interface Sealed {
	iv: Uint8Array<ArrayBuffer>;
	data: ArrayBuffer;
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const plain = new TextEncoder().encode(JSON.stringify(value));
	return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain) };
}

export async function unseal<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
	const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
	return JSON.parse(new TextDecoder().decode(plain)) as T;
}
