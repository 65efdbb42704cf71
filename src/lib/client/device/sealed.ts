// Everything a practitioner types is stored on the device encrypted with AES-GCM under a key that
// cannot be exported from the browser (WebCrypto, extractable: false). A fresh 96-bit IV per write.

export interface Sealed {
	iv: Uint8Array<ArrayBuffer>;
	data: ArrayBuffer;
}

export function createDeviceKey(): Promise<CryptoKey> {
	return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
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
