import { createHash } from 'node:crypto';
import { canonicalJson } from '$lib/domain/canonical-json';

/**
 * SHA-256 (hex) of the canonical content: tells a retried upload from a changed one, and chains
 * the audit trail. Node's native hash: it runs twice for every stored form, and the pure
 * JavaScript SHA-256 it replaced was a measurable share of ingest (docs/decisions/012).
 */
export function contentHash(value: unknown): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
