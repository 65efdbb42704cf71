import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/** JSON with object keys sorted, so equal content always gives the same bytes on every device. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_k, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

/** SHA-256 of the canonical content: tells a retried upload from a changed one. */
export function contentHash(value: unknown): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalJson(value))));
}
